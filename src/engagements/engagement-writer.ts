import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EngagementPart } from '../../workflows/gate-criteria';
import { conflict, notFound } from '../common/api-error';
import { Outbox } from '../outbox/outbox';
import type { OutboxMessage } from '../outbox/outbox-message';
import { EntityRows, rowsOf } from '../common/entity-rows';
import { Engagement } from './engagement.entity';
import { ReviewFreeze } from './review-freeze';

/** A change to record in the engagement's history. */
export interface HistoryNote {
  type: string;
  from?: string | null;
  to?: string | null;
  payload?: Record<string, unknown>;
}

export interface EngagementChange<T> {
  /** What the caller gets back (computed inside the transaction, before the version bump). */
  result: T;
  history: HistoryNote[];
  /**
   * Engagement events and the people to tell, written to the outbox in the same transaction (a change
   * that rolls back sends nothing) and delivered after commit. Whoever makes the change is never told.
   */
  outbox?: OutboxMessage[];
  /** Columns of the engagement row to change with the version bump (snapshot, stage, step…). */
  patch?: EngagementPatch;
}

/** The columns of the engagement row a change may set with the version bump. */
export type EngagementPatch = Partial<Pick<Engagement, 'snapshot' | 'stage' | 'step' | 'machineVersion' | 'title' | 'managerId'>>;

export const staleVersion = (currentVersion: number, expected: number) =>
  conflict('STALE_VERSION', `The engagement is at version ${currentVersion}, not ${expected}: reload it and try again`, {
    currentVersion,
  });

export interface ChangeOptions {
  /**
   * The part of the engagement the change writes. Named, it is refused where the engagement is
   * read-only (409 ENGAGEMENT_CLOSED) or where an open gate decides on it (409 IN_REVIEW); roadmap
   * events name none: the machine decides those.
   */
  part?: EngagementPart;
}

/**
 * The one way to change an engagement. In a single transaction: lock the engagement row, check the
 * caller's expected version (compare-and-set) and whether the part written may change now, let
 * `work` make its change with the transaction's manager, bump `version`, append the history rows and
 * the outbox messages. Any error rolls everything back. After commit, the outbox worker is nudged.
 */
@Injectable()
export class EngagementWriter {
  private readonly rows: EntityRows<Engagement>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly freeze: ReviewFreeze,
    private readonly outbox: Outbox,
  ) {
    this.rows = new EntityRows(db, Engagement, 'e');
  }

  /**
   * Compare-and-set: the patched columns and the next version, only where the version is still the
   * one read under the lock; returns the new updated_at.
   */
  private async bump(tx: EntityManager, engagement: Engagement, patch: EngagementPatch, nextVersion: number): Promise<Date> {
    const metadata = this.db.getMetadata(Engagement);
    const params: unknown[] = [engagement.id, engagement.version, nextVersion];
    // A property left undefined is not written (as TypeORM's update left it), null is.
    const sets = Object.entries(patch).filter(([, value]) => value !== undefined).map(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`Engagement has no column for ${property}`);
      params.push(this.db.driver.preparePersistentValue(value, column));
      return `${column.databaseName} = $${params.length}`;
    });
    const [row] = (await rowsOf(
      tx,
      `UPDATE engagement SET ${[...sets, 'version = $3', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2 RETURNING updated_at`,
      params,
    )) as { updated_at: Date }[];
    if (!row) throw staleVersion(engagement.version + 1, engagement.version);
    return row.updated_at;
  }

  async change<T>(
    engagementId: string,
    actorId: string | null,
    expectedVersion: number | undefined,
    work: (tx: EntityManager, engagement: Engagement) => Promise<EngagementChange<T>>,
    options: ChangeOptions = {},
  ): Promise<{ result: T; engagement: Engagement }> {
    let sent = 0;
    const done = await this.db.transaction(async (tx) => {
      const [row] = (await tx.query(`SELECT ${this.rows.selectList} FROM engagement e WHERE e.id = $1 FOR UPDATE`, [engagementId])) as Record<string, unknown>[];
      const engagement = row ? this.rows.from(row) : null;
      if (!engagement) throw notFound('Engagement');
      if (expectedVersion !== undefined && expectedVersion !== engagement.version) {
        throw staleVersion(engagement.version, expectedVersion);
      }
      const refusal = options.part ? this.freeze.refusal(engagement, options.part) : null;
      if (refusal) throw conflict(refusal.code, refusal.message);
      const { result, history, patch, outbox } = await work(tx, engagement);
      const nextVersion = engagement.version + 1;
      const updatedAt = await this.bump(tx, engagement, patch ?? {}, nextVersion);
      // The engagement as this transaction leaves it: the caller's answer is built from it, not read again.
      Object.assign(engagement, Object.fromEntries(Object.entries(patch ?? {}).filter(([, value]) => value !== undefined)), { version: nextVersion, updatedAt });
      if (history.length > 0) {
        await tx.query(
          `INSERT INTO engagement_history (engagement_id, actor_id, type, from_state, to_state, payload, version)
           SELECT $1, $2, h.row ->> 'type', h.row ->> 'from', h.row ->> 'to', h.row -> 'payload', $3
             FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS h(row, n) ORDER BY h.n`,
          [engagementId, actorId, nextVersion, JSON.stringify(history.map((h) => ({ type: h.type, from: h.from ?? null, to: h.to ?? null, payload: h.payload ?? {} })))],
        );
      }
      sent = await this.outbox.write(tx, engagementId, actorId, outbox ?? []);
      return { result, engagement };
    });
    if (sent > 0) this.outbox.nudge();
    return done;
  }
}
