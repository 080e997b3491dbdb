import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../clock/clock';
import { badRequest } from '../../common/api-error';
import { decodeCursor, encodeCursor } from '../../common/pages';
import type { EngagementBaseline } from '../../engagements/engagement.entity';
import { findKpi } from '../catalogue/catalogue';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import type { ReviewedFlag } from '../values/flag-review';
import { itemDataPoint, KpiValue } from '../values/kpi-value.entity';
import { type FlaggableValue, flagsOf, ValueFlagsService } from '../values/value-flags.service';
import { EvidenceCounts } from '../values/evidence-counts';
import { FLAG_FILTERS, type QueueItemView, type QueueSummaryView, type VerificationQueueQuery } from './verification-queue.dto';

export const QUEUE_DEFAULT_LIMIT = 50;

interface QueueEngagement {
  id: string;
  title: string;
  version: number;
  city: string;
  baseline: EngagementBaseline | null;
}

/** A value as the queue reads it. */
type QueuedValue = FlaggableValue &
  Pick<KpiValue, 'id' | 'year' | 'source' | 'evidenceUrl' | 'submittedBy' | 'updatedAt' | 'version'>;

/** Where a page ends: flagged or not, when submitted, which value. */
interface QueuePlace {
  flagged: boolean;
  at: number;
  id: string;
}

const placeOf = (item: QueueItemView): QueuePlace => ({ flagged: item.flags.length > 0, at: item.submittedAt.getTime(), id: item.valueId });

/** The queue's order: flagged first, then the oldest submission, then by value id (a total order). */
const compare = (a: QueuePlace, b: QueuePlace): number =>
  Number(b.flagged) - Number(a.flagged) || a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const queueCursor = (p: QueuePlace) => encodeCursor({ f: p.flagged ? 1 : 0, t: p.at, i: p.id });
const queuePlace = (cursor: string): QueuePlace =>
  decodeCursor(cursor, (f) =>
    (f.f === 0 || f.f === 1) && typeof f.t === 'number' && Number.isSafeInteger(f.t) && typeof f.i === 'string' && /^[0-9a-f-]{36}$/.test(f.i)
      ? { flagged: f.f === 1, at: f.t, id: f.i }
      : undefined,
  );

/** Monday 00:00 UTC of the week holding `now`. */
export function weekStartOf(now: Date): Date {
  const day = (now.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day));
}

/**
 * The verifier's desk: every submitted value waiting for the caller across the engagements where
 * they are a verifier (not those they submitted themselves: four-eyes; not closed engagements),
 * flagged first, then oldest; and what they decided this week.
 */
