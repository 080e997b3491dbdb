import { Injectable, OnModuleInit } from '@nestjs/common';
import { registerGateCriterion } from '../../workflows/gate-criteria';
import { GateFactsService } from '../gates/gate-facts.service';
import { GateScoringService } from '../gates/gate-scoring.service';
import { CoreKpiItem, coreKpisSettled } from '../kpis/core-kpis-settled';
import { ScorecardService } from './scorecard.service';

// The Assessment gate criterion named in workflows/roadmap.definition.ts, registered once per process.
registerGateCriterion('core-kpis-settled', (facts) => coreKpisSettled((facts.coreKpis as CoreKpiItem[] | undefined) ?? []));

/**
 * Scoring is invoked at every gate: the scorecard, with its inputs, is frozen into the gate record
 * at submission and at the decision; and the Assessment gate reads the core KPIs' statuses.
 */
@Injectable()
export class ScoringAtGates implements OnModuleInit {
  constructor(
    private readonly scorecards: ScorecardService,
    private readonly gateScoring: GateScoringService,
    private readonly gateFacts: GateFactsService,
  ) {}

  onModuleInit(): void {
    this.gateScoring.use(async (tx, engagementId) => {
      const { scorecard, inputs } = await this.scorecards.scorecardFor(engagementId, tx);
      return { ...scorecard, inputs, computedAt: new Date().toISOString() };
    });
    this.gateFacts.addSource(async (tx, engagementId, stage) =>
      stage === 'assessment' ? { coreKpis: await this.scorecards.assessmentGateFacts(engagementId, tx) } : {},
    );
  }
}
