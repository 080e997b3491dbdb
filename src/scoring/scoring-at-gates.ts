import { Injectable, OnModuleInit } from '@nestjs/common';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { GateScoringService } from '../gates/gate-scoring.service';
import { coreKpisSettledCriterion } from '../kpis/core-kpis-settled';
import { ScorecardService } from './scorecard.service';

/**
 * Scoring is invoked at every gate: the scorecard, with its inputs, is frozen into the gate record
 * at submission and at the decision; and the Assessment gate reads the core KPIs' statuses.
 */
@Injectable()
export class ScoringAtGates implements OnModuleInit {
  constructor(
    private readonly scorecards: ScorecardService,
    private readonly gateScoring: GateScoringService,
    private readonly gateCriteria: GateCriteriaService,
  ) {}

  onModuleInit(): void {
    this.gateScoring.use(async (tx, engagementId) => {
      const { scorecard, inputs } = await this.scorecards.scorecardFor(engagementId, tx);
      return { ...scorecard, inputs, computedAt: new Date().toISOString() };
    });
    this.gateCriteria.provide(coreKpisSettledCriterion, async (tx, engagementId) => ({
      coreKpis: await this.scorecards.assessmentGateFacts(engagementId, tx),
    }));
  }
}
