import { backoff } from './delivery-channel';
import { OUTBOX_EVENT_TYPES, EVENT_DESCRIPTIONS, recipientsOf } from './outbox-message';

describe('outbox messages', () => {
  it('tells each person once and never the one who caused it', () => {
    expect(recipientsOf(['a', 'b', 'a', null, undefined, 'actor', 'c'], 'actor')).toEqual(['a', 'b', 'c']);
    expect(recipientsOf(undefined, 'actor')).toEqual([]);
    expect(recipientsOf(['a'], null)).toEqual(['a']);
  });

  it('describes every event type (the preferences and the OpenAPI text list them)', () => {
    expect(Object.keys(EVENT_DESCRIPTIONS).sort()).toEqual([...OUTBOX_EVENT_TYPES].sort());
    for (const type of ['engagement.transitioned', 'gate.opened', 'gate.decided', 'task.assigned', 'kpi.submitted', 'kpi.verified', 'kpi.rejected', 'task.overdue', 'escalation']) {
      expect(OUTBOX_EVENT_TYPES).toContain(type);
    }
  });

  it('backs off by doubling from the base, with at most 20 % jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoff(1000, n, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(1000, 3, () => 0.999)).toBeLessThanOrEqual(4800);
    expect(backoff(1000, 3, () => 0.999)).toBeGreaterThan(4000);
  });
});
