import type { EntityManager } from 'typeorm';
import type { OutboxDelivery, OutboxRecord } from './outbox.entity';

/** One delivery a channel plans for a message: to a person, or to its own target (a webhook's id). */
export interface PlannedDelivery {
  recipientId?: string | null;
  target?: string | null;
}

/** What came of one attempt. `logged`: kept and written to the log instead (e-mail without SMTP_URL). */
export type DeliveryResult =
  | { outcome: 'delivered' | 'logged'; responseCode?: number }
  | { outcome: 'failed'; error: string; responseCode?: number; /** no point retrying */ final?: boolean };

/**
 * A way out of the outbox. The worker asks each channel, in a short transaction, which deliveries a
 * new message needs (`plan`: read preferences or subscriptions with `tx`), then calls `deliver` for
 * each one OUTSIDE any transaction — a slow receiver never holds a database session — and records
 * each attempt (`outbox_attempt`). A failed attempt is retried after `retryDelayMs(attempt)` until
 * `maxAttempts`. Channels register themselves with `OutboxWorker.useChannel` (in-app and e-mail:
 * src/notifications; webhooks plug in the same way).
 */
export interface DeliveryChannel {
  readonly name: string;
  readonly maxAttempts: number;
  /** The wait before the next try after the given failed attempt (1 = the first). */
  retryDelayMs(attempt: number): number;
  /** How long one attempt may take before it counts as failed. */
  readonly timeoutMs: number;
  plan(tx: EntityManager, message: OutboxRecord): Promise<PlannedDelivery[]>;
  deliver(delivery: OutboxDelivery, message: OutboxRecord): Promise<DeliveryResult>;
}

/** Doubling from `baseMs`, with up to 20 % jitter so that retries of many deliveries spread out. */
export function backoff(baseMs: number, attempt: number, random: () => number = Math.random): number {
  const plain = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(plain * (1 + 0.2 * random()));
}
