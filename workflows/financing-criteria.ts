/**
 * The Financing gate's criterion (SPEC "Review gates"): every action not dropped is covered by
 * investment projects with a funding source. Pure: src/financing/financing-at-gates.ts loads the
 * facts inside the gate's transaction.
 */
import { financingPlan, type PlanAction, type PlanAllocation } from './financing';
import type { GateCriterion, Unmet } from './gate-criteria';

export interface FinancingFacts {
  /** Every action of the plan (dropped ones are left out by the plan). */
  financedActions: readonly PlanAction[];
  allocations: readonly PlanAllocation[];
}

const money = (amount: number) => amount.toFixed(2);

/**
 * Condition `action:<id>:not-financed` for each action not dropped whose covering projects' allocations
 * are less than its budget (an action with budget 0 is covered), naming the action and the gap.
 */
export function actionsFinanced(facts: FinancingFacts): Unmet[] {
  return financingPlan(facts.financedActions, facts.allocations)
    .actions.filter((line) => !line.financed)
    .map((line) => ({
      condition: `action:${line.actionId}:not-financed`,
      message:
        `The action "${line.title}" is not covered by investment projects: budget ${money(line.budget)}, covered ${money(line.covered)}, ` +
        `gap ${money(line.gap)}. Add an investment project with a funding source for it (or allocate more of one), or drop the action.`,
    }));
}

export const actionsFinancedCriterion: GateCriterion = {
  name: 'actions-financed',
  reads: ['actions', 'financing'],
  evaluate: (facts) =>
    actionsFinanced({
      financedActions: (facts.financedActions as PlanAction[] | undefined) ?? [],
      allocations: (facts.allocations as PlanAllocation[] | undefined) ?? [],
    }),
};
