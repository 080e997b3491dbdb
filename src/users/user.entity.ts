import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GlobalRole } from '../../workflows/roles';


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

  /** A deactivated user cannot sign in, and their tokens stop working at once. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Moves on at each password change or deactivation: tokens of an older generation are refused. */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
