import { monitor, MONITORING_STATUSES, statusOfRatio, type MonitoringInput } from './monitoring';

/** Baseline 100 on 2020-01-01, target 200 by 2030-01-01 (higher is better): CAGR_req = 2^(1/10) − 1 ≈ 7.18 %. */
const higher = (latest: number | null, over: Partial<MonitoringInput> = {}): MonitoringInput => ({
  baseline: { value: 100, date: '2020-01-01' },
  measurements: latest === null ? [] : [{ value: 105, date: '2022-01-01' }, { value: latest, date: '2025-01-01' }],
  target: 200,
  direction: 'higher',
  start: 0,
  targetDate: '2030-01-01',
  ...over,
});

/** Baseline 50, target 25 by 2030 (lower is better): CAGR_req = 0.5^(1/10) − 1 ≈ −6.7 %. */
const lower = (latest: number, over: Partial<MonitoringInput> = {}): MonitoringInput => ({
  baseline: { value: 50, date: '2020-01-01' },
  measurements: [{ value: latest, date: '2025-01-01' }],
  target: 25,
  direction: 'lower',
  start: 100,
  targetDate: '2030-01-01',
  ...over,
});

/** A ratio KPI best at 1 (start 0: reached within 0.05 of it); baseline 0.6, i.e. 0.4 away. */
const band = (latest: number, over: Partial<MonitoringInput> = {}): MonitoringInput => ({
  baseline: { value: 0.6, date: '2020-01-01' },
  measurements: [{ value: latest, date: '2025-01-01' }],
  target: 1,
  direction: 'band',
  start: 0,
  targetDate: '2030-01-01',
  ...over,
});

