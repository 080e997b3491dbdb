import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '../clock/clock';
import { Environment } from '../config/environment';
import type { DeliveryChannel, DeliveryResult } from './delivery-channel';
import { Outbox } from './outbox';
import { OutboxAttempt, OutboxDelivery, OutboxRecord } from './outbox.entity';

const DISPATCH_BATCH = 50;
const DELIVERY_BATCH = 20;
/** How long a claim holds beyond the channel's timeout: then another worker may take the delivery over. */
const LEASE_MARGIN_MS = 30_000;

/** Rejects when `work` takes longer than `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Delivers the outbox. Each round, two short transactions and the deliveries between them:
 * 1. dispatch: new messages (`FOR UPDATE SKIP LOCKED`) are fanned out into deliveries by each
 *    channel's `plan`, and marked dispatched;
 * 2. claim: due deliveries (`FOR UPDATE SKIP LOCKED`) are marked `sending` with a lease and one more
 *    attempt, and the transaction ends;
 * 3. deliver: each claimed delivery goes out through its channel OUTSIDE any transaction (the
 *    embedded database has one session: a slow receiver must never hold it), in parallel, each within
 *    its channel's timeout; the attempt is recorded and the delivery marked delivered, rescheduled
 *    (backoff) or failed.
 * Several server processes on one database share the work: SKIP LOCKED gives each row to one of them,
 * and an expired lease (a process that died mid-delivery) lets another take it over — at least once.
 *
 * Runs in-process: polling every OUTBOX_POLL_MS and nudged after each commit that wrote messages;
 * OUTBOX_POLL_MS=0 leaves it off (the tests), and `drain()` runs it to the end on demand.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly channels = new Map<string, DeliveryChannel>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private queued = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly env: Environment,
  ) {}

  /** A channel the messages go out through (in-app, e-mail, webhooks). */
  useChannel(channel: DeliveryChannel): void {
    if (this.channels.has(channel.name)) throw new Error(`Delivery channel ${channel.name} is registered twice`);
    this.channels.set(channel.name, channel);
  }

  onApplicationBootstrap(): void {
    if (this.env.OUTBOX_POLL_MS > 0) this.start(this.env.OUTBOX_POLL_MS);
  }

  start(pollMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.unsubscribe = this.outbox.onNudge(() => this.kick());
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.running;
  }

  /** Runs rounds until nothing is left to dispatch and nothing is due (retries scheduled later wait). */
  drain(): Promise<void> {
    const run = this.running.then(() => this.drainNow());
    this.running = run.catch(() => undefined);
    return run;
  }

  private kick(): void {
    if (this.queued || !this.timer) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.drain().catch((error: Error) => this.logger.error(`outbox round failed: ${error.message}`));
    });
  }

  private async drainNow(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const dispatched = await this.dispatch();
      const delivered = await this.deliverDue();
      if (dispatched + delivered === 0) return;
    }
  }

  /** New messages → deliveries, one per channel and recipient (or target). */
  private dispatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `SELECT id FROM outbox_message WHERE dispatched_at IS NULL ORDER BY id LIMIT ${DISPATCH_BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const messages = await tx.getRepository(OutboxRecord).find({ where: { id: In(rows.map((r) => String(r.id))) }, order: { id: 'ASC' } });
      const now = this.clock.now();
      for (const message of messages) {
        for (const channel of this.channels.values()) {
          const planned = await channel.plan(tx, message);
          if (planned.length === 0) continue;
          await tx.getRepository(OutboxDelivery).insert(
            planned.map((p) => ({
              messageId: message.id,
              channel: channel.name,
              recipientId: p.recipientId ?? null,
              target: p.target ?? null,
              status: 'pending' as const,
              attempts: 0,
              nextAttemptAt: now,
            })),
          );
        }
      }
      await tx.getRepository(OutboxRecord).update({ id: In(messages.map((m) => m.id)) }, { dispatchedAt: now });
      return messages.length;
    });
  }

  /** Claims due deliveries in a short transaction, then delivers them outside it. */
  private async deliverDue(): Promise<number> {
    const names = [...this.channels.keys()];
    if (names.length === 0) return 0;
    const now = this.clock.now();
    const claimed = await this.db.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `SELECT id FROM outbox_delivery
          WHERE channel = ANY($1) AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND locked_until <= $2))
          ORDER BY next_attempt_at, id LIMIT ${DELIVERY_BATCH} FOR UPDATE SKIP LOCKED`,
        [names, now],
      );
      if (rows.length === 0) return [];
      const deliveries = await tx.getRepository(OutboxDelivery).findBy({ id: In(rows.map((r) => String(r.id))) });
      for (const d of deliveries) {
        d.status = 'sending';
        d.attempts += 1;
        d.lockedUntil = new Date(now.getTime() + (this.channels.get(d.channel) as DeliveryChannel).timeoutMs + LEASE_MARGIN_MS);
        await tx.getRepository(OutboxDelivery).update({ id: d.id }, { status: d.status, attempts: d.attempts, lockedUntil: d.lockedUntil });
      }
      const messages = await tx.getRepository(OutboxRecord).findBy({ id: In([...new Set(deliveries.map((d) => d.messageId))]) });
      return deliveries.map((d) => ({ delivery: d, message: messages.find((m) => m.id === d.messageId) as OutboxRecord }));
    });
    await Promise.all(claimed.map(({ delivery, message }) => this.deliverOne(delivery, message)));
    return claimed.length;
  }

  private async deliverOne(delivery: OutboxDelivery, message: OutboxRecord): Promise<void> {
    const channel = this.channels.get(delivery.channel) as DeliveryChannel;
    const startedAt = this.clock.now();
    const started = performance.now();
    let result: DeliveryResult;
    try {
      result = await within(channel.deliver(delivery, message), channel.timeoutMs);
    } catch (error) {
      result = { outcome: 'failed', error: (error as Error).message };
    }
    const durationMs = Math.round(performance.now() - started);
    const now = this.clock.now();
    const error = result.outcome === 'failed' ? result.error.slice(0, 2000) : null;
    const failed = error !== null;
    const last = result.outcome === 'failed' && (result.final === true || delivery.attempts >= channel.maxAttempts);
    await this.db.transaction(async (tx) => {
      await tx.getRepository(OutboxAttempt).insert({
        deliveryId: delivery.id,
        attempt: delivery.attempts,
        startedAt,
        durationMs,
        outcome: result.outcome,
        responseCode: result.responseCode ?? null,
        error,
      });
      // Only while the claim is still ours: a takeover after an expired lease has counted another attempt.
      await tx.getRepository(OutboxDelivery).update(
        { id: delivery.id, attempts: delivery.attempts, status: 'sending' },
        failed
          ? {
              status: last ? 'failed' : 'pending',
              nextAttemptAt: last ? now : new Date(now.getTime() + channel.retryDelayMs(delivery.attempts)),
              lockedUntil: null,
              lastError: error,
            }
          : { status: result.outcome as 'delivered' | 'logged', deliveredAt: now, lockedUntil: null, lastError: null },
      );
    });
    if (failed) {
      const what = `${delivery.channel} delivery ${delivery.id} of ${message.type} (attempt ${delivery.attempts})`;
      this.logger.warn(last ? `${what} failed for good: ${error}` : `${what} failed, retrying later: ${error}`);
    }
  }
}
