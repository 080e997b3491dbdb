import { lowBandKpisHaveActions, lowBandKpisHaveActionsCriterion, procurementItemsForActions, procurementItemsForActionsCriterion, type PlannedAction } from './design-criteria';
import { ACTION_STATUSES, ACTION_TRANSITIONS, mayMoveAction, parseTargetKey, targetKey } from './action-plan';

const action = (over: Partial<PlannedAction> = {}): PlannedAction => ({
  id: 'a1',
  title: 'Wi-Fi',
  status: 'planned',
  requiresProcurement: false,
  targets: [{ code: 'K1', dataPoint: null }],
  ...over,
});
const lowBand = [
  { code: 'K1', dataPoint: null, name: 'One' },
  { code: 'K2', dataPoint: 'pm10', name: 'Two' },
];

describe('low-band-kpis-have-actions', () => {
  it('names each lowest-band KPI and data point that no action addresses and no deferral covers', () => {
    expect(lowBandKpisHaveActions({ lowBand, actions: [], deferrals: [] }).map((u) => u.condition)).toEqual(['gap:K1:no-action', 'gap:K2:pm10:no-action']);
    const unmet = lowBandKpisHaveActions({ lowBand, actions: [action()], deferrals: [] });
    expect(unmet).toEqual([{ condition: 'gap:K2:pm10:no-action', message: expect.stringContaining('"Two" (K2), data point pm10') }]);
  });

  it('holds with an action or a deferral for each, but a dropped action does not count', () => {
    const both = [action(), action({ id: 'a2', targets: [{ code: 'K2', dataPoint: 'pm10' }] })];
    expect(lowBandKpisHaveActions({ lowBand, actions: both, deferrals: [] })).toEqual([]);
    expect(lowBandKpisHaveActions({ lowBand, actions: [action()], deferrals: [{ code: 'K2', dataPoint: 'pm10' }] })).toEqual([]);
    expect(lowBandKpisHaveActions({ lowBand, actions: [action({ status: 'dropped' })], deferrals: [{ code: 'K2', dataPoint: 'pm10' }] }).map((u) => u.condition)).toEqual([
      'gap:K1:no-action',
    ]);
    // Another data point of the same KPI is another gap.
    expect(lowBandKpisHaveActions({ lowBand, actions: [action({ targets: [{ code: 'K2', dataPoint: 'pm25' }] })], deferrals: [{ code: 'K1', dataPoint: null }] }).length).toBe(1);
  });

  it('as a criterion reads the KPI values, the targets and the action plan, and holds on no facts', () => {
    expect(lowBandKpisHaveActionsCriterion.reads).toEqual(['kpi-values', 'targets', 'actions']);
    expect(lowBandKpisHaveActionsCriterion.evaluate({ tasks: [] })).toEqual([]);
  });
});

describe('procurement-items-for-actions', () => {
  it('names each action not dropped that requires procurement and has no item that is not cancelled', () => {
    const needy = action({ requiresProcurement: true });
    expect(procurementItemsForActions({ actions: [needy], procurement: [] })).toEqual([
      { condition: 'action:a1:no-procurement-item', message: expect.stringContaining('"Wi-Fi"') },
    ]);
    expect(procurementItemsForActions({ actions: [needy], procurement: [{ actionId: 'a1', status: 'cancelled' }] })).toHaveLength(1);
    expect(procurementItemsForActions({ actions: [needy], procurement: [{ actionId: 'a1', status: 'planned' }] })).toEqual([]);
    expect(procurementItemsForActions({ actions: [needy], procurement: [{ actionId: 'other', status: 'awarded' }] })).toHaveLength(1);
    expect(procurementItemsForActions({ actions: [{ ...needy, status: 'dropped' }], procurement: [] })).toEqual([]);
    expect(procurementItemsForActions({ actions: [action()], procurement: [] })).toEqual([]);
  });

  it('as a criterion reads the action plan and the procurement plan', () => {
    expect(procurementItemsForActionsCriterion.reads).toEqual(['actions', 'procurement']);
  });
});

describe('the action plan rules', () => {
  it('moves planned → in_progress → done, and planned | in_progress → dropped; done and dropped are final', () => {
    const moves = ACTION_STATUSES.flatMap((from) => ACTION_STATUSES.filter((to) => to !== from && mayMoveAction(from, to)).map((to) => `${from}→${to}`));
    expect(moves).toEqual(['planned→in_progress', 'planned→dropped', 'in_progress→done', 'in_progress→dropped']);
    expect(ACTION_TRANSITIONS.done).toEqual([]);
    expect(mayMoveAction('done', 'done')).toBe(true);
  });

  it('writes a data point of a KPI as <code>/<dataPoint>', () => {
    expect(targetKey('K2', 'pm10')).toBe('K2/pm10');
    expect(parseTargetKey('K2/pm10')).toEqual({ code: 'K2', dataPoint: 'pm10' });
    expect(parseTargetKey('EC: ICT: WS: 2A')).toEqual({ code: 'EC: ICT: WS: 2A', dataPoint: null });
    expect(parseTargetKey('K2/')).toEqual({ code: 'K2', dataPoint: null });
  });
});
