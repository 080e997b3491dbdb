import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { EntityRows, rowsOf } from '../common/entity-rows';
import { Environment } from '../config/environment';
import type { DeliveryChannel, DeliveryResult } from './delivery-channel';
import { Outbox } from './outbox';
import { OutboxAttempt, OutboxDelivery, OutboxRecord } from './outbox.entity';
import { WorkerLock, workerGone } from './worker-lock';

const DISPATCH_BATCH = 50;
/** Delivery rows per insert statement (7 parameters each). */
const DELIVERY_INSERT_CHUNK = 1000;
/** Deliveries of one channel in flight at once in one process: in-app and e-mail never wait behind webhooks. */
const SLOTS_PER_CHANNEL = 32;
/** Deliveries to one target (a webhook) in flight at once in one process: a receiver that hangs holds no more. */
const SLOTS_PER_TARGET = 2;
/** How long a claim holds beyond the channel's timeout: then another worker may take the delivery over. */
const LEASE_MARGIN_MS = 30_000;
/** How long shutdown waits for the deliveries in flight; one cut off is taken over when its lease runs out. */
const SHUTDOWN_WAIT_MS = 10_000;

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
 * What a pump does. `all`: dispatch, then claim every channel until nothing is left (the poll, a
 * retry falling due, drain). Otherwise only what the kicks asked for: dispatch after a commit wrote
 * messages, then claim the channels the dispatch gave deliveries to; claim a channel whose delivery
 * just finished (a slot came free). An event with nobody to tell costs one dispatch and no claims.
 */
interface PumpWork {
  all: boolean;
  dispatch: boolean;
  channels: Set<string>;
}

/** A delivery this process has claimed and not finished: what its slots are counted by. */
interface InFlight {
  channel: string;
  target: string | null;
  done: Promise<void>;
}