describe('monitoring status (Open SDG: observed ÷ required compound annual growth)', () => {
  it('declares the statuses once', () => {
    expect(MONITORING_STATUSES).toEqual(['target_reached', 'on_track', 'needs_acceleration', 'limited_progress', 'deterioration', 'insufficient_data']);
  });

  it('on_track: growing as fast as needed (ratio ≥ 0.95), with the inputs of each calculation', () => {
    const r = monitor(higher(142));
    expect(r.status).toBe('on_track');
    expect(r.reason).toBeNull();
    expect(r.inputs.baseline).toEqual({ value: 100, date: '2020-01-01' });
    expect(r.inputs.latest).toEqual({ value: 142, date: '2025-01-01' });
    expect(r.inputs.years).toBeCloseTo(1827 / 365.25, 9);
    expect(r.inputs.yearsToTarget).toBeCloseTo(3653 / 365.25, 9);
    expect(r.inputs.cagrObserved).toBeCloseTo(Math.pow(1.42, 1 / r.inputs.years!) - 1, 9);
    expect(r.inputs.cagrRequired).toBeCloseTo(Math.pow(2, 1 / r.inputs.yearsToTarget!) - 1, 9);
    expect(r.inputs.ratio).toBeCloseTo(r.inputs.cagrObserved! / r.inputs.cagrRequired!, 6);
    expect(r.inputs.ratio).toBeGreaterThanOrEqual(0.95);
    expect(r.inputs.thresholds).toEqual({ onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 });
    expect(r.progress).toBeCloseTo(0.42, 9);
  });

  it('needs_acceleration: 60–95 % of the growth needed', () => {
    const r = monitor(higher(130));
    expect(r.status).toBe('needs_acceleration');
    expect(r.inputs.ratio).toBeGreaterThanOrEqual(0.6);
    expect(r.inputs.ratio).toBeLessThan(0.95);
  });

  it('limited_progress: 0–60 %', () => {
    const r = monitor(higher(110));
    expect(r.status).toBe('limited_progress');
    expect(r.inputs.ratio).toBeGreaterThanOrEqual(0);
    expect(r.inputs.ratio).toBeLessThan(0.6);
  });

  it('deterioration: moving away from the target (ratio < 0); no projected year, negative progress', () => {
    const r = monitor(higher(90));
    expect(r.status).toBe('deterioration');
    expect(r.inputs.ratio).toBeLessThan(0);
    expect(r.projectedYear).toBeNull();
    expect(r.progress).toBeCloseTo(-0.1, 9);
  });

  it('target_reached: the latest value meets the target, whatever the rate; projected year = the latest year', () => {
    const r = monitor(higher(200));
    expect(r.status).toBe('target_reached');
    expect(r.projectedYear).toBe(2025);
    expect(r.progress).toBe(1);
    expect(monitor(higher(250, { targetDate: null })).status).toBe('target_reached');
  });

  it('the projected year at the observed rate', () => {
    // 100 → 121 in two years: ≈ 10 % a year; 200 is ≈ 5.3 more years away from 2022.
    const r = monitor(higher(0, { measurements: [{ value: 121, date: '2022-01-01' }] }));
    expect(r.status).toBe('on_track');
    expect(r.projectedYear).toBe(2027);
    // Slower than needed: later than the target date.
    expect(monitor(higher(110)).projectedYear).toBeGreaterThan(2030);
  });

  it.each([
    ['no_target', higher(142, { target: null })],
    ['no_baseline', higher(142, { baseline: null })],
    ['no_measurement_after_baseline', higher(null)],
    ['no_measurement_after_baseline', higher(0, { measurements: [{ value: 150, date: '2020-01-01' }, { value: 160, date: '2019-06-30' }] })],
    ['no_target_date', higher(142, { targetDate: null })],
    ['target_date_not_after_baseline', higher(142, { targetDate: '2020-01-01' })],
    ['growth_undefined', higher(142, { baseline: { value: 0, date: '2020-01-01' } })],
    ['growth_undefined', lower(10, { target: 0 })],
    ['growth_undefined', band(0.7, { start: null })],
  ])('insufficient_data: %s', (reason, input) => {
    const r = monitor(input);
    expect(r.status).toBe('insufficient_data');
    expect(r.reason).toBe(reason);
    expect(r.inputs.ratio).toBeNull();
  });

  it('takes the latest measurement by date, whatever the order given', () => {
    const r = monitor(higher(0, { measurements: [{ value: 142, date: '2025-01-01' }, { value: 90, date: '2021-01-01' }] }));
    expect(r.inputs.latest).toEqual({ value: 142, date: '2025-01-01' });
    expect(r.status).toBe('on_track');
  });

  describe('lower is better', () => {
    it('falling fast enough is on_track (both growths negative, ratio positive)', () => {
      const r = monitor(lower(35));
      expect(r.inputs.cagrRequired).toBeLessThan(0);
      expect(r.inputs.cagrObserved).toBeLessThan(0);
      expect(r.status).toBe('on_track');
    });
    it('falling too slowly: needs_acceleration, limited_progress', () => {
      expect(monitor(lower(40)).status).toBe('needs_acceleration');
      expect(monitor(lower(47)).status).toBe('limited_progress');
    });
    it('rising is deterioration, never on_track', () => {
      const r = monitor(lower(60));
      expect(r.status).toBe('deterioration');
      expect(r.inputs.ratio).toBeLessThan(0);
    });
    it('at or below the target: target_reached', () => {
      expect(monitor(lower(25)).status).toBe('target_reached');
      expect(monitor(lower(20)).status).toBe('target_reached');
    });
    it('a baseline already at the target and a latest value above it: deterioration', () => {
      expect(monitor(lower(30, { baseline: { value: 20, date: '2020-01-01' } })).status).toBe('deterioration');
    });
  });

  describe('band: the distance to the target must fall to the reached tolerance', () => {
    it('measures distances, aiming at the tolerance 5 % of |target − start|', () => {
      const r = monitor(band(0.87));
      expect(r.inputs.measuredAs).toBe('distance');
      expect(r.inputs.baselineMeasure).toBeCloseTo(0.4, 9);
      expect(r.inputs.latestMeasure).toBeCloseTo(0.13, 9);
      expect(r.inputs.targetMeasure).toBeCloseTo(0.05, 9);
      expect(r.status).toBe('on_track');
    });
    it('overshooting to the same distance on the other side is no progress; further away is deterioration', () => {
      expect(monitor(band(1.4)).status).toBe('limited_progress');
      expect(monitor(band(1.5)).status).toBe('deterioration');
      expect(monitor(band(0.5)).status).toBe('deterioration');
    });
    it('within the tolerance on either side: target_reached', () => {
      expect(monitor(band(1.04)).status).toBe('target_reached');
      expect(monitor(band(0.96)).status).toBe('target_reached');
    });
  });

  it('statusOfRatio: the edges belong to the upper status', () => {
    expect(statusOfRatio(0.95)).toBe('on_track');
    expect(statusOfRatio(0.95 - 1e-12)).toBe('on_track');
    expect(statusOfRatio(0.6)).toBe('needs_acceleration');
    expect(statusOfRatio(0)).toBe('limited_progress');
    expect(statusOfRatio(-0.01)).toBe('deterioration');
  });
});
