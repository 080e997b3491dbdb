/**
 * The next cycle's baseline, per KPI item (KPI, or one of its data points): the last **verified**
 * measurement of the completed engagement, else its verified KPI value. Unverified data is never
 * taken silently: a later unverified measurement is shown beside the verified value it did not
 * replace (`unverifiedNotTaken`); where nothing is verified, the latest unverified measurement (else
 * the submitted KPI value) is taken and flagged `verified: false`. Rejected measurements are ignored.
 */

export interface BaselineMeasurement {
  id: string;
  code: string;
  dataPoint: string | null;
  value: number;
  /** `YYYY-MM-DD` */
  date: string;
  status: 'submitted' | 'verified' | 'rejected';
}

export interface BaselineKpiValue {
  code: string;
  dataPoint: string | null;
  value: number;
  year: number | null;
  status: 'submitted' | 'verified';
}

export const BASELINE_VALUE_SOURCES = ['measurement', 'kpi_value'] as const;
export type BaselineValueSource = (typeof BASELINE_VALUE_SOURCES)[number];

/** What a baseline entry was taken from (or, beside it, what was not taken). */
export interface BaselineTaken {
  value: number;
  year: number | null;
  /** The measurement's date; null for a KPI value (it has a reference year). */
  date: string | null;
  status: string;
  source: BaselineValueSource;
  measurementId: string | null;
}

export interface CycleBaselineValue extends BaselineTaken {
  code: string;
  dataPoint: string | null;
  /** Whether the value taken is verified; false: flagged, the best there was. */
  verified: boolean;
  /** A later unverified measurement that was not taken in place of the verified value. */
  unverifiedNotTaken: BaselineTaken | null;
}

const keyOf = (code: string, dataPoint: string | null) => `${code}\u0000${dataPoint ?? ''}`;

const fromMeasurement = (m: BaselineMeasurement): BaselineTaken => ({
  value: m.value,
  year: Number(m.date.slice(0, 4)),
  date: m.date,
  status: m.status,
  source: 'measurement',
  measurementId: m.id,
});

const fromValue = (v: BaselineKpiValue): BaselineTaken => ({ value: v.value, year: v.year, date: null, status: v.status, source: 'kpi_value', measurementId: null });

/**
 * The baseline of every KPI item that has a value or a measurement. `measurements` oldest first (by
 * date, then by when recorded); the result is ordered by code, then data point.
 */
export function cycleBaseline(values: readonly BaselineKpiValue[], measurements: readonly BaselineMeasurement[]): CycleBaselineValue[] {
  const items = new Map<string, { code: string; dataPoint: string | null; value?: BaselineKpiValue; measurements: BaselineMeasurement[] }>();
  const itemOf = (code: string, dataPoint: string | null) => {
    const key = keyOf(code, dataPoint);
    return items.get(key) ?? items.set(key, { code, dataPoint, measurements: [] }).get(key)!;
  };
  for (const v of values) itemOf(v.code, v.dataPoint).value = v;
  for (const m of measurements) if (m.status !== 'rejected') itemOf(m.code, m.dataPoint).measurements.push(m);

  const out: CycleBaselineValue[] = [];
  for (const item of items.values()) {
    const lastVerifiedAt = item.measurements.map((m) => m.status).lastIndexOf('verified');
    const laterUnverified = item.measurements.slice(lastVerifiedAt + 1).filter((m) => m.status === 'submitted').at(-1);
    const verified =
      lastVerifiedAt >= 0 ? fromMeasurement(item.measurements[lastVerifiedAt]) : item.value?.status === 'verified' ? fromValue(item.value) : null;
    const head = { code: item.code, dataPoint: item.dataPoint };
    if (verified) {
      out.push({ ...head, ...verified, verified: true, unverifiedNotTaken: laterUnverified ? fromMeasurement(laterUnverified) : null });
    } else if (laterUnverified || item.value) {
      out.push({ ...head, ...(laterUnverified ? fromMeasurement(laterUnverified) : fromValue(item.value!)), verified: false, unverifiedNotTaken: null });
    }
  }
  return out.sort((a, b) => a.code.localeCompare(b.code) || (a.dataPoint ?? '').localeCompare(b.dataPoint ?? ''));
}
