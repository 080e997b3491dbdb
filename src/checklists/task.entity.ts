import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { TaskStatus } from '../../workflows/checklists';


/** One checklist task of one stage of one engagement, created when the engagement enters the stage. */
@Entity('task')
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  stage!: string;

  /** The checklist key from workflows/checklists.ts. */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'boolean' })
  required!: boolean;

  @Column({ name: 'expected_role', type: 'text' })
  expectedRole!: string;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The task's own version: + 1 on every change. */
  @VersionColumn()
  version!: number;
}
