import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
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
 * latest approved gate's frozen scorecard, verified values only. Read through PortfolioService,
 * AccessService and GatesService, as the API reads them.
 */
@Injectable()
export class CityScorecards {
  constructor(
    private readonly portfolio: PortfolioService,
    private readonly access: AccessService,
    private readonly gates: GatesService,
    private readonly catalogue: KpiCatalogueService,
  ) {}

  async engagementsOf(principal: Principal, cityId: string): Promise<EngagementView[]> {
    return (await this.portfolio.list(principal, { cityId, limit: 200, offset: 0 })).items.sort((a, b) => a.cycle - b.cycle);
  }

  /** One verified snapshot per cycle the caller may read (the engagement's latest approved gate), oldest cycle first. */
  async cycles(principal: Principal, engagements: readonly EngagementView[]): Promise<CycleSnapshot[]> {
    const out: CycleSnapshot[] = [];
    for (const engagement of engagements) {
      const access = await this.access.engagement(principal, engagement.id);
      const approved = (await this.gates.list(access))
        .filter((g) => g.status === 'approved' && g.scorecardAtDecision && g.decidedAt)
        .sort((a, b) => new Date(b.decidedAt as Date).getTime() - new Date(a.decidedAt as Date).getTime());
      const gate = approved[0];
      if (!gate) continue;
      out.push({
        ...verifiedSnapshot(gate.scorecardAtDecision, this.catalogue.current().kpis),
        engagement,
        cycle: engagement.cycle,
        stage: gate.stage,
        decidedAt: gate.decidedAt as Date,
      });
    }
    return out.sort((a, b) => a.cycle - b.cycle || a.decidedAt.getTime() - b.decidedAt.getTime());
  }
}
