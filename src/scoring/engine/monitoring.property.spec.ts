import fc from 'fast-check';
import { meetsTarget, monitor, type MonitoringInput, type MonitoringStatus } from './monitoring';
import type { Direction } from './types';

/** Worse to better; insufficient_data is left out of comparisons. */
const RANK: Record<Exclude<MonitoringStatus, 'insufficient_data'>, number> = {
  deterioration: 0,
  limited_progress: 1,
  needs_acceleration: 2,
  on_track: 3,
  target_reached: 4,
};

const day = (offsetDays: number): string => new Date(Date.UTC(2015, 0, 1) + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A positive value, not too close to zero (growth rates need > 0). */
const positive = fc.double({ min: 0.5, max: 10_000, noNaN: true, noDefaultInfinity: true });

/** A series: baseline date, latest date after it, target date after the baseline. */
const dates = fc
  .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 30, max: 4000 }), fc.integer({ min: 30, max: 6000 }))
  .map(([base, toLatest, toTarget]) => ({ baseline: day(base), latest: day(base + toLatest), target: day(base + toTarget) }));

const inputOf = (direction: Direction, baseline: number, latest: number, target: number, start: number | null, d: { baseline: string; latest: string; target: string }): MonitoringInput => ({
  baseline: { value: baseline, date: d.baseline },
  measurements: [{ value: latest, date: d.latest }],
  target,
  direction,
  start,
  targetDate: d.target,
});

/** Whether the latest value is further from the target than the baseline (in the KPI's direction). */
const movedAway = (direction: Direction, baseline: number, latest: number, target: number): boolean =>
  direction === 'higher' ? latest < baseline : direction === 'lower' ? latest > baseline : Math.abs(latest - target) > Math.abs(baseline - target);

describe('property: a status never reads on_track when the latest value moved away from the target', () => {
  it.each(['higher', 'lower', 'band'] as Direction[])('%s', (direction) => {
    fc.assert(
      fc.property(positive, positive, positive, fc.option(positive, { nil: null }), dates, (baseline, latest, target, start, d) => {
        fc.pre(movedAway(direction, baseline, latest, target));
        const r = monitor(inputOf(direction, baseline, latest, target, start, d));
        expect(r.status).not.toBe('on_track');
        expect(r.status).not.toBe('needs_acceleration');
        expect(r.status).not.toBe('limited_progress');
        if (r.status !== 'target_reached' && r.status !== 'insufficient_data') expect(r.projectedYear).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: moving the latest value toward the target never lowers the status, and raises the ratio', () => {
  it.each(['higher', 'lower', 'band'] as Direction[])('%s', (direction) => {
    fc.assert(
      fc.property(positive, positive, positive, positive, fc.double({ min: 0, max: 1, noNaN: true }), dates, (baseline, latest, target, start, lambda, d) => {
        // From short of the target toward it (coming back from beyond it is moving away).
        fc.pre(!meetsTarget(latest, target, direction, start));
        const closer = latest + lambda * (target - latest);
        const before = monitor(inputOf(direction, baseline, latest, target, start, d));
        const after = monitor(inputOf(direction, baseline, closer, target, start, d));
        if (before.status === 'insufficient_data' || after.status === 'insufficient_data') return;
        expect(RANK[after.status]).toBeGreaterThanOrEqual(RANK[before.status]);
        if (before.inputs.ratio !== null && after.inputs.ratio !== null) expect(after.inputs.ratio).toBeGreaterThanOrEqual(before.inputs.ratio - 1e-9);
      }),
      { numRuns: 500 },
    );
  });
});

describe('property: target_reached exactly when the latest value meets the target', () => {
  it.each(['higher', 'lower', 'band'] as Direction[])('%s', (direction) => {
    fc.assert(
      fc.property(positive, positive, positive, fc.option(positive, { nil: null }), dates, (baseline, latest, target, start, d) => {
        const r = monitor(inputOf(direction, baseline, latest, target, start, d));
        expect(r.status === 'target_reached').toBe(meetsTarget(latest, target, direction, start));
      }),
    );
  });
});

describe('property: the inputs returned reproduce the ratio and the status', () => {
  it('CAGR_obs, CAGR_req and the ratio follow from the returned measures and years', () => {
    fc.assert(
      fc.property(fc.constantFrom<Direction>('higher', 'lower', 'band'), positive, positive, positive, positive, dates, (direction, baseline, latest, target, start, d) => {
        const { inputs } = monitor(inputOf(direction, baseline, latest, target, start, d));
        if (inputs.ratio === null) return;
        const obs = Math.expm1(Math.log(inputs.latestMeasure! / inputs.baselineMeasure!) / inputs.years!);
        const req = Math.expm1(Math.log(inputs.targetMeasure! / inputs.baselineMeasure!) / inputs.yearsToTarget!);
        const naive = Math.pow(inputs.latestMeasure! / inputs.baselineMeasure!, 1 / inputs.years!) - 1;
        expect(Math.abs(obs - naive)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(naive)));
        expect(inputs.cagrObserved).toBeCloseTo(obs, 6);
        expect(inputs.cagrRequired).toBeCloseTo(req, 6);
        expect(Math.sign(inputs.ratio) + 0).toBe(Math.sign(obs / req) + 0);
      }),
    );
  });
});
