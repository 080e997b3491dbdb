/**
 * The consistency checks of the U4SSC KPIs Verification Manual as data (the rule file
 * `src/kpis/catalogue/u4ssc-2022.consistency-rules.json`), and the flags they give. Pure TypeScript.
 */
import type { ValueRange } from '../../scoring/engine/types';

export const FLAG_SEVERITIES = ['warning', 'error'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];

export const RULE_KINDS = ['relation', 'typical-range', 'plausible-range', 'baseline-change'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RELATION_OPS = ['lte', 'gte'] as const;
/** `lte`: left ≤ right is expected; `gte`: left ≥ right. Equal sides never trip. */
export type RelationOp = (typeof RELATION_OPS)[number];

/** A KPI item in catalogue codes: the data point's key for a KPI with data points. */
export interface ItemRef {
  code: string;
  dataPoint?: string;
}

export interface RuleSource {
  document: string;
  /** "p. 68", "pp. 35–36", "§5.3, p. 27". */
  page: string;
}

interface RuleBase {
  /** Stable, kebab-case: the flag's `rule`, and what acknowledgements refer to. */
  id: string;
  severity: FlagSeverity;
  /** Why: the manual's words. */
  reason: string;
  /** What a contributor should check, one or two sentences ending with a full stop. */
  check: string;
  source: RuleSource;
}

/** Two items whose values should stand in `op` to each other; a failure flags both. */
export interface RelationRule extends RuleBase {
  kind: 'relation';
  left: ItemRef;
  op: RelationOp;
  right: ItemRef;
  /** What is expected, in plain words: "potable water should be less than basic water". */
  expected: string;
}

/** A guidance band of a typical-range rule: values up to `upTo` (inclusive; null: no bound). */
export interface GuidanceBand {
  upTo: number | null;
  label: string;
}

/** Values below `min` or above `max` (exclusive: a value at the bound is typical) are flagged. */
export interface TypicalRangeRule extends RuleBase {
  kind: 'typical-range';
  item: ItemRef;
  min?: number;
  max?: number;
  /** The manual's bands, ascending, the last one unbounded; the message names the value's band. */
  bands?: GuidanceBand[];
  expected: string;
}

/** Every catalogue item's `plausible` range (the catalogue holds the bounds and their sources). */
export interface PlausibleRangeRule extends RuleBase {
  kind: 'plausible-range';
}

/**
 * How far a value may move from the previous cycle's baseline before it is flagged (a change
 * exactly at the threshold is not): `absolute` in the item's unit (percentage points for a
 * percentage), `relative` in per cent of the baseline value.
 */
export type ChangeThreshold = { absolute: number } | { relative: number };

export interface BaselineChangeOverride {
  code: string;
  /** Absent: the whole KPI (each of its data points), unless a data point has its own entry. */
  dataPoint?: string;
  /** null: the item is not compared with its baseline. */
  threshold: ChangeThreshold | null;
  /** Why this threshold. */
  note: string;
}

export interface BaselineChangeRule extends RuleBase {
  kind: 'baseline-change';
  /** `percentage`: items whose unit is a percentage (see `isPercentageUnit`); `other`: the rest. */
  default: { percentage: ChangeThreshold; other: ChangeThreshold };
  perKpi: BaselineChangeOverride[];
}

export type ConsistencyRule = RelationRule | TypicalRangeRule | PlausibleRangeRule | BaselineChangeRule;

export interface ConsistencyRules {
  edition: string;
  rules: ConsistencyRule[];
}

/** What the checks need of a catalogue item (the catalogue's KPIs and data points fit it). */
export interface CheckableItem {
  unit: string;
  possible: ValueRange;
  plausible: ValueRange;
}

/** What the checks need of the catalogue (`Catalogue` from src/kpis/catalogue fits it). */
export interface ConsistencyCatalogue {
  edition?: string;
  kpis: readonly (CheckableItem & {
    code: string;
    name: string;
    dataPoints: readonly (CheckableItem & { key: string; label: string })[];
  })[];
}

/** One number a flag compares: the value itself, the other KPI's value, a bound, the baseline. */
export interface ComparedNumber {
  label: string;
  /** The KPI item the number belongs to; null for a bound of a range. */
  code: string | null;
  dataPoint: string | null;
  value: number;
}

export interface ConsistencyFlag {
  rule: string;
  severity: FlagSeverity;
  /** Plain words with the numbers and what is expected, ending with what to check. */
  message: string;
  /** The value itself first, then what it was compared with. */
  compared: ComparedNumber[];
  reason: string;
  /** "U4SSC KPIs Verification Manual (2022), p. 68". */
  source: string;
  /** For a range rule: the range the value is outside of. */
  range?: ValueRange;
  /** The rule and the items and numbers compared: the same figures, the same fingerprint. */
  fingerprint: string;
}

/** A value of the engagement; `value` null (not available) is never checked. */
export interface CheckedValue {
  code: string;
  dataPoint: string | null;
  value: number | null;
}

/** One item of the previous cycle's baseline (`engagement.baseline.values` fits it). */
export interface BaselineItem {
  code: string;
  dataPoint: string | null;
  value: number | null;
  year?: number | null;
}
