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

/**
 * The action plan (actions linked to KPIs with expected values; deferrals of lowest-band gaps) and
 * the smart public procurement plan; the Design gate's criteria and the actions on each gap.
 * Pure rules: workflows/action-plan.ts, workflows/design-criteria.ts.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Action, ActionTarget, ProcurementItem, GapDeferral]), EngagementsModule, KpisModule, ScoringModule, GatesModule, AccessModule],
  controllers: [ActionsController, ProcurementController],
  providers: [ActionsService, ProcurementService, GapDeferralsService, PlansAtGates],
  exports: [TypeOrmModule, ActionsService],
})
export class PlansModule {}
