/**
 * Monitoring: is a KPI on track to reach its target by the date the city's actions end? Computed as
 * Open SDG does (the UNESCAP method): the observed compound annual growth rate since the baseline,
 * divided by the compound annual growth rate needed to reach the target by the target date.
 *
 *   CAGR_obs = (latest / baseline)^(1 / years) − 1            years: baseline date → latest date
 *   CAGR_req = (target / baseline)^(1 / yearsToTarget) − 1     yearsToTarget: baseline date → target date
 *   ratio    = CAGR_obs / CAGR_req
 *
 * ratio ≥ 0.95 `on_track`; 0.60–0.95 `needs_acceleration`; 0–0.60 `limited_progress`; < 0
 * `deterioration` (the edges belong to the upper status). Besides: `target_reached` when the latest
 * value meets the target in its direction, and `insufficient_data` when the rates cannot be computed
 * (`reason` says why).
 *
 * Directions:
 * - `higher`: met when latest ≥ target. The growth needed is positive.
 * - `lower`: met when latest ≤ target. The growth needed is negative, and so is the growth observed
 *   when the value falls: their ratio is positive when the value moves toward the target and
 *   negative when it moves away (never `on_track` then).
 * - `band` (best at the target, worse on either side): the rates are computed on the DISTANCE to the
 *   target, |value − target|, which must fall. The distance counts as reached within the scorecard's
 *   `reached` band: |value − target| ≤ (1 − 0.95) × |target − start|, i.e. the scorecard's progress
 *   ≥ 95 %; that tolerance is the distance aimed at (CAGR_req = (tolerance / baseline distance)^(1/yearsToTarget) − 1).
 *   Without a start (no tolerance) only the exact target is reached and the rates are undefined.
 *
 * A baseline that already meets the target while the latest value does not is `deterioration`
 * (the value moved away from a target it had reached; no ratio).
 *
 * Growth rates are undefined for zero or negative values: baseline, latest and target (for `band`:
 * the distances and the tolerance) must be > 0, else `insufficient_data` (`growth_undefined`).
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`); years are days ÷ 365.25.
 * Pure: no framework.
 */
import { BAND_EDGES, tidy } from './progress';
import type { Direction } from './types';

export const MONITORING_STATUSES = [
  'target_reached',
  'on_track',
  'needs_acceleration',
  'limited_progress',
  'deterioration',
  'insufficient_data',
] as const;
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number];

/** Why the status is `insufficient_data`. */
export const INSUFFICIENT_DATA_REASONS = [
  'no_target',
  'no_baseline',
  'no_measurement_after_baseline',
  'no_target_date',
  'target_date_not_after_baseline',
  'growth_undefined',
] as const;
export type InsufficientDataReason = (typeof INSUFFICIENT_DATA_REASONS)[number];

/** Lower edges of the statuses, as ratios of observed to required growth (Open SDG). */
export const MONITORING_THRESHOLDS = { onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 } as const;

export interface DatedValue {
  value: number;
  /** `YYYY-MM-DD` */
  date: string;
}

export interface MonitoringInput {
  baseline: DatedValue | null;
  /** In any order; those dated on or before the baseline are left out. */
  measurements: readonly DatedValue[];
  target: number | null;
  direction: Direction;
  /** The value that means 0 % progress on the scorecard (used for a `band` KPI's tolerance). */
  start: number | null;
  /** When the actions targeting the KPI end (the latest end date); null when none does. */
  targetDate: string | null;
}

