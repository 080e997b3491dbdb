import type { ValueProblem, ValueRange } from './types';

/** The two ranges of a KPI or data point (the catalogue's `ItemRanges` fits it). */
export interface RangedItem {
  unit: string;
  /** Outside it a value cannot be right: refused. */
  possible: ValueRange;
  /** Outside it a value is accepted with a warning. */
  plausible: ValueRange;
}

/** What validation needs of a catalogue KPI (the catalogue's `CatalogueKpi` fits it). */
export interface ValidatableKpi extends RangedItem {
  code: string;
  dataPoints: readonly (RangedItem & { key: string })[];
}

/** A consistency note on a stored value, shown to the verifier (API.md: `flags`). */
export interface ValueFlag {
  rule: string;
  severity: 'warning' | 'error';
  message: string;
  /** For a range rule: the range the value is outside of. */
  range?: ValueRange;
}

export const PLAUSIBLE_RANGE_RULE = 'plausible-range';

const within = (value: number, range: ValueRange): boolean => value >= range.min && (range.max === null || value <= range.max);

const describeRange = (range: ValueRange): string =>
  range.max === null ? `at least ${range.min}` : `between ${range.min} and ${range.max}`;

/** The KPI itself, or its data point with this key; undefined for an unknown key. */
function itemOf(kpi: ValidatableKpi, dataPoint: string | null): RangedItem | undefined {
  return dataPoint === null ? kpi : kpi.dataPoints.find((d) => d.key === dataPoint);
}

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

/**
 * Warnings on a value that can be recorded (see `validateValue`): outside the plausible range of
 * its KPI or data point. `[]` for a plausible value, an unknown data point or a non-number.
 */
export function valueFlags(kpi: ValidatableKpi, dataPoint: string | null, value: unknown): ValueFlag[] {
  const item = itemOf(kpi, dataPoint);
  if (!item || typeof value !== 'number' || !Number.isFinite(value) || within(value, item.plausible)) return [];
  return [
    {
      rule: PLAUSIBLE_RANGE_RULE,
      severity: 'warning',
      message: `${value} is outside the plausible range: usually ${describeRange(item.plausible)} (${item.unit}); check it before verifying`,
      range: item.plausible,
    },
  ];
}
