import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { catalogueItems } from '../kpis/catalogue-items';
import type { CoreKpiItem } from '../kpis/core-kpis-settled';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { KpiTargetOverride } from '../kpis/targets/target-override.entity';
import { itemDataPoint, KpiValue } from '../kpis/values/kpi-value.entity';
import { dataQualitySummary, type DataQualitySummary } from '../kpis/values/data-quality-summary';
import { EvidenceCounts } from '../kpis/values/evidence-counts';
import { type EngagementFlags, type FlaggedEngagement, flagsOf, ValueFlagsService } from '../kpis/values/value-flags.service';
import { buildScorecard, gapAnalysis, itemKey, type KpiValueInput, type Scorecard, type TargetOverride } from './engine';
import type { GapView } from './scoring.dto';

/** What a scorecard was computed from: enough to freeze it with a gate decision and recompute it. */
export interface ScorecardInputs {
  values: KpiValueInput[];
  targets: TargetOverride[];
  catalogueEdition: string;
}

/** What the action plan says about each gap (by itemKey): the actions addressing it, a deferral. */
export type GapNotes = Map<string, Pick<GapView, 'actionIds' | 'deferral'>>;
export type GapNotesLoader = (db: EntityManager, engagementId: string) => Promise<GapNotes>;

/** An engagement's values with their flags, and the data-quality summary over them. */
export interface EngagementQuality {
  summary: DataQualitySummary;
  values: KpiValue[];
  flags: EngagementFlags;
}

export interface EngagementScorecard {
  scorecard: Scorecard;
  inputs: ScorecardInputs;
}

/**
 * An engagement's scorecard and gaps, from its current KPI values and target overrides and the
 * current catalogue edition. Pass the transaction's EntityManager when calling inside one (a gate
 * decision), so the numbers are those of the transaction and the embedded database does not wait
 * on itself.
 */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly catalogue: KpiCatalogueService,
    private readonly flags: ValueFlagsService,
    private readonly evidence: EvidenceCounts,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Until the action plan tells it (src/plans), no gap has actions or a deferral. */
  private gapNotes: GapNotesLoader = async () => new Map();

  /** The action plan says which actions address each gap and which gaps are deferred. */
  useGapNotes(loader: GapNotesLoader): void {
    this.gapNotes = loader;
  }

  async inputsFor(engagementId: string, tx?: EntityManager): Promise<ScorecardInputs> {
    const db = tx ?? this.db.manager;
    const values = await db.getRepository(KpiValue).find({ where: { engagementId }, order: { code: 'ASC', dataPoint: 'ASC' } });
    const overrides = await db.getRepository(KpiTargetOverride).find({ where: { engagementId }, order: { code: 'ASC', dataPoint: 'ASC' } });
    return {
      values: values.map((v) => ({ code: v.code, dataPoint: itemDataPoint(v.dataPoint), value: v.value, status: v.status })),
      // An override without its own start keeps the catalogue's (undefined, not null, for the engine).
      targets: overrides.map((o) => ({
        code: o.code,
        dataPoint: itemDataPoint(o.dataPoint),
        target: o.target,
        ...(o.start === null ? {} : { start: o.start }),
      })),
      catalogueEdition: this.catalogue.current().edition,
    };
  }

  /** GET …/scorecard: the engagement's scorecard as the caller, who may read it, sees it, with its data-quality summary. */
  async scorecard(access: EngagementAccess): Promise<Scorecard & { dataQuality: DataQualitySummary }> {
    const { scorecard } = await this.scorecardFor(access.engagement.id);
    return { ...scorecard, dataQuality: (await this.dataQualityFor(access.engagement)).summary };
  }

  /**
   * The engagement's values with their flags and evidence, and the data-quality summary over them
   * (the six-level scale, consistency flags, evidence present): the scorecard's and the report's.
   */
  async dataQualityFor(engagement: FlaggedEngagement, tx?: EntityManager): Promise<EngagementQuality> {
    const db = tx ?? this.db.manager;
    const values = await db.getRepository(KpiValue).findBy({ engagementId: engagement.id });
    const flags = await this.flags.flagsFor(engagement, tx, values);
    const files = await this.evidence.filesOfCurrentSubmissions(db, engagement.id);
    const summary = dataQualitySummary(
      values.map((v) => ({
        status: v.status,
        dataQuality: v.dataQuality,
        evidenceUrl: v.evidenceUrl,
        evidenceFiles: files.get(v.id) ?? 0,
        flags: flagsOf(flags, v.code, v.dataPoint),
      })),
    );
    return { summary, values, flags };
  }

  /** GET …/gap-analysis. */
  gapAnalysis(access: EngagementAccess): Promise<GapView[]> {
    return this.gapAnalysisFor(access.engagement.id);
  }

  /** The scorecard (API.md's shape) with the inputs it was computed from (gates: inside their transaction). */
  async scorecardFor(engagementId: string, tx?: EntityManager): Promise<EngagementScorecard> {
    const inputs = await this.inputsFor(engagementId, tx);
    const scorecard = buildScorecard({ kpis: this.catalogue.current().kpis, values: inputs.values, targets: inputs.targets });
    return { scorecard, inputs };
  }

  /** Items below `reached`, ranked (core not reported, core not verified, then by distance to target). */
  async gapAnalysisFor(engagementId: string, tx?: EntityManager, computed?: EngagementScorecard): Promise<GapView[]> {
    // A caller that has the scorecard already (a report shows both) passes it: one read, one computation.
    const { scorecard, inputs } = computed ?? (await this.scorecardFor(engagementId, tx));
    const notes = await this.gapNotes(tx ?? this.db.manager, engagementId);
    return gapAnalysis(scorecard, this.catalogue.current().kpis, inputs.values).map((gap) => ({
      ...gap,
      actionIds: [],
      deferral: null,
      ...notes.get(itemKey(gap.code, gap.dataPoint)),
    }));
  }

  /**
   * Facts for the Assessment gate criterion `coreKpisSettled`: every core KPI item (each data
   * point of a KPI with several) with its value's status, or `not_reported`.
   */
  async assessmentGateFacts(engagementId: string, tx?: EntityManager): Promise<CoreKpiItem[]> {
    const { values } = await this.inputsFor(engagementId, tx);
    const statusOf = new Map(values.map((v) => [itemKey(v.code, v.dataPoint), v.status]));
    return catalogueItems(this.catalogue.current().kpis.filter((k) => k.type === 'core')).map((item) => ({
      code: item.kpi.code,
      dataPoint: item.dataPoint,
      name: item.kpi.name,
      status: statusOf.get(itemKey(item.kpi.code, item.dataPoint)) ?? 'not_reported',
    }));
  }
}