/** What each calculation was made from, returned beside the result. */
export interface MonitoringInputs {
  baseline: DatedValue | null;
  latest: DatedValue | null;
  target: number | null;
  direction: Direction;
  start: number | null;
  targetDate: string | null;
  /** `value`; or `distance` for a band KPI (the rates are computed on |value − target|). */
  measuredAs: 'value' | 'distance';
  /** The quantities the rates are computed on (the values, or their distances to the target). */
  baselineMeasure: number | null;
  latestMeasure: number | null;
  targetMeasure: number | null;
  /** Baseline date → latest date, in years. */
  years: number | null;
  /** Baseline date → target date, in years. */
  yearsToTarget: number | null;
  cagrObserved: number | null;
  cagrRequired: number | null;
  ratio: number | null;
  thresholds: typeof MONITORING_THRESHOLDS;
}

export interface MonitoringResult {
  status: MonitoringStatus;
  /** Set when the status is `insufficient_data`. */
  reason: InsufficientDataReason | null;
  /**
   * Share of the way from the baseline to the target: (latest − baseline) / (target − baseline) (for
   * `band`: of the distance to the tolerance). Not clamped: negative when the value moved away, above
   * 1 beyond the target. Null without baseline, latest or target, or when the baseline is the target.
   */
  progress: number | null;
  /** The calendar year the target is reached at the observed rate (the latest's year when reached); null when never. */
  projectedYear: number | null;
  inputs: MonitoringInputs;
}

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of an ISO calendar date (UTC midnight); NaN when it is not one. */
function dayOf(date: string): number {
  return ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
}

/** Years from one ISO date to another (negative when `to` is earlier). */
export function yearsBetween(from: string, to: string): number {
  return (dayOf(to) - dayOf(from)) / DAY_MS / YEAR_DAYS;
}

/** The latest measurement after the baseline date (ties: the last given). */
export function latestAfter(measurements: readonly DatedValue[], baselineDate: string | null): DatedValue | null {
  let latest: DatedValue | null = null;
  for (const m of measurements) {
    if (!Number.isFinite(m.value) || Number.isNaN(dayOf(m.date))) continue;
    if (baselineDate !== null && dayOf(m.date) <= dayOf(baselineDate)) continue;
    if (latest === null || dayOf(m.date) >= dayOf(latest.date)) latest = m;
  }
  return latest;
}

/** Whether a value meets the target in its direction (band: within the reached tolerance). */
export function meetsTarget(value: number, target: number, direction: Direction, start: number | null): boolean {
  if (direction === 'higher') return value >= target;
  if (direction === 'lower') return value <= target;
  return Math.abs(value - target) <= bandTolerance(target, start);
}

/** A band KPI's reached tolerance: the distance at which the scorecard's progress is 95 % (0 without a start). */
export function bandTolerance(target: number, start: number | null): number {
  if (start === null) return 0;
  return tidy((1 - BAND_EDGES.reached) * Math.abs(target - start));
}

/** The status of a ratio of observed to required growth. */
export function statusOfRatio(ratio: number): Exclude<MonitoringStatus, 'target_reached' | 'insufficient_data'> {
  // Any move away from the target is deterioration, however small (no rounding on this side).
  if (ratio < MONITORING_THRESHOLDS.limitedProgress) return 'deterioration';
  const r = tidy(ratio);
  if (r >= MONITORING_THRESHOLDS.onTrack) return 'on_track';
  if (r >= MONITORING_THRESHOLDS.needsAcceleration) return 'needs_acceleration';
  return 'limited_progress';
}

/** (to / from)^(1 / years) − 1, computed as expm1(ln(to / from) / years) to keep small rates exact. */
const cagr = (from: number, to: number, years: number): number => Math.expm1(Math.log(to / from) / years);

