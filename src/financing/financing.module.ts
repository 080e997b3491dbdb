import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { GatesModule } from '../gates/gates.module';
import { KpisModule } from '../kpis/kpis.module';
import { PlansModule } from '../plans/plans.module';
import { BusinessCasesService } from './business-cases.service';
import { FinancingAtGates } from './financing-at-gates';
import { BusinessCasesController, InvestmentProjectsController, MarketplaceController } from './financing.controller';
import { BusinessCase, BusinessCaseAction, InvestmentAllocation, InvestmentProject } from './financing.entity';
import { InvestmentProjectsService } from './investment-projects.service';
import { MarketplaceService } from './marketplace.service';

/**
 * Financing: business cases and investment projects covering the action plan's actions, the
 * financing plan (budget, covered, gap per action), the investment marketplace, and the Financing
 * gate's criterion. Pure rules: workflows/financing.ts, workflows/financing-criteria.ts.
 */
@Module({
  imports: [TypeOrmModule.forFeature([BusinessCase, BusinessCaseAction, InvestmentProject, InvestmentAllocation]), EngagementsModule, KpisModule, PlansModule, GatesModule, AccessModule],
  controllers: [BusinessCasesController, InvestmentProjectsController, MarketplaceController],
  providers: [BusinessCasesService, InvestmentProjectsService, MarketplaceService, FinancingAtGates],
  exports: [InvestmentProjectsService, MarketplaceService],
})
export class FinancingModule {}
