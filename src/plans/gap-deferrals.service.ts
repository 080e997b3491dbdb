import { Injectable } from '@nestjs/common';
import type { EngagementAccess } from '../access/access.service';
import { conflict, notFound } from '../common/api-error';
import { EngagementWriter } from '../engagements/engagement-writer';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { dataPointOf, dataPointProblems } from '../kpis/values/value-rules';
import { storedDataPoint } from '../kpis/values/kpi-value.entity';
import { ScorecardService } from '../scoring/scorecard.service';
import { GapDeferral } from './action.entity';
import { invalid } from './actions.service';
import { GapDeferralQuery, GapDeferralView, PutGapDeferralDto } from './plans.dto';

/** Only a gap in this band may be deferred instead of addressed by an action (SPEC "Review gates", Design). */
export const DEFERRABLE_BAND = 'below_one_third';

/**
 * Deferrals of lowest-band gaps: a gap the city will not address in this plan, with the reason,
 * recorded in the history and shown on the gap. Part 'actions' of the engagement.
 */
@Injectable()
export class GapDeferralsService {
  constructor(
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    private readonly scorecards: ScorecardService,
  ) {}

  async put(access: EngagementAccess, anyCode: string, dto: PutGapDeferralDto): Promise<GapDeferralView> {
    const kpi = this.catalogue.kpi(anyCode);
    const problems = dataPointProblems(kpi, dto.dataPoint);
    if (problems.length > 0) throw invalid(problems);
    const dataPoint = dataPointOf(dto.dataPoint);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const { scorecard } = await this.scorecards.scorecardFor(engagement.id, tx);
        const item = scorecard.kpis.find((k) => k.code === kpi.code && k.dataPoint === dataPoint);
        if (item?.band !== DEFERRABLE_BAND) {
          throw conflict(
            'GAP_NOT_DEFERRABLE',
            `Only a gap in the lowest band (${DEFERRABLE_BAND}) can be deferred; ${kpi.code}${dataPoint ? ` data point ${dataPoint}` : ''} is ${item?.band ?? 'not scored'}`,
            { band: item?.band ?? null },
          );
        }
        const repo = tx.getRepository(GapDeferral);
        const existing = await repo.findOneBy({ engagementId: engagement.id, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
        const previous = existing ? { reason: existing.reason, by: existing.deferredBy, at: existing.deferredAt } : null;
        const row = existing ?? repo.create({ engagementId: engagement.id, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
        Object.assign(row, { reason: dto.reason.trim(), deferredBy: access.principal.id, deferredAt: new Date() });
        const saved = await repo.save(row);
        const view = { code: kpi.code, dataPoint, reason: saved.reason, by: saved.deferredBy, at: saved.deferredAt };
        return { result: view, history: [{ type: 'GAP_DEFERRED', payload: { code: kpi.code, dataPoint, reason: view.reason, previous } }] };
      },
      { part: 'actions' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async remove(access: EngagementAccess, anyCode: string, query: GapDeferralQuery): Promise<void> {
    const kpi = this.catalogue.kpi(anyCode);
    const problems = dataPointProblems(kpi, query.dataPoint);
    if (problems.length > 0) throw invalid(problems);
    const dataPoint = dataPointOf(query.dataPoint);
    await this.writer.change(
      access.engagement.id,
      access.principal.id,
      query.expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(GapDeferral);
        const existing = await repo.findOneBy({ engagementId: engagement.id, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
        if (!existing) throw notFound('Gap deferral');
        await repo.delete({ id: existing.id });
        return { result: undefined, history: [{ type: 'GAP_DEFERRAL_REMOVED', payload: { code: kpi.code, dataPoint, reason: existing.reason } }] };
      },
      { part: 'actions' },
    );
  }
}