@Injectable()
export class VerificationQueueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly flags: ValueFlagsService,
    private readonly catalogue: KpiCatalogueService,
    private readonly clock: Clock,
    private readonly evidence: EvidenceCounts,
  ) {}

  async page(callerId: string, query: VerificationQueueQuery, waiting?: readonly QueueItemView[]): Promise<{ items: QueueItemView[]; nextCursor: string | null }> {
    const filter = this.flagFilter(query.flag);
    const after = query.cursor === undefined ? null : queuePlace(query.cursor);
    const limit = query.limit ?? QUEUE_DEFAULT_LIMIT;
    const all = waiting ?? (await this.waiting(callerId, query.engagementId));
    const items = all.filter((item) => (query.engagementId === undefined || item.engagementId === query.engagementId) && filter(item.flags));
    const rest = items.filter((item) => after === null || compare(placeOf(item), after) > 0);
    const page = rest.slice(0, limit);
    return { items: page, nextCursor: rest.length > limit ? queueCursor(placeOf(page[page.length - 1])) : null };
  }

  /** The summary and a page from one read of the queue (the desk page shows both). */
  async desk(callerId: string, query: VerificationQueueQuery): Promise<{ summary: QueueSummaryView; page: { items: QueueItemView[]; nextCursor: string | null } }> {
    const waiting = await this.waiting(callerId);
    return { summary: await this.summary(callerId, waiting), page: await this.page(callerId, query, waiting) };
  }

  async summary(callerId: string, waiting?: readonly QueueItemView[]): Promise<QueueSummaryView> {
    const items = waiting ?? (await this.waiting(callerId));
    const weekStart = weekStartOf(this.clock.now());
    const [counts] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE type = 'KPI_VALUE_VERIFIED')::int AS verified,
              count(*) FILTER (WHERE type = 'KPI_VALUE_REJECTED')::int AS rejected
         FROM engagement_history
        WHERE actor_id = $1 AND at >= $2 AND type IN ('KPI_VALUE_VERIFIED', 'KPI_VALUE_REJECTED')`,
      [callerId, weekStart],
    )) as { verified: number; rejected: number }[];
    const engagements = new Map<string, QueueSummaryView['engagements'][number]>();
    for (const item of items) {
      const row = engagements.get(item.engagementId) ?? { engagementId: item.engagementId, engagementTitle: item.engagementTitle, city: item.city, waiting: 0, flagged: 0 };
      row.waiting += 1;
      if (item.flags.length > 0) row.flagged += 1;
      engagements.set(item.engagementId, row);
    }
    return {
      waiting: items.length,
      flagged: items.filter((i) => i.flags.length > 0).length,
      engagements: [...engagements.values()].sort((a, b) => b.flagged - a.flagged || b.waiting - a.waiting || a.engagementTitle.localeCompare(b.engagementTitle)),
      verifiedThisWeek: Number(counts?.verified ?? 0),
      rejectedThisWeek: Number(counts?.rejected ?? 0),
      weekStart,
    };
  }

  /** Every value waiting for the caller, in the queue's order. */
  private async waiting(callerId: string, engagementId?: string): Promise<QueueItemView[]> {
    const engagements = (await this.db.query(
      `SELECT e.id, e.title, e.version, c.name AS city, e.baseline
         FROM engagement_member m
         JOIN engagement e ON e.id = m.engagement_id
         JOIN city c ON c.id = e.city_id
        WHERE m.user_id = $1 AND m.role = 'verifier' AND e.stage NOT IN ('completed', 'cancelled')
          AND ($2::uuid IS NULL OR e.id = $2::uuid)
          AND EXISTS (SELECT 1 FROM kpi_value v WHERE v.engagement_id = e.id AND v.status = 'submitted' AND v.submitted_by IS DISTINCT FROM $1)`,
      [callerId, engagementId ?? null],
    )) as QueueEngagement[];
    if (engagements.length === 0) return [];
    // Every value of these engagements (the checks compare them all), read once and only the columns used
    // (entities for a verifier of 200 engagements, 21,000 values, took a second); the submitted ones wait.
    const all = (await this.db.query(
      `SELECT id, engagement_id AS "engagementId", kpi_code AS code, data_point AS "dataPoint", status, value, year, source,
              evidence_url AS "evidenceUrl", submitted_by AS "submittedBy", submitted_at AS "submittedAt", updated_at AS "updatedAt", version
         FROM kpi_value WHERE engagement_id = ANY($1::uuid[])`,
      [engagements.map((e) => e.id)],
    )) as QueuedValue[];
    const flags = await this.flags.flagsForMany(engagements, all);
    const values = all.filter((v) => v.status === 'submitted');
    const files = await this.evidence.filesOfCurrentSubmissions(this.db.manager, engagements.map((e) => e.id));
    const byId = new Map(engagements.map((e) => [e.id, e]));
    const catalogue = this.catalogue.current();
    const items: QueueItemView[] = [];
    for (const v of values) {
      if (v.submittedBy === callerId) continue;
      const engagement = byId.get(v.engagementId) as QueueEngagement;
      const kpi = findKpi(catalogue, v.code);
      const point = kpi?.dataPoints.find((d) => d.key === v.dataPoint);
      items.push({
        engagementId: v.engagementId,
        engagementTitle: engagement.title,
        city: engagement.city,
        code: v.code,
        name: kpi?.name ?? v.code,
        dataPoint: itemDataPoint(v.dataPoint),
        valueId: v.id,
        version: v.version,
        engagementVersion: engagement.version,
        value: v.value,
        unit: point?.unit ?? kpi?.unit ?? '',
        year: v.year,
        source: v.source,
        submittedAt: v.submittedAt ?? v.updatedAt,
        submittedBy: v.submittedBy,
        evidenceFiles: files.get(v.id) ?? 0,
        evidenceUrl: v.evidenceUrl,
        flags: flagsOf(flags.get(v.engagementId) ?? new Map(), v.code, v.dataPoint),
      });
    }
    return items.sort((a, b) => compare(placeOf(a), placeOf(b)));
  }

  /** `?flag=`: a rule id of the rule file, or flagged / unflagged / error / warning. */
  private flagFilter(flag: string | undefined): (flags: readonly ReviewedFlag[]) => boolean {
    if (flag === undefined) return () => true;
    if (flag === 'flagged') return (f) => f.length > 0;
    if (flag === 'unflagged') return (f) => f.length === 0;
    if (flag === 'error' || flag === 'warning') return (f) => f.some((x) => x.severity === flag);
    const rules = this.flags.ruleIds();
    if (!rules.includes(flag)) {
      const message = `flag must be a rule id (${rules.join(', ')}) or one of: ${FLAG_FILTERS.join(', ')}`;
      throw badRequest(message, [{ field: 'flag', rule: 'flag', message }]);
    }
    return (f) => f.some((x) => x.rule === flag);
  }
}
