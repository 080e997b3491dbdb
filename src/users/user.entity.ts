import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const GLOBAL_ROLES = ['admin', 'programme_manager', 'member'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

/** A person who signs in: U4SSC staff, city staff, verifiers, stakeholders. */
@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: GlobalRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
