import { Injectable } from '@nestjs/common';
import type { EngagementAccess } from '../access/access.service';
import { badRequest } from '../common/api-error';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { ActionProjections } from './action-projections';
import { simulate, SimulationInputError, type Simulation } from '../scoring/engine';
import { ScorecardService } from '../scoring/scorecard.service';

export interface SimulationResult extends Simulation {
  /** The actions simulated, in plan order. */
  actions: string[];
}

/**
 * POST …/simulation: the engagement's scorecard as it is and as if the chosen actions reached their
 * expected values (the pure `simulate` of the scoring engine). Reads only; writes nothing.
 */
@Injectable()
export class SimulationService {
  constructor(
    private readonly scorecards: ScorecardService,
    private readonly catalogue: KpiCatalogueService,
    private readonly plan: ActionProjections,
  ) {}

  async simulate(access: EngagementAccess, actionIds?: string[]): Promise<SimulationResult> {
    const engagementId = access.engagement.id;
    const chosen = await this.plan.chosen(engagementId, actionIds);
    const inputs = await this.scorecards.inputsFor(engagementId);
    const input = { kpis: this.catalogue.current().kpis, values: inputs.values, targets: inputs.targets };
    try {
      return { ...simulate(input, chosen.projections), actions: chosen.actionIds };
    } catch (error) {
      if (!(error instanceof SimulationInputError)) throw error;
      // An action's expected value that no longer fits the catalogue (another edition): name the action.
      const details = error.problems.map((p) => ({
        field: 'actionIds',
        message: `action ${chosen.projections[p.index]?.actionId ?? '?'}: ${p.message}`,
      }));
      throw badRequest(`Invalid actionIds: ${details.map((d) => d.message).join('; ')}`, details);
    }
  }
}
