import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One webhook subscription (migrations/1764900000005-Webhooks.ts). */
@Entity('webhook')
export class Webhook {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  url!: string;

  /** Event types (src/outbox/outbox-message.ts OUTBOX_EVENT_TYPES), or ['*'] for all. */
  @Column({ type: 'text', array: true })
  events!: string[];

  /** The signing secret as stored (src/webhooks/signing.ts sealSecret): never returned by a route. */
  @Column({ name: 'secret_sealed', type: 'text', select: false })
  secretSealed!: string;

  /** null: every engagement (portfolio-wide). */
  @Column({ name: 'engagement_id', type: 'uuid', nullable: true })
  engagementId!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
