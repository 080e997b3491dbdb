import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { EngagementPart } from '../../workflows/gate-criteria';
import { conflict, notFound } from '../common/api-error';
import { Outbox } from '../outbox/outbox';
import type { OutboxMessage } from '../outbox/outbox-message';
import { Engagement } from './engagement.entity';
import { HistoryEntry } from './history-entry.entity';
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
  patch?: Partial<Pick<Engagement, 'snapshot' | 'stage' | 'step' | 'machineVersion' | 'title' | 'managerId'>>;
}

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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly freeze: ReviewFreeze,
    private readonly outbox: Outbox,
  ) {}

  async change<T>(
    engagementId: string,
    actorId: string | null,
    expectedVersion: number | undefined,
    work: (tx: EntityManager, engagement: Engagement) => Promise<EngagementChange<T>>,
    options: ChangeOptions = {},
  ): Promise<{ result: T; engagement: Engagement }> {
    let sent = 0;
    const done = await this.db.transaction(async (tx) => {
      const engagement = await tx
        .getRepository(Engagement)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where('e.id = :id', { id: engagementId })
        .getOne();
      if (!engagement) throw notFound('Engagement');
      if (expectedVersion !== undefined && expectedVersion !== engagement.version) {
        throw staleVersion(engagement.version, expectedVersion);
      }
      const refusal = options.part ? this.freeze.refusal(engagement, options.part) : null;
      if (refusal) throw conflict(refusal.code, refusal.message);
      const { result, history, patch, outbox } = await work(tx, engagement);
      const nextVersion = engagement.version + 1;
      const updated = await tx
        .createQueryBuilder()
        .update(Engagement)
        .set({ ...patch, version: nextVersion, updatedAt: () => 'now()' } as QueryDeepPartialEntity<Engagement>)
        .where('id = :id AND version = :version', { id: engagementId, version: engagement.version })
        .returning('updated_at')
        .execute();
      const [row] = updated.raw as { updated_at: Date }[];
      if (!row) throw staleVersion(engagement.version + 1, engagement.version);
      // The engagement as this transaction leaves it: the caller's answer is built from it, not read again.
      Object.assign(engagement, patch, { version: nextVersion, updatedAt: row.updated_at });
      if (history.length > 0) {
        await tx.getRepository(HistoryEntry).insert(
          history.map((h) => ({
            engagementId,
            actorId,
            type: h.type,
            from: h.from ?? null,
            to: h.to ?? null,
            payload: h.payload ?? {},
            version: nextVersion,
          })) as QueryDeepPartialEntity<HistoryEntry>[],
        );
      }
      sent = await this.outbox.write(tx, engagementId, actorId, outbox ?? []);
      return { result, engagement };
    });
    if (sent > 0) this.outbox.nudge();
    return done;
  }
}
