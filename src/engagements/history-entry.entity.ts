import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per change applied to an engagement: roadmap events, and every other write
 * (members, tasks, KPI values, targets…). Append-only: the database refuses UPDATE and DELETE.
 */
@Entity('engagement_history')
export class HistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  from!: string | null;

  @Column({ name: 'to_state', type: 'text', nullable: true })
  to!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  payload!: Record<string, unknown>;

  /** The engagement's version after this change. */
  @Column({ type: 'integer' })
  version!: number;
}
