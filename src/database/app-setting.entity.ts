import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Server-wide settings kept in the database (e.g. the generated JWT signing key). */
@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
