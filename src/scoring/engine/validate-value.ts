import type { ValueProblem, ValueRange } from './types';

/** What validation needs of a catalogue KPI (the catalogue's `CatalogueKpi` fits it). */
export interface ValidatableKpi {
  code: string;
  unit: string;
  range: ValueRange;
  dataPoints: readonly { key: string; unit: string; range: ValueRange }[];
}

function rangeProblem(value: number, range: ValueRange, unit: string): string | null {
  if (range.max === null) return value < range.min ? `value must be at least ${range.min} (${unit})` : null;
  return value < range.min || value > range.max
    ? `value must be between ${range.min} and ${range.max} (${unit})`
    : null;
}

/**
 * The problems with a value given for a KPI (and data point): `[]` when it can be recorded.
 * The data point is required for a KPI with data points, refused for one without, and must be
 * one of its keys; the value must be a finite number within the plausible range of its unit.
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
    const outOfRange = point ? rangeProblem(value, point.range, point.unit) : rangeProblem(value, kpi.range, kpi.unit);
    if (outOfRange) problems.push({ field: 'value', message: outOfRange });
  }
  return problems;
}
