import { Injectable } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { GatesService } from '../gates/gates.service';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { PortfolioService } from '../portfolio/portfolio.service';
import type { EngagementView } from '../engagements/engagement.dto';
import { verifiedSnapshot, type VerifiedSnapshot } from './publication/verified-snapshot';

export interface CycleSnapshot extends VerifiedSnapshot {
  engagement: EngagementView;
  cycle: number;
  stage: string;
  decidedAt: Date;
}

/**
 * A city's verified scorecards as the caller may see them: for each engagement they may read, the
 * latest approved gate's frozen scorecard, verified values only. Read through PortfolioService
 * (what the caller may read, as the API lists it) and GatesService.
 */
@Injectable()
export class CityScorecards {
  constructor(
    private readonly portfolio: PortfolioService,
    private readonly gates: GatesService,
    private readonly catalogue: KpiCatalogueService,
  ) {}

  async engagementsOf(principal: Principal, cityId: string): Promise<EngagementView[]> {
    return (await this.portfolio.list(principal, { cityId, limit: 200, offset: 0 })).items.sort((a, b) => a.cycle - b.cycle);
  }

  /**
   * One verified snapshot per cycle (the engagement's latest approved gate), oldest cycle first, of
   * engagements the caller may read (engagementsOf gives only those): one query for all of them.
   */
  async cycles(engagements: readonly EngagementView[]): Promise<CycleSnapshot[]> {
    const latest = await this.gates.latestApproved(engagements.map((e) => e.id));
    const out: CycleSnapshot[] = [];
    for (const engagement of engagements) {
      const gate = latest.get(engagement.id);
      if (!gate?.scorecardAtDecision || !gate.decidedAt) continue;
      out.push({
        ...verifiedSnapshot(gate.scorecardAtDecision, this.catalogue.current().kpis),
        engagement,
        cycle: engagement.cycle,
        stage: gate.stage,
        decidedAt: gate.decidedAt,
      });
    }
    return out.sort((a, b) => a.cycle - b.cycle || a.decidedAt.getTime() - b.decidedAt.getTime());
  }
}
