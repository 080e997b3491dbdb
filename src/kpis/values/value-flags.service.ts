import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { EngagementBaseline } from '../../engagements/engagement.entity';
import { itemKey } from '../../scoring/engine';
import { checkConsistency, type ConsistencyRules, loadConsistencyRules } from '../consistency';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { type ReviewedFlag, reviewFlags } from './flag-review';
import { itemDataPoint, KpiFlagNote, KpiValue } from './kpi-value.entity';

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** What the flags of an engagement are computed from, besides its values. */
export interface FlaggedEngagement {
  id: string;
  baseline: EngagementBaseline | null;
}

/** What the checks read of a value. */
export type FlaggableValue = Pick<KpiValue, 'engagementId' | 'code' | 'dataPoint' | 'status' | 'value' | 'submittedAt'>;

/** One engagement's flags, per item (itemKey(code, dataPoint)); an item without flags is absent. */
export type EngagementFlags = Map<string, ReviewedFlag[]>;

/** The flags of one item, `[]` when it has none. */
export const flagsOf = (flags: EngagementFlags, code: string, storedDataPoint: string): ReviewedFlag[] =>
  flags.get(itemKey(code, itemDataPoint(storedDataPoint))) ?? [];

/**
 * The consistency flags of an engagement's values, computed when read from the rule file over all
 * of its values and its previous cycle's baseline (src/kpis/consistency, pure), with the answers and
 * acknowledgements given on them (flag-review.ts). Nothing is stored but what people wrote: a changed
 * value, a changed rule file or a new baseline shows at the next read.
 */
@Injectable()
export class ValueFlagsService implements OnModuleInit {
  private rules!: ConsistencyRules;

  constructor(
    private readonly catalogue: KpiCatalogueService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The rule file is read and checked against the catalogue once, at boot: a rule naming no KPI stops the server. */
  onModuleInit(): void {
    this.rules = loadConsistencyRules();
  }

  /** The ids of the rules in the rule file, in its order. */
  ruleIds(): string[] {
    return this.rules.rules.map((r) => r.id);
  }

  /** The flags of one engagement; pass its values when they are read already (one read less). */
  async flagsFor(engagement: FlaggedEngagement, tx?: EntityManager, values?: readonly KpiValue[]): Promise<EngagementFlags> {
    const db = tx ?? this.db.manager;
    const rows = values ?? (await db.getRepository(KpiValue).findBy({ engagementId: engagement.id }));
    const notes = await db.getRepository(KpiFlagNote).findBy({ engagementId: engagement.id });
    return this.review(engagement, rows, notes);
  }

  /** The flags of several engagements whose values are read already (all of them, every status): one statement more. */
  async flagsForMany(engagements: readonly FlaggedEngagement[], values: readonly FlaggableValue[], tx?: EntityManager): Promise<Map<string, EngagementFlags>> {
    const out = new Map<string, EngagementFlags>();
    if (engagements.length === 0) return out;
    const db = tx ?? this.db.manager;
    const notes = await db.getRepository(KpiFlagNote).findBy({ engagementId: In(engagements.map((e) => e.id)) });
    const valuesOf = groupBy(values, (v) => v.engagementId);
    const notesOf = groupBy(notes, (n) => n.engagementId);
    for (const engagement of engagements) out.set(engagement.id, this.review(engagement, valuesOf.get(engagement.id) ?? [], notesOf.get(engagement.id) ?? []));
    return out;
  }

  private review(engagement: FlaggedEngagement, rows: readonly FlaggableValue[], notes: readonly KpiFlagNote[]): EngagementFlags {
    // A value marked not available is never checked; a rejected one is thrown out until the city submits it again.
    const values = rows.map((r) => ({ code: r.code, dataPoint: itemDataPoint(r.dataPoint), value: r.status === 'submitted' || r.status === 'verified' ? r.value : null }));
    const baseline = (engagement.baseline?.values ?? []).map((b) => ({ code: b.code, dataPoint: b.dataPoint, value: b.value, year: b.year }));
    const found = checkConsistency(this.rules, this.catalogue.current(), values, baseline);
    const reviewed: EngagementFlags = new Map();
    const submittedAt = new Map(rows.map((r) => [itemKey(r.code, itemDataPoint(r.dataPoint)), r.submittedAt]));
    for (const [key, flags] of found) reviewed.set(key, reviewFlags(flags, notes, submittedAt.get(key) ?? null));
    return reviewed;
  }
}
