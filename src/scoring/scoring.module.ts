import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { GatesModule } from '../gates/gates.module';
import { KpisModule } from '../kpis/kpis.module';
import { TargetsModule } from '../kpis/targets/targets.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { ActionProjections } from './action-projections';
import { ScorecardService } from './scorecard.service';
import { ScoringAtGates } from './scoring-at-gates';
import { ScoringController } from './scoring.controller';
import { SimulationController } from './simulation.controller';
import { SimulationService } from './simulation.service';

/**
 * Scoring on the server: the scorecard and the gap analysis (the engine in engine/ is pure), and
 * scoring at every gate — the frozen scorecard and the Assessment criterion, provided to the gates —
 * and the City Simulation Tool (POST …/simulation, reading the action plan's expected values).
 */
@Module({
  imports: [KpisModule, KpiValuesModule, TargetsModule, GatesModule, AccessModule],
  controllers: [ScoringController, SimulationController],
  providers: [ScorecardService, ScoringAtGates, ActionProjections, SimulationService],
  exports: [ScorecardService],
})
export class ScoringModule {}
