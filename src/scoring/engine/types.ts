/**
 * The vocabulary of U4SSC scoring. Pure types: nothing here knows about Nest, TypeORM or HTTP.
 */

/** Which way is better: `band` = best at the target, worse on either side (e.g. gender income ratio 1). */
export const DIRECTIONS = ['higher', 'lower', 'band'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const KPI_TYPES = ['core', 'advanced'] as const;
export type KpiType = (typeof KPI_TYPES)[number];

/** The four U4SSC performance bands, and the two ways an item is left out of a score. */
export const BANDS = ['reached', 'above_two_thirds', 'one_to_two_thirds', 'below_one_third', 'no_target', 'no_data'] as const;
export type Band = (typeof BANDS)[number];

/** `start` is the value that means 0 % progress; `target` the value that means 100 %. */
export interface TargetSpec {
  target: number | null;
  start: number | null;
  direction: Direction;
}

/** A range of values of a KPI or data point (possible or plausible); `max: null` = no upper bound. */
export interface ValueRange {
  min: number;
  max: number | null;
}

export interface ScorableDataPoint extends TargetSpec {
  key: string;
}

/** What the engine needs of a catalogue KPI (the catalogue's `CatalogueKpi` fits it). */
export interface ScorableKpi extends TargetSpec {
  code: string;
  type: KpiType;
  dimension: string;
  subdimension: string;
  category: string;
  sdgs: readonly number[];
  /** `[]` for a single-value KPI; otherwise each data point is scored on its own. */
  dataPoints: readonly ScorableDataPoint[];
}

/** An engagement's target, replacing the catalogue default; omitted `start`/`direction` keep the catalogue's. */
export interface TargetOverride {
  code: string;
  dataPoint: string | null;
  target: number | null;
  start?: number | null;
  direction?: Direction;
}

export const VALUE_STATUSES = ['draft', 'submitted', 'verified', 'rejected', 'not_available'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

/** The current value of one KPI (dataPoint null) or one data point (dataPoint = its key). */
export interface KpiValueInput {
  code: string;
  dataPoint: string | null;
  value: number | null;
  status: ValueStatus;
}

export interface ScorecardInput {
  kpis: readonly ScorableKpi[];
  targets?: readonly TargetOverride[];
  values: readonly KpiValueInput[];
}

/** One row per single-value KPI and per data point. `progress` is a fraction 0–1 (null when not scored). */
export interface ScoredItem {
  code: string;
  dataPoint: string | null;
  value: number | null;
  target: number | null;
  start: number | null;
  progress: number | null;
  band: Band;
  /** 1–4; null when the item is left out (`no_target`, `no_data`). */
  points: number | null;
}

export interface AggregateCounts {
  scored: number;
  noTarget: number;
  noData: number;
}

/** A category, sub-dimension, dimension (name: string) or SDG (name: number). `percent` is 0–100, null when nothing is scored. */
export interface AggregateRow<Name extends string | number = string> {
  name: Name;
  points: number;
  maxPoints: number;
  percent: number | null;
  band: Band;
  counts: AggregateCounts;
}

export interface ReportingCounts {
  total: number;
  reported: number;
  verified: number;
}

export interface TypeCompleteness extends ReportingCounts {
  /** Every scored item: a single-value KPI counts as one data point. */
  dataPoints: ReportingCounts;
}

export interface Completeness {
  core: TypeCompleteness;
  advanced: TypeCompleteness;
}

export interface Scorecard {
  kpis: ScoredItem[];
  categories: AggregateRow[];
  subdimensions: AggregateRow[];
  dimensions: AggregateRow[];
  sdgs: AggregateRow<number>[];
  completeness: Completeness;
}

export type GapReason = 'not_reported' | 'not_available' | 'not_verified' | 'below_target';

export interface Gap {
  code: string;
  dataPoint: string | null;
  band: Band;
  value: number | null;
  target: number | null;
  /** 1 − progress (0–1, comparable across units); null when not reported. */
  distance: number | null;
  type: KpiType;
  reason: GapReason;
}

export interface ValueProblem {
  field: 'dataPoint' | 'value';
  message: string;
}