/**
 * Delivers the outbox. A pump — one at a time — repeats two short transactions until neither finds work:
 * 1. dispatch: new messages (`FOR UPDATE SKIP LOCKED`) are fanned out into deliveries by each
 *    channel's `plan`, and marked dispatched;
 * 2. claim, per channel, as many due deliveries as the channel has free slots, in one `UPDATE …
 *    RETURNING` (`FOR UPDATE SKIP LOCKED`, leaving out the targets whose slots are full): each is
 *    marked `sending` with one more attempt, a lease of its channel's timeout plus a margin, and this
 *    worker's key (`locked_by`, see WorkerLock).
 * Each claimed delivery then goes out on its own through its channel OUTSIDE any transaction (the
 * embedded database has one session: a slow receiver must never hold it), within the channel's
 * timeout; its attempt is recorded and it is marked delivered, rescheduled (backoff) or failed.
 * Nothing waits for a batch: a delivery that finishes frees its slot and runs the pump again.
 *
 * Slots bound what one slow receiver can hold up: SLOTS_PER_CHANNEL deliveries of a channel in flight
 * (in-app and e-mail never queue behind webhooks) and SLOTS_PER_TARGET to one target (a webhook that
 * hangs holds two slots, its other deliveries wait, every other webhook goes on). Slots are this
 * process's own. Several server processes on one database share the work: SKIP LOCKED gives each row
 * to one of them. A delivery whose worker died mid-delivery (kill -9: its advisory lock went with its
 * session) is taken over by the next claim of any worker, a restarted one included; an expired lease
 * (a worker alive but stuck) lets another take it over too — at least once. A finish that comes after its lease was taken over still records its attempt.
 *
 * Runs in-process: the pump runs every OUTBOX_POLL_MS, after each commit that wrote messages (a nudge),
 * when a delivery finishes and when a retry this process scheduled falls due. OUTBOX_POLL_MS=0 leaves
 * it off (the tests): `drain()` then runs it to the end on demand. Shutdown waits for the deliveries
 * in flight (SHUTDOWN_WAIT_MS at most).
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly channels = new Map<string, DeliveryChannel>();
  /** By delivery id. */
  private readonly inFlight = new Map<string, InFlight>();
  /** Timers of the retries this process scheduled. */
  private readonly wakes = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly messageRows: EntityRows<OutboxRecord>;
  private readonly deliveryRows: EntityRows<OutboxDelivery>;
  /** What the next pump has to do, gathered from the kicks since the last one began; null: no pump waits its turn. */
  private queued: PumpWork | null = null;
  /** The pumps, one after the other. */
  private pumps: Promise<unknown> = Promise.resolve();
  /** This process's proof of life, named in each delivery it claims. */
  private readonly lock: WorkerLock;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly env: Environment,
  ) {
    this.messageRows = new EntityRows(db, OutboxRecord, 'm');
    this.deliveryRows = new EntityRows(db, OutboxDelivery, 'd');
    this.lock = new WorkerLock(db, env.DATABASE_URL);
  }

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
    this.timer = setInterval(() => this.kick({ all: true }), pollMs);
    this.unsubscribe = this.outbox.onNudge(() => this.kick({ dispatch: true }));
    this.kick({ all: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const wake of this.wakes) clearTimeout(wake);
    this.wakes.clear();
    this.unsubscribe?.();
    await this.pumps;
    const left = [...this.inFlight.values()].map((f) => f.done);
    await within(Promise.all(left), SHUTDOWN_WAIT_MS).catch(() =>
      this.logger.warn(`shutting down with ${this.inFlight.size} deliveries in flight: another worker takes them over`),
    );
    await this.lock.release();
  }

  /**
   * Runs the pump and waits for what it started, again and again, until a pump that found nothing in
   * flight starts nothing: nothing is left to dispatch or due (retries scheduled later wait).
   */
  async drain(): Promise<void> {
    for (;;) {
      const settled = await this.inTurn(async () => {
        const idle = this.inFlight.size === 0;
        return (await this.pump({ all: true, dispatch: true, channels: new Set() })) === 0 && idle;
      });
      if (settled) return;
      if (this.inFlight.size > 0) await Promise.race([...this.inFlight.values()].map((f) => f.done));
    }
  }

  /** Resolves once the pumps begun or waiting and the deliveries in flight have finished (runs no pump itself). */
  async settled(): Promise<void> {
    for (;;) {
      await this.pumps;
      if (this.inFlight.size === 0 && this.queued === null) return;
      await Promise.all([...this.inFlight.values()].map((f) => f.done));
    }
  }

  /** Runs the pump soon for `work`, if the worker is started: kicks before it begins join one pump. */
  private kick(work: { all?: boolean; dispatch?: boolean; channel?: string }): void {
    if (!this.timer) return;
    const waiting = this.queued;
    const queued = waiting ?? { all: false, dispatch: false, channels: new Set<string>() };
    queued.all ||= work.all === true;
    queued.dispatch ||= work.dispatch === true;
    if (work.channel) queued.channels.add(work.channel);
    if (waiting) return;
    this.queued = queued;
    this.inTurn(() => {
      this.queued = null;
      return this.pump(queued);
    }).catch((error: Error) => this.logger.error(`outbox pump failed: ${error.message}`));
  }

  /** `work` after every pump before it: one claims at a time, so that slots are counted right. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.pumps.then(work);
    this.pumps = run.catch(() => undefined);
    return run;
  }

  /**
   * Does `work` (PumpWork); with `all`, dispatches and claims until neither finds anything. Returns
   * how many deliveries it started.
   */
  private async pump(work: PumpWork): Promise<number> {
    let started = 0;
    for (;;) {
      const { dispatched, planned } = work.all || work.dispatch ? await this.dispatch() : { dispatched: 0, planned: new Set<string>() };
      let claimed = 0;
      for (const channel of this.channels.values()) {
        if (work.all || planned.has(channel.name) || work.channels.has(channel.name)) claimed += await this.claimAndStart(channel);
      }
      started += claimed;
      // A full batch may have left messages behind; otherwise a commit since has nudged a pump of its own.
      if (work.all ? dispatched + claimed === 0 : dispatched < DISPATCH_BATCH) return started;
      work = { all: work.all, dispatch: true, channels: new Set() };
    }
  }

  /** New messages → deliveries, one per channel and recipient (or target); says which channels got some. */
  private dispatch(): Promise<{ dispatched: number; planned: Set<string> }> {
    return this.db.transaction(async (tx) => {
      // Claimed and marked dispatched in one statement; the deliveries are written in the same transaction.
      const now = this.clock.now();
      const claimed = await rowsOf(
        tx,
        `UPDATE outbox_message m SET dispatched_at = $1
          WHERE m.id IN (SELECT id FROM outbox_message WHERE dispatched_at IS NULL ORDER BY id LIMIT ${DISPATCH_BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING ${this.messageRows.selectList}`,
        [now],
      );
      const messages = claimed
        .map((row) => this.messageRows.from(row) as OutboxRecord)
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      const planned = new Set<string>();
      if (messages.length === 0) return { dispatched: 0, planned };
      const deliveries: Partial<OutboxDelivery>[] = [];
      for (const message of messages) {
        for (const channel of this.channels.values()) {
          for (const p of await channel.plan(tx, message)) {
            planned.add(channel.name);
            deliveries.push({ messageId: message.id, channel: channel.name, recipientId: p.recipientId ?? null, target: p.target ?? null, status: 'pending', attempts: 0, nextAttemptAt: now });
          }
        }
      }
      // In chunks: a batch of messages that tells many people could pass PostgreSQL's 65,535 parameters in one insert.
      for (let i = 0; i < deliveries.length; i += DELIVERY_INSERT_CHUNK) await tx.getRepository(OutboxDelivery).insert(deliveries.slice(i, i + DELIVERY_INSERT_CHUNK));
      return { dispatched: messages.length, planned };
    });
  }

  /**
   * Claims due deliveries of `channel` for its free slots, in one statement, and starts each outside
   * any transaction. Due: pending and past their time, or `sending` under a lease that ran out or
   * whose worker is gone (its lock released: the process died). Left out: targets whose slots are
   * full, and deliveries in flight here (a lease that seems expired because a test moved the clock is
   * still ours). Within the batch, a target gets no more than its free slots (ranked by due time).
   */
  private async claimAndStart(channel: DeliveryChannel): Promise<number> {
    const mine = [...this.inFlight.entries()].filter(([, f]) => f.channel === channel.name);
    const free = SLOTS_PER_CHANNEL - mine.length;
    if (free <= 0) return 0;
    const busy = new Map<string, number>();
    for (const [, f] of mine) if (f.target !== null) busy.set(f.target, (busy.get(f.target) ?? 0) + 1);
    const full = [...busy].filter(([, n]) => n >= SLOTS_PER_TARGET).map(([target]) => target);
    const key = await this.lock.current();
    const now = this.clock.now();
    const lockedUntil = new Date(now.getTime() + channel.timeoutMs + LEASE_MARGIN_MS);
    const rows = await rowsOf(
      this.db,
      `WITH due AS (
         SELECT id, target, next_attempt_at FROM outbox_delivery
          WHERE channel = $1
            AND ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'sending' AND (locked_until <= $2 OR ${workerGone('locked_by')})))
            AND (target IS NULL OR NOT (target = ANY($3::text[]))) AND NOT (id = ANY($4::bigint[]))
          ORDER BY next_attempt_at, id LIMIT ${free} FOR UPDATE SKIP LOCKED),
       ranked AS (
         SELECT due.id, due.target, row_number() OVER (PARTITION BY due.target ORDER BY due.next_attempt_at, due.id) + coalesce(b.n, 0) AS slot
           FROM due LEFT JOIN unnest($5::text[], $6::int[]) AS b(target, n) ON b.target = due.target)
       UPDATE outbox_delivery d SET status = 'sending', attempts = d.attempts + 1, locked_until = $7, locked_by = $8
         FROM ranked, outbox_message m
        WHERE d.id = ranked.id AND (ranked.target IS NULL OR ranked.slot <= ${SLOTS_PER_TARGET}) AND m.id = d.message_id
       RETURNING ${this.deliveryRows.selectList}, ${this.messageRows.selectList}`,
      [channel.name, now, full, mine.map(([id]) => id), [...busy.keys()], [...busy.values()], lockedUntil, key],
    );
    const claimed = rows.map((row) => ({ delivery: this.deliveryRows.from(row) as OutboxDelivery, message: this.messageRows.from(row) as OutboxRecord }));
    for (const { delivery, message } of claimed) {
      const done = this.deliverOne(delivery, message)
        .catch((error: Error) => this.logger.error(`${delivery.channel} delivery ${delivery.id}: recording the attempt failed: ${error.message}`))
        .finally(() => {
          this.inFlight.delete(delivery.id);
          this.kick({ channel: delivery.channel });
        });
      this.inFlight.set(delivery.id, { channel: delivery.channel, target: delivery.target, done });
    }
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
    const retryAt = new Date(now.getTime() + channel.retryDelayMs(delivery.attempts));
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
              nextAttemptAt: last ? now : retryAt,
              lockedUntil: null,
              lockedBy: null,
              lastError: error,
            }
          : { status: result.outcome as 'delivered' | 'logged', deliveredAt: now, lockedUntil: null, lockedBy: null, lastError: null },
      );
    });
    if (failed && !last) this.wakeAt(retryAt);
    if (failed) {
      const what = `${delivery.channel} delivery ${delivery.id} of ${message.type} (attempt ${delivery.attempts})`;
      this.logger.warn(last ? `${what} failed for good: ${error}` : `${what} failed, retrying later: ${error}`);
    }
  }

  /** Runs the pump when a retry falls due (the poll finds the others: other processes', those before a restart). */
  private wakeAt(at: Date): void {
    if (!this.timer) return;
    const wake = setTimeout(() => {
      this.wakes.delete(wake);
      this.kick({ all: true });
    }, Math.max(0, at.getTime() - this.clock.now().getTime()));
    this.wakes.add(wake);
  }
}
