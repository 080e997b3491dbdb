import { buildScorecard, itemKey, withOverride } from './scorecard';
import type {
  AggregateRow,
  Band,
  KpiValueInput,
  ScorableKpi,
  Scorecard,
  ScorecardInput,
  ScoredItem,
  TargetSpec,
  ValueStatus,
} from './types';

/**
 * The City Simulation Tool: the engagement scored as if chosen actions reached their expected
 * values, beside today's scorecard. Both scorecards come from `buildScorecard` — the simulation
 * only changes the input, never the scoring.
 */

/** One expected value of an action: a single-value KPI (dataPoint null, or '') or one data point of a KPI. */
export interface Projection {
  code: string;
  dataPoint: string | null;
  expectedValue: number;
}

/**
 * The status a projected value is scored with: `submitted` — it counts as reported (it is scored,
 * and reported in completeness) but never as verified: a projection is nobody's verified measurement.
 */
export const PROJECTED_STATUS: ValueStatus = 'submitted';

/** One projection that names no item of the catalogue, or has no finite value; `index` is its position in the list given. */
export interface ProjectionProblem {
  index: number;
  field: 'code' | 'dataPoint' | 'expectedValue';
  message: string;
}

/** Projections that do not fit the catalogue (unknown KPI or data point, non-finite value): bad input, never scored. */
export class SimulationInputError extends Error {
  constructor(readonly problems: readonly ProjectionProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'SimulationInputError';
  }
}

/** One scored item (a single-value KPI or one data point) before and after the projection. */
export interface ItemChange {
  code: string;
  dataPoint: string | null;
  valueBefore: number | null;
  valueAfter: number | null;
  progressBefore: number | null;
  progressAfter: number | null;
  bandBefore: Band;
  bandAfter: Band;
  pointsBefore: number | null;
  pointsAfter: number | null;
}

/** One category, sub-dimension, dimension (name: string) or SDG (name: number) before and after. */
export interface AggregateChange<Name extends string | number = string> {
  name: Name;
  percentBefore: number | null;
  percentAfter: number | null;
  bandBefore: Band;
  bandAfter: Band;
  pointsBefore: number;
  pointsAfter: number;
  maxPointsBefore: number;
  maxPointsAfter: number;
}

/**
 * What the projection changes: every projected item, and every aggregate row that holds a projected
 * item (even when its numbers stay the same), in the scorecard's order.
 */
export interface SimulationChanges {
  kpis: ItemChange[];
  categories: AggregateChange[];
  subdimensions: AggregateChange[];
  dimensions: AggregateChange[];
  sdgs: AggregateChange<number>[];
}

export interface Simulation {
  current: Scorecard;
  projected: Scorecard;
  changes: SimulationChanges;
}

/** The item's target spec as scored: the catalogue's (KPI or data point) with the engagement's override. */
function specOf(kpi: ScorableKpi, dataPoint: string | null, input: ScorecardInput): TargetSpec {
  const base = dataPoint === null ? kpi : kpi.dataPoints.find((d) => d.key === dataPoint);
  const spec: TargetSpec = { target: base?.target ?? null, start: base?.start ?? null, direction: base?.direction ?? kpi.direction };
  const key = itemKey(kpi.code, dataPoint);
  // As buildScorecard reads them: where an item has several overrides, the last one counts.
  return withOverride(spec, (input.targets ?? []).filter((t) => itemKey(t.code, t.dataPoint) === key).at(-1));
}

/**
 * When several projections name one item, the best expected value counts, in the item's direction
 * (actions run side by side; each expected value is the KPI's value once that action is done):
 * `higher` the largest, `lower` the smallest, `band` the closest to the target (no target: the first
 * given). Among equals, the first given.
 */
export function bestExpectedValue(values: readonly number[], spec: TargetSpec): number {
  if (values.length === 0) throw new Error('bestExpectedValue needs at least one value');
  const target = spec.target;
  const score = (v: number): number =>
    spec.direction === 'higher' ? v : spec.direction === 'lower' ? -v : target === null ? 0 : -Math.abs(v - target);
  return values.reduce((best, v) => (score(v) > score(best) ? v : best));
}

interface Resolved {
  kpi: ScorableKpi;
  dataPoint: string | null;
  values: number[];
}

