import {
  FUNDING_SOURCES,
  financingPlan,
  isCovering,
  mayMoveProject,
  PROJECT_INITIAL_STATUSES,
  PROJECT_STATUSES,
  PROJECT_TRANSITIONS,
  splitEvenly,
  toCents,
  type PlanAction,
  type PlanAllocation,
} from './financing';
import { actionsFinanced, actionsFinancedCriterion } from './financing-criteria';

const action = (id: string, budget: number, active = true): PlanAction => ({ id, title: `Action ${id}`, active, budget });
const alloc = (actionId: string, amount: number, projectStatus: PlanAllocation['projectStatus'] = 'proposed'): PlanAllocation => ({ actionId, amount, projectStatus });

describe('financing enumerations and moves', () => {
  it('declares the funding sources of the programme once', () => {
    expect([...FUNDING_SOURCES]).toEqual(['city_fund', 'investment_project_facility', 'marketplace', 'public_budget', 'private']);
  });

  it('moves a project proposed → seeking_funding → funded → closed, cancelled from any but closed; closed and cancelled are final', () => {
    for (const status of PROJECT_STATUSES) for (const to of PROJECT_TRANSITIONS[status]) expect(PROJECT_STATUSES).toContain(to);
    expect(mayMoveProject('proposed', 'seeking_funding')).toBe(true);
    expect(mayMoveProject('seeking_funding', 'funded')).toBe(true);
    expect(mayMoveProject('funded', 'closed')).toBe(true);
    expect(mayMoveProject('proposed', 'closed')).toBe(false);
    expect(mayMoveProject('closed', 'cancelled')).toBe(false);
    expect(PROJECT_TRANSITIONS.cancelled).toEqual([]);
    expect(mayMoveProject('funded', 'funded')).toBe(true);
    expect(PROJECT_INITIAL_STATUSES).not.toContain('closed');
    expect(PROJECT_STATUSES.filter((s) => !isCovering(s))).toEqual(['cancelled']);
  });

  it('splits an amount evenly in whole cents, the cents left over to the first actions, adding up exactly', () => {
    expect(splitEvenly(10, 3)).toEqual([3.34, 3.33, 3.33]);
    expect(splitEvenly(0.1, 3)).toEqual([0.04, 0.03, 0.03]);
    expect(splitEvenly(1000, 1)).toEqual([1000]);
    for (const [amount, n] of [[999_999_999_999.99, 7], [0.07, 7], [123.45, 4]] as const) {
      expect(splitEvenly(amount, n).reduce((s, x) => s + toCents(x), 0)).toBe(toCents(amount));
    }
    expect(splitEvenly(0.02, 3)).toEqual([0.01, 0.01, 0]);
  });
});

describe('the financing plan', () => {
  it('shows per action not dropped its budget, covered amount (projects not cancelled) and gap, with exact totals', () => {
    const plan = financingPlan(
      [action('a', 1000), action('b', 500.1), action('c', 0), action('d', 700, false)],
      [alloc('a', 600.2), alloc('a', 100, 'cancelled'), alloc('a', 0.1, 'funded'), alloc('b', 600), alloc('d', 700)],
    );
    expect(plan.actions.map((l) => [l.actionId, l.budget, l.covered, l.gap, l.surplus, l.financed])).toEqual([
      ['a', 1000, 600.3, 399.7, 0, false],
      ['b', 500.1, 600, 0, 99.9, true],
      ['c', 0, 0, 0, 0, true],
    ]);
    expect(plan.totals).toEqual({ budget: 1500.1, covered: 1200.3, gap: 399.7 });
  });
});

describe('actions-financed', () => {
  it('names each action not dropped that its projects do not cover, with the gap; an action with budget 0 is covered', () => {
    const unmet = actionsFinanced({
      financedActions: [action('a', 1000), action('b', 0), action('c', 50), action('d', 80, false)],
      allocations: [alloc('a', 400), alloc('c', 50, 'closed'), alloc('a', 600, 'cancelled')],
    });
    expect(unmet).toEqual([{ condition: 'action:a:not-financed', message: expect.stringContaining('"Action a"') }]);
    expect(unmet[0].message).toContain('gap 600.00');
  });

  it('holds once the allocations reach the budget, and reads the action plan and the financing', () => {
    expect(actionsFinancedCriterion.evaluate({ tasks: [], financedActions: [action('a', 1000)], allocations: [alloc('a', 999.99), alloc('a', 0.01, 'funded')] })).toEqual([]);
    expect(actionsFinancedCriterion.evaluate({ tasks: [] })).toEqual([]);
    expect([...actionsFinancedCriterion.reads].sort()).toEqual(['actions', 'financing']);
  });
});
