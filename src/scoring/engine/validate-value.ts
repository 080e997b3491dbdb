import type { ValueProblem, ValueRange } from './types';

/** The two ranges of a KPI or data point (the catalogue's `ItemRanges` fits it). */
export interface RangedItem {
  unit: string;
  /** Outside it a value cannot be right: refused. */
  possible: ValueRange;
  /** Outside it a value is accepted with a warning (the consistency check `plausible-range`, src/kpis/consistency). */
  plausible: ValueRange;
}

/** What validation needs of a catalogue KPI (the catalogue's `CatalogueKpi` fits it). */
export interface ValidatableKpi extends RangedItem {
  code: string;
  dataPoints: readonly (RangedItem & { key: string })[];
}

export const PLAUSIBLE_RANGE_RULE = 'plausible-range';

const within = (value: number, range: ValueRange): boolean => value >= range.min && (range.max === null || value <= range.max);

const describeRange = (range: ValueRange): string =>
  range.max === null ? `at least ${range.min}` : `between ${range.min} and ${range.max}`;

/**
 * The problems with a value given for a KPI (and data point): `[]` when it can be recorded.
 * The data point is required for a KPI with data points, refused for one without, and must be
 * one of its keys; the value must be a finite number within the possible range of the item.
 */
export function validateValue(kpi: ValidatableKpi, dataPoint: string | null | undefined, value: unknown): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const keys = kpi.dataPoints.map((d) => d.key);
  const given = dataPoint === undefined || dataPoint === null || dataPoint === '' ? null : dataPoint;
  const point = kpi.dataPoints.find((d) => d.key === given);
  if (keys.length > 0 && given === null) {
    problems.push({ field: 'dataPoint', message: `dataPoint is required for ${kpi.code}: one of ${keys.join(', ')}` });
  } else if (keys.length === 0 && given !== null) {
    problems.push({ field: 'dataPoint', message: `dataPoint is not allowed: ${kpi.code} has a single value` });
  } else if (given !== null && !point) {
    problems.push({
      field: 'dataPoint',
      message: `unknown data point "${given}" for ${kpi.code}: one of ${keys.join(', ')}`,
    });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field: 'value', message: 'value must be a finite number' });
  } else {
    const item = point ?? kpi;
    if (!within(value, item.possible)) problems.push({ field: 'value', message: `value must be ${describeRange(item.possible)} (${item.unit})` });
  }
  return problems;
}
