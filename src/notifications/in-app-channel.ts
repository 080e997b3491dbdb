import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { backoff, type DeliveryChannel, type DeliveryResult, type PlannedDelivery } from '../outbox/delivery-channel';
import { OutboxWorker } from '../outbox/outbox-worker';
import type { OutboxDelivery, OutboxRecord } from '../outbox/outbox.entity';

/**
 * In-app notifications: one row per message and recipient in `notification`. Delivering twice (a
 * takeover after an expired lease) writes one row: the pair is unique.
 */
@Injectable()
export class InAppChannel implements DeliveryChannel, OnModuleInit {
  readonly name = 'in_app';
  readonly maxAttempts = 10;
  readonly timeoutMs: number = 10_000;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly worker: OutboxWorker,
  ) {}

  onModuleInit(): void {
    this.worker.useChannel(this);
  }

  retryDelayMs(attempt: number): number {
    return backoff(1_000, attempt);
  }

  plan(_tx: EntityManager, message: OutboxRecord): Promise<PlannedDelivery[]> {
    return Promise.resolve(message.recipients.map((recipientId) => ({ recipientId })));
  }

  async deliver(delivery: OutboxDelivery, message: OutboxRecord): Promise<DeliveryResult> {
    await this.db.query(
      `INSERT INTO notification (user_id, message_id, type, engagement_id, message, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ON CONSTRAINT notification_once DO NOTHING`,
      [delivery.recipientId, message.id, message.type, message.engagementId, message.message, message.occurredAt],
    );
    return { outcome: 'delivered' };
  }
}
