import { Injectable, OnModuleInit } from '@nestjs/common';
import { actionsFinancedCriterion } from '../../workflows/financing-criteria';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { ActionsService } from '../plans/actions.service';
import { BusinessCaseAction, InvestmentAllocation } from './financing.entity';
import { financingFacts } from './investment-projects.service';

/**
 * Financing where other modules read it: the Financing gate's criterion actions-financed (pure in
 * workflows/financing-criteria.ts, its facts read here inside the gate's transaction), and the
 * records that refer to an action (an action they refer to is dropped, not deleted).
 */
@Injectable()
export class FinancingAtGates implements OnModuleInit {
  constructor(
    private readonly gateCriteria: GateCriteriaService,
    private readonly actions: ActionsService,
  ) {}

  onModuleInit(): void {
    this.gateCriteria.provide(actionsFinancedCriterion, (tx, engagementId) => financingFacts(tx, engagementId));
    this.actions.useReferences('investmentProjects', 'investment projects', (tx, actionId) => tx.getRepository(InvestmentAllocation).countBy({ actionId }));
    this.actions.useReferences('businessCases', 'business cases', (tx, actionId) => tx.getRepository(BusinessCaseAction).countBy({ actionId }));
  }
}
