import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { Environment } from '../config/environment';
import { backoff, type DeliveryChannel, type DeliveryResult, type PlannedDelivery } from '../outbox/delivery-channel';
import { OutboxWorker } from '../outbox/outbox-worker';
import type { OutboxDelivery, OutboxRecord } from '../outbox/outbox.entity';
import { type AllowList, parseAllowList } from './address-policy';
import { AddressRefused, guardedPost } from './guarded-post';
import { openSecret, signatureHeader } from './signing';

/** Tries per delivery: the first and 7 retries (base 10 s: about 21 minutes from first try to last). */
export const WEBHOOK_MAX_ATTEMPTS = 8;

/** What a receiver gets (API.md): `{id, type, occurredAt, engagementId, data}`. */
export function deliveryBody(message: OutboxRecord): string {
  return JSON.stringify({
    id: message.eventId,
    type: message.type,
    occurredAt: new Date(message.occurredAt).toISOString(),
    engagementId: message.engagementId,
    data: message.data,
  });
}

/**
 * Webhooks as an outbox channel. `plan` (in the worker's dispatch transaction) finds the live
 * subscriptions for the message's engagement (or the whole portfolio) and type (or `*`): one
 * delivery each, target = the subscription's id. `deliver` (outside any transaction) signs and POSTs
 * the body through `guardedPost`: 2xx delivered; anything else — another status, a 3xx (redirects are
 * not followed), a timeout, a refused address — a failed attempt, retried after
 * backoff(WEBHOOK_RETRY_BASE_MS, attempt) until WEBHOOK_MAX_ATTEMPTS. The delivery id (`U4SSC-Delivery`,
 * the body's `id`) is the outbox message's event id: the same on every retry.
 */
@Injectable()
export class WebhookChannel implements DeliveryChannel, OnModuleInit {
  readonly name = 'webhook';
  readonly maxAttempts = WEBHOOK_MAX_ATTEMPTS;
  readonly timeoutMs: number;
  private readonly allow: AllowList;
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly worker: OutboxWorker,
    private readonly clock: Clock,
    private readonly env: Environment,
  ) {
    this.allow = parseAllowList(env.WEBHOOK_ALLOW_HOSTS);
    // The request aborts itself at WEBHOOK_TIMEOUT_MS; the worker's own limit only backs that up.
    this.timeoutMs = env.WEBHOOK_TIMEOUT_MS + 1_000;
  }

  onModuleInit(): void {
    this.worker.useChannel(this);
    if (!this.env.WEBHOOK_SECRET_KEY) this.logger.warn('WEBHOOK_SECRET_KEY is not set: webhook secrets are stored unencrypted');
  }

  retryDelayMs(attempt: number): number {
    return backoff(this.env.WEBHOOK_RETRY_BASE_MS, attempt);
  }

  async plan(tx: EntityManager, message: OutboxRecord): Promise<PlannedDelivery[]> {
    const rows = (await tx.query(
      `SELECT id FROM webhook
        WHERE deleted_at IS NULL AND (engagement_id IS NULL OR engagement_id = $1) AND ($2 = ANY(events) OR '*' = ANY(events))
        ORDER BY created_at, id`,
      [message.engagementId, message.type],
    )) as { id: string }[];
    return rows.map((r) => ({ target: r.id }));
  }

  async deliver(delivery: OutboxDelivery, message: OutboxRecord): Promise<DeliveryResult> {
    const [hook] = (await this.db.query(`SELECT url, secret_sealed, deleted_at FROM webhook WHERE id = $1`, [delivery.target])) as {
      url: string;
      secret_sealed: string;
      deleted_at: Date | null;
    }[];
    if (!hook || hook.deleted_at) return { outcome: 'failed', error: 'the webhook was deleted', final: true };
    const body = deliveryBody(message);
    const t = Math.floor(this.clock.now().getTime() / 1000);
    const headers = {
      'U4SSC-Delivery': message.eventId,
      'U4SSC-Event': message.type,
      'U4SSC-Signature': signatureHeader(openSecret(hook.secret_sealed, this.env.WEBHOOK_SECRET_KEY), t, body),
    };
    try {
      const answer = await guardedPost(hook.url, body, headers, { allow: this.allow, timeoutMs: this.env.WEBHOOK_TIMEOUT_MS });
      if (answer.status >= 200 && answer.status < 300) return { outcome: 'delivered', responseCode: answer.status };
      const why = answer.status >= 300 && answer.status < 400 ? 'a redirect (not followed)' : `HTTP ${answer.status}`;
      return { outcome: 'failed', responseCode: answer.status, error: answer.snippet ? `${why}: ${answer.snippet}` : why };
    } catch (error) {
      const refused = error instanceof AddressRefused;
      return { outcome: 'failed', error: refused ? `refused: ${(error as Error).message}` : (error as Error).message };
    }
  }
}
