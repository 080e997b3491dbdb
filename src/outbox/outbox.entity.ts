import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One engagement event written by the change that caused it, in that change's transaction: a change
 * that rolls back leaves none. The worker fans it out into deliveries (`dispatchedAt` set then).
 */
@Entity('outbox_message')
export class OutboxRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The event's stable id: a webhook delivery's `id` (the same on every retry). */
  @Column({ name: 'event_id', type: 'uuid', insert: false, update: false })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  /** Whoever caused it; null for the deadline sweep. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'text' })
  message!: string;

  /** The people to tell (user ids), the actor already taken out. */
  @Column({ type: 'jsonb' })
  recipients!: string[];

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
}

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'logged', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message to one place by one channel (in-app to a person, e-mail to a person, a webhook later):
 * claimed by a worker (`sending`, with a lease), delivered outside any transaction, then marked
 * `delivered` (or `logged`: e-mail without a mail server), rescheduled, or `failed` after the
 * channel's last attempt.
 */
@Entity('outbox_delivery')
export class OutboxDelivery {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'message_id', type: 'bigint' })
  messageId!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'recipient_id', type: 'uuid', nullable: true })
  recipientId!: string | null;

  /** The channel's own address when it is not a person (a webhook's id). */
  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ type: 'text' })
  status!: DeliveryStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /** While `sending`: the key of the claiming worker's advisory lock (src/outbox/worker-lock.ts). */
  @Column({ name: 'locked_by', type: 'integer', nullable: true })
  lockedBy!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}

/** One try of one delivery: when, how long, what came of it (a webhook's response code). */
@Entity('outbox_attempt')
export class OutboxAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'delivery_id', type: 'bigint' })
  deliveryId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'text' })
  outcome!: 'delivered' | 'logged' | 'failed';

  @Column({ name: 'response_code', type: 'integer', nullable: true })
  responseCode!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