/** Checks each projection against the catalogue of the input; throws SimulationInputError naming each one that does not fit. */
function resolve(input: ScorecardInput, projections: readonly Projection[]): Map<string, Resolved> {
  const kpis = new Map(input.kpis.map((k) => [k.code, k]));
  const problems: ProjectionProblem[] = [];
  const items = new Map<string, Resolved>();
  projections.forEach((p, index) => {
    const kpi = kpis.get(p.code);
    const dataPoint = p.dataPoint === '' ? null : p.dataPoint;
    if (!kpi) {
      problems.push({ index, field: 'code', message: `${p.code} is not a KPI of the catalogue` });
      return;
    }
    const keys = kpi.dataPoints.map((d) => d.key);
    if (keys.length > 0 && dataPoint === null) {
      problems.push({ index, field: 'dataPoint', message: `${p.code} has data points (${keys.join(', ')}): name one` });
      return;
    }
    if (keys.length === 0 && dataPoint !== null) {
      problems.push({ index, field: 'dataPoint', message: `${p.code} has no data points (not ${dataPoint})` });
      return;
    }
    if (dataPoint !== null && !keys.includes(dataPoint)) {
      problems.push({ index, field: 'dataPoint', message: `${dataPoint} is not a data point of ${p.code} (${keys.join(', ')})` });
      return;
    }
    if (typeof p.expectedValue !== 'number' || !Number.isFinite(p.expectedValue)) {
      problems.push({ index, field: 'expectedValue', message: `the expected value of ${itemLabel(p.code, dataPoint)} must be a finite number` });
      return;
    }
    const key = itemKey(kpi.code, dataPoint);
    const item = items.get(key);
    if (item) item.values.push(p.expectedValue);
    else items.set(key, { kpi, dataPoint, values: [p.expectedValue] });
  });
  if (problems.length > 0) throw new SimulationInputError(problems);
  return items;
}

const itemLabel = (code: string, dataPoint: string | null): string => (dataPoint === null ? code : `${code}/${dataPoint}`);

/**
 * The input as if the projections were reached: each projected item's value replaced by its expected
 * value (the best one when several name it), with PROJECTED_STATUS — also where the item had no value,
 * or a draft, rejected or not-available one. Every other value, and the targets, stay as they are.
 */
export function projectedInput(input: ScorecardInput, projections: readonly Projection[]): ScorecardInput {
  return projectWith(input, resolve(input, projections));
}

function projectWith(input: ScorecardInput, items: Map<string, Resolved>): ScorecardInput {
  const expected = new Map(
    [...items].map(([key, it]) => [key, bestExpectedValue(it.values, specOf(it.kpi, it.dataPoint, input))] as const),
  );
  const projected = (code: string, dataPoint: string | null, value: number): KpiValueInput => ({
    code,
    dataPoint,
    value,
    status: PROJECTED_STATUS,
  });
  const seen = new Set<string>();
  const values = input.values.map((v) => {
    const key = itemKey(v.code, v.dataPoint);
    const value = expected.get(key);
    if (value === undefined) return v;
    seen.add(key);
    return projected(v.code, v.dataPoint, value);
  });
  for (const [key, it] of items) if (!seen.has(key)) values.push(projected(it.kpi.code, it.dataPoint, expected.get(key)!));
  return { ...input, values };
}

const itemChange = (before: ScoredItem, after: ScoredItem): ItemChange => ({
  code: before.code,
  dataPoint: before.dataPoint,
  valueBefore: before.value,
  valueAfter: after.value,
  progressBefore: before.progress,
  progressAfter: after.progress,
  bandBefore: before.band,
  bandAfter: after.band,
  pointsBefore: before.points,
  pointsAfter: after.points,
});

function aggregateChanges<Name extends string | number>(
  before: readonly AggregateRow<Name>[],
  after: readonly AggregateRow<Name>[],
  touched: ReadonlySet<Name>,
): AggregateChange<Name>[] {
  const afterOf = new Map(after.map((r) => [r.name, r]));
  return before
    .filter((r) => touched.has(r.name))
    .map((b) => {
      const a = afterOf.get(b.name) ?? b;
      return {
        name: b.name,
        percentBefore: b.percent,
        percentAfter: a.percent,
        bandBefore: b.band,
        bandAfter: a.band,
        pointsBefore: b.points,
        pointsAfter: a.points,
        maxPointsBefore: b.maxPoints,
        maxPointsAfter: a.maxPoints,
      };
    });
}

/**
 * Scores the input as it is (`current`) and as if every projection were reached (`projected`), and
 * lists the changes per KPI / data point, category, sub-dimension, dimension and SDG. No projection:
 * projected equals current and nothing changes. A projection naming an unknown KPI or data point, or
 * without a finite value: SimulationInputError, nothing scored.
 */
export function simulate(input: ScorecardInput, projections: readonly Projection[]): Simulation {
  const items = resolve(input, projections);
  const current = buildScorecard(input);
  const projected = buildScorecard(projectWith(input, items));
  const afterOf = new Map(projected.kpis.map((r) => [itemKey(r.code, r.dataPoint), r]));
  const kpis = current.kpis
    .filter((r) => items.has(itemKey(r.code, r.dataPoint)))
    .map((r) => itemChange(r, afterOf.get(itemKey(r.code, r.dataPoint)) ?? r));
  const touchedKpis = [...new Set([...items.values()].map((it) => it.kpi))];
  const names = <Name extends string | number>(of: (k: ScorableKpi) => readonly Name[]): Set<Name> =>
    new Set(touchedKpis.flatMap(of));
  return {
    current,
    projected,
    changes: {
      kpis,
      categories: aggregateChanges(current.categories, projected.categories, names((k) => [k.category])),
      subdimensions: aggregateChanges(current.subdimensions, projected.subdimensions, names((k) => [k.subdimension])),
      dimensions: aggregateChanges(current.dimensions, projected.dimensions, names((k) => [k.dimension])),
      sdgs: aggregateChanges(current.sdgs, projected.sdgs, names((k) => k.sdgs)),
    },
  };
}
