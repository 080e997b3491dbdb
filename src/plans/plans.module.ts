import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { GatesModule } from '../gates/gates.module';
import { KpisModule } from '../kpis/kpis.module';
import { ScoringModule } from '../scoring/scoring.module';
import { Action, ActionTarget, GapDeferral, ProcurementItem } from './action.entity';
import { ActionsService } from './actions.service';
import { GapDeferralsService } from './gap-deferrals.service';
import { PlansAtGates } from './plans-at-gates';
import { ActionsController, ProcurementController } from './plans.controller';
import { ProcurementService } from './procurement.service';
import { ActionProjections } from './action-projections';
import { SimulationController } from './simulation.controller';
import { SimulationService } from './simulation.service';

/**
 * The action plan (actions linked to KPIs with expected values; deferrals of lowest-band gaps) and
 * the smart public procurement plan; the Design gate's criteria and the actions on each gap; the City
 * Simulation Tool (POST …/simulation: the scorecard as if the chosen actions reached their expected values).
 * Pure rules: workflows/action-plan.ts, workflows/design-criteria.ts.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Action, ActionTarget, ProcurementItem, GapDeferral]), EngagementsModule, KpisModule, ScoringModule, GatesModule, AccessModule],
  controllers: [ActionsController, ProcurementController, SimulationController],
  providers: [ActionsService, ProcurementService, GapDeferralsService, PlansAtGates, ActionProjections, SimulationService],
  exports: [TypeOrmModule, ActionsService, ProcurementService],
})
export class PlansModule {}
