import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NoticeKind } from './deadline-rules';

/**
 * What the deadline sweep did: one reminder, overdue notice or escalation of one task or gate for one
 * due time. Unique on (kind, subject_type, subject_id, due_at): two sweeps racing on one database
 * write it once, and only the one that wrote it sends the notice.
 */
@Entity('deadline_notice')
export class DeadlineNotice {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  kind!: NoticeKind;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: 'task' | 'gate';

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'jsonb' })
  recipients!: string[];
}
