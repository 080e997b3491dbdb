import { bandOf, hasTarget, isReported, pointsOf, progress } from './progress';
import type {
  AggregateRow,
  Band,
  Completeness,
  KpiType,
  KpiValueInput,
  ReportingCounts,
  ScorableKpi,
  Scorecard,
  ScorecardInput,
  ScoredItem,
  TargetOverride,
  TargetSpec,
  TypeCompleteness,
} from './types';

/** Identifies one scored item: a single-value KPI (dataPoint null) or one data point. */
export const itemKey = (code: string, dataPoint: string | null): string => `${code}#${dataPoint ?? ''}`;

/** The values by item; where an item has several, the last one counts. */
export function indexValues(values: readonly KpiValueInput[]): Map<string, KpiValueInput> {
  return new Map(values.map((v) => [itemKey(v.code, v.dataPoint), v]));
}

interface Item {
  kpi: ScorableKpi;
  row: ScoredItem;
  hasTarget: boolean;
  verified: boolean;
}

const reported = (item: Item): boolean => item.row.value !== null;

/** A catalogue target spec with the engagement's override applied, if any (omitted fields keep the catalogue's). */
export function withOverride(base: TargetSpec, override: TargetOverride | undefined): TargetSpec {
  if (!override) return base;
  return {
    target: override.target,
    start: override.start === undefined ? base.start : override.start,
    direction: override.direction ?? base.direction,
  };
}

function scoreItem(kpi: ScorableKpi, dataPoint: string | null, spec: TargetSpec, entry: KpiValueInput | undefined): Item {
  const given = entry && isReported(entry.status) ? entry.value : null;
  const value = given !== null && Number.isFinite(given) ? given : null;
  const share = value === null ? null : progress(value, spec);
  const band: Band = value === null ? 'no_data' : share === null ? 'no_target' : bandOf(share);
  const row: ScoredItem = {
    code: kpi.code,
    dataPoint,
    value,
    target: spec.target,
    start: spec.start,
    progress: share,
    band,
    points: pointsOf(band),
  };
  return { kpi, row, hasTarget: hasTarget(spec), verified: value !== null && entry?.status === 'verified' };
}

/**
 * The official U4SSC rule: points of the scored items ÷ (4 × their count). Items without data or
 * without a target leave the denominator. Nothing scored: percent null, band `no_target` when no
 * item has a target, otherwise `no_data`.
 */
function aggregate<Name extends string | number>(name: Name, items: readonly Item[]): AggregateRow<Name> {
  const points = items.reduce((sum, i) => sum + (i.row.points ?? 0), 0);
  const scored = items.filter((i) => i.row.points !== null).length;
  const maxPoints = 4 * scored;
  const band: Band =
    scored > 0 ? bandOf(points / maxPoints) : items.some((i) => i.hasTarget) ? 'no_data' : 'no_target';
  return {
    name,
    points,
    maxPoints,
    percent: scored > 0 ? (points / maxPoints) * 100 : null,
    band,
    counts: {
      scored,
      noTarget: items.filter((i) => i.row.band === 'no_target').length,
      noData: items.filter((i) => i.row.band === 'no_data').length,
    },
  };
}

/** Aggregate rows in order of first appearance. */
function aggregateBy<Name extends string | number>(
  items: readonly Item[],
  namesOf: (kpi: ScorableKpi) => readonly Name[],
): AggregateRow<Name>[] {
  const groups = new Map<Name, Item[]>();
  for (const item of items) {
    for (const name of new Set(namesOf(item.kpi))) {
      const members = groups.get(name);
      if (members) members.push(item);
      else groups.set(name, [item]);
    }
  }
  return [...groups].map(([name, members]) => aggregate(name, members));
}

function counts(units: readonly (readonly Item[])[]): ReportingCounts {
  return {
    total: units.length,
    reported: units.filter((u) => u.every(reported)).length,
    verified: units.filter((u) => u.every((i) => i.verified)).length,
  };
}

/** A KPI is reported (verified) when every one of its data points is. */
function completenessOf(kpis: readonly ScorableKpi[], items: readonly Item[], type: KpiType): TypeCompleteness {
  const ofType = items.filter((i) => i.kpi.type === type);
  const perKpi = kpis.filter((k) => k.type === type).map((k) => ofType.filter((i) => i.kpi === k));
  return { ...counts(perKpi), dataPoints: counts(ofType.map((i) => [i])) };
}

/**
 * The scorecard of one engagement: a row per single-value KPI and per data point, the
 * category / sub-dimension / dimension / SDG aggregates, and completeness beside them.
 */
export function buildScorecard(input: ScorecardInput): Scorecard {
  const values = indexValues(input.values);
  const overrides = new Map((input.targets ?? []).map((t) => [itemKey(t.code, t.dataPoint), t]));
  const items = input.kpis.flatMap((kpi) => {
    const single = { key: null, target: kpi.target, start: kpi.start, direction: kpi.direction };
    const targets = kpi.dataPoints.length > 0 ? kpi.dataPoints : [single];
    return targets.map((spec) => {
      const key = itemKey(kpi.code, spec.key);
      return scoreItem(kpi, spec.key, withOverride(spec, overrides.get(key)), values.get(key));
    });
  });
  const completeness: Completeness = {
    core: completenessOf(input.kpis, items, 'core'),
    advanced: completenessOf(input.kpis, items, 'advanced'),
  };
  return {
    kpis: items.map((i) => i.row),
    categories: aggregateBy(items, (k) => [k.category]),
    subdimensions: aggregateBy(items, (k) => [k.subdimension]),
    dimensions: aggregateBy(items, (k) => [k.dimension]),
    sdgs: aggregateBy(items, (k) => k.sdgs).sort((a, b) => a.name - b.name),
    completeness,
  };
}
