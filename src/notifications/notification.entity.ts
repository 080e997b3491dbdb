import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One in-app notification of one person, delivered from the outbox (one per message and person). */
@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The order notifications arrived in (keyset pages). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'message_id', type: 'bigint' })
  messageId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}

export const NOTIFICATION_CHANNELS = ['in_app', 'email'] as const;
export type NotificationChannelChoice = (typeof NOTIFICATION_CHANNELS)[number];

/** How a person wants to be told of one notification type: in-app only (the default), or e-mail too. */
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  channel!: NotificationChannelChoice;
}