/** One KPI item's monitoring: status, progress, projected year, and the inputs of each. */
export function monitor(input: MonitoringInput): MonitoringResult {
  const { baseline, target, direction, start, targetDate } = input;
  const band = direction === 'band';
  const latest = latestAfter(input.measurements, baseline?.date ?? null);
  const measure = (v: number): number => (band && target !== null ? Math.abs(v - target) : v);
  const targetMeasure = target === null ? null : band ? bandTolerance(target, start) : target;
  const baselineMeasure = baseline && target !== null ? measure(baseline.value) : null;
  const latestMeasure = latest && target !== null ? measure(latest.value) : null;
  const years = baseline && latest ? yearsBetween(baseline.date, latest.date) : null;
  const yearsToTarget = baseline && targetDate ? yearsBetween(baseline.date, targetDate) : null;

  const inputs: MonitoringInputs = {
    baseline,
    latest,
    target,
    direction,
    start,
    targetDate,
    measuredAs: band ? 'distance' : 'value',
    baselineMeasure,
    latestMeasure,
    targetMeasure,
    years,
    yearsToTarget,
    cagrObserved: null,
    cagrRequired: null,
    ratio: null,
    thresholds: MONITORING_THRESHOLDS,
  };
  const progress =
    baselineMeasure !== null && latestMeasure !== null && targetMeasure !== null && targetMeasure !== baselineMeasure
      ? tidy((latestMeasure - baselineMeasure) / (targetMeasure - baselineMeasure))
      : null;
  const result = (status: MonitoringStatus, reason: InsufficientDataReason | null = null, projectedYear: number | null = null): MonitoringResult => ({
    status,
    reason,
    progress,
    projectedYear,
    inputs,
  });

  if (target === null || !Number.isFinite(target)) return result('insufficient_data', 'no_target');
  if (!baseline || !Number.isFinite(baseline.value) || Number.isNaN(dayOf(baseline.date))) return result('insufficient_data', 'no_baseline');
  if (!latest || years === null || years <= 0) return result('insufficient_data', 'no_measurement_after_baseline');
  const latestYear = new Date(dayOf(latest.date)).getUTCFullYear();
  if (meetsTarget(latest.value, target, direction, start)) return result('target_reached', null, latestYear);
  // Moved away from a target the baseline had met.
  if (meetsTarget(baseline.value, target, direction, start)) return result('deterioration');
  if (!targetDate || yearsToTarget === null || Number.isNaN(yearsToTarget)) return result('insufficient_data', 'no_target_date');
  if (yearsToTarget <= 0) return result('insufficient_data', 'target_date_not_after_baseline');
  const [b, l, t] = [baselineMeasure as number, latestMeasure as number, targetMeasure as number];
  if (!(b > 0 && l > 0 && t > 0)) return result('insufficient_data', 'growth_undefined');

  const observed = cagr(b, l, years);
  const required = cagr(b, t, yearsToTarget);
  inputs.cagrObserved = observed;
  inputs.cagrRequired = required;
  // t ≠ b (the baseline does not meet the target), but the rate can round to 0 when they are a hair apart.
  if (required === 0 || !Number.isFinite(required) || !Number.isFinite(observed)) return result('insufficient_data', 'growth_undefined');
  const ratio = observed / required;
  inputs.ratio = ratio;
  // The direction of the move is decided on the values themselves, not on rates that may round:
  // a latest value further from the target than the baseline is deterioration, however close.
  const movedAway = l !== b && Math.sign(l - b) !== Math.sign(t - b);
  const status = movedAway ? 'deterioration' : l === b ? 'limited_progress' : statusOfRatio(ratio);
  return result(status, null, status === 'deterioration' ? null : projectedYearOf(latest, l, t, observed));
}

/** The year the measure reaches the target measure from the latest at the observed rate; null when it never does. */
function projectedYearOf(latest: DatedValue, from: number, to: number, observed: number): number | null {
  const growth = Math.log(1 + observed);
  const needed = Math.log(to / from);
  // Not moving, or moving away from the target.
  if (growth === 0 || !Number.isFinite(growth) || Math.sign(growth) !== Math.sign(needed)) return null;
  const moreYears = needed / growth;
  const at = dayOf(latest.date) + moreYears * YEAR_DAYS * DAY_MS;
  const year = new Date(at).getUTCFullYear();
  return Number.isFinite(year) && year <= 9999 ? year : null;
}
