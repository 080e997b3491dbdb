import { ACTION_STATUS_VALUES, PROCUREMENT_METHOD_VALUES, PROCUREMENT_STATUS_VALUES } from '../../migrations/1764700000001-ActionPlan';
import { ACTION_STATUSES, PROCUREMENT_METHODS, PROCUREMENT_STATUSES } from '../../workflows/action-plan';

/** The ActionPlan migration writes its allowed values out; when this fails, add a migration that widens its CHECK. */
describe('CHECK constraints of the ActionPlan migration', () => {
  it('allow exactly the statuses and methods of workflows/action-plan.ts', () => {
    expect([...ACTION_STATUS_VALUES]).toEqual([...ACTION_STATUSES]);
    expect([...PROCUREMENT_METHOD_VALUES]).toEqual([...PROCUREMENT_METHODS]);
    expect([...PROCUREMENT_STATUS_VALUES]).toEqual([...PROCUREMENT_STATUSES]);
  });
});
