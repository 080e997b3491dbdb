/**
 * The consistency engine: the flags of an engagement's values, computed from the rule file, the
 * catalogue, the values and the previous cycle's baseline. Pure and total: it never throws on
 * values (an unknown code, a non-finite number or a null value is simply not checked) and flags
 * only items given in `values`.
 */
import { itemKey } from '../../scoring/engine/scorecard';
import type { ValueRange } from '../../scoring/engine/types';
import type {
  BaselineChangeRule,
  BaselineItem,
  ChangeThreshold,
  CheckableItem,
  CheckedValue,
  ComparedNumber,
  ConsistencyCatalogue,
  ConsistencyFlag,
  ConsistencyRule,
  ConsistencyRules,
  ItemRef,
  RelationRule,
  RuleSource,
  TypicalRangeRule,
} from './types';

/** A unit stated as a share: "Percentage", "Percentage of city GDP", "% of trips to work". */
export const isPercentageUnit = (unit: string): boolean => /^\s*(percentage|%)/i.test(unit);

/** A number as a person writes it: ten significant digits at most, so no float noise (0.1 + 0.2 → "0.3"). */
export function formatNumber(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  const rounded = Number(n.toPrecision(10));
  // Near Number.MAX_VALUE the rounded text reads back as Infinity: keep the text.
  return Number.isFinite(rounded) ? String(rounded) : n.toPrecision(10).replace(/\.?0+e/, 'e');
}

/**
 * A change above its limit, with the fewest decimals that still show it above (a relative change
 * of 50.04 % against 50 % is "50.04 %", not "50 %"; 316.67 % is "317 %").
 */
function changeText(change: number, limit: number): string {
  for (let decimals = 0; decimals <= 6; decimals++) {
    const rounded = Math.round(change * 10 ** decimals) / 10 ** decimals;
    if (rounded > limit) return formatNumber(rounded);
  }
  return formatNumber(change);
}

/** The flag's `source`: "U4SSC KPIs Verification Manual (2022), p. 68". */
export const sourceText = (source: RuleSource): string => `${source.document}, ${source.page}`;

/** In a message: "Verification Manual p. 68" (the document's short name, without the publisher and year). */
const citation = (source: RuleSource): string =>
  `${source.document.replace(/^U4SSC KPIs\s+/, '').replace(/\s*\(\d{4}\)\s*$/, '')} ${source.page}`;

interface Item extends CheckableItem {
  code: string;
  dataPoint: string | null;
  label: string;
}

/** A value to check: the catalogue item it belongs to and a finite number. */
interface Checked {
  item: Item;
  value: number;
}

const pick = (i: CheckableItem): CheckableItem => ({ unit: i.unit, possible: i.possible, plausible: i.plausible });

/** The items values are given for: a KPI without data points, or one data point of a KPI (not the KPI itself). */
function itemsOf(catalogue: ConsistencyCatalogue): Map<string, Item> {
  const items = new Map<string, Item>();
  for (const kpi of catalogue.kpis) {
    if (kpi.dataPoints.length === 0) items.set(itemKey(kpi.code, null), { ...pick(kpi), code: kpi.code, dataPoint: null, label: kpi.name });
    for (const d of kpi.dataPoints) {
      items.set(itemKey(kpi.code, d.key), { ...pick(d), code: kpi.code, dataPoint: d.key, label: `${kpi.name} (${d.label})` });
    }
  }
  return items;
}

/** "80 %" for a percentage, "2.7" otherwise. */
const amount = (item: Item, n: number): string => (isPercentageUnit(item.unit) ? `${formatNumber(n)} %` : formatNumber(n));

/** "(unit: Number per 100 000 inhabitants)" where the unit is not a percentage. */
const unitNote = (item: Item): string => (isPercentageUnit(item.unit) ? '' : ` (unit: ${item.unit})`);

const own = (c: Checked): ComparedNumber => ({ label: c.item.label, code: c.item.code, dataPoint: c.item.dataPoint, value: c.value });
const bound = (label: string, value: number): ComparedNumber => ({ label, code: null, dataPoint: null, value });

/** The rule id and the numbers compared, each tied to its item (or to its role for a bound). */
function fingerprintOf(rule: string, compared: readonly ComparedNumber[]): string {
  const parts = compared.map((c) => `${c.code === null ? c.label : itemKey(c.code, c.dataPoint)}=${String(c.value)}`);
  return [rule, ...parts].join('|');
}

interface Context {
  values: Map<string, Checked>;
  baseline: Map<string, { value: number; year: number | null }>;
}

/** What one rule finds: flags keyed by item. */
type Found = [key: string, flag: ConsistencyFlag][];

function flagOf(rule: ConsistencyRule, message: string, compared: ComparedNumber[], extra: { range?: ValueRange; fingerprint?: string } = {}): ConsistencyFlag {
  return {
    rule: rule.id,
    severity: rule.severity,
    message,
    compared,
    reason: rule.reason,
    source: sourceText(rule.source),
    ...(extra.range ? { range: extra.range } : {}),
    fingerprint: extra.fingerprint ?? fingerprintOf(rule.id, compared),
  };
}

const valueOf = (ctx: Context, ref: ItemRef): Checked | undefined => ctx.values.get(itemKey(ref.code, ref.dataPoint ?? null));

function relation(rule: RelationRule, ctx: Context): Found {
  const left = valueOf(ctx, rule.left);
  const right = valueOf(ctx, rule.right);
  if (!left || !right) return [];
  const holds = rule.op === 'lte' ? left.value <= right.value : left.value >= right.value;
  if (holds) return [];
  // Both sides carry the same fingerprint: left, then right.
  const fingerprint = fingerprintOf(rule.id, [own(left), own(right)]);
  const side = (self: Checked, other: Checked): [string, ConsistencyFlag] => {
    const word = self.value > other.value ? 'above' : 'below';
    const message =
      `${self.item.label} (${amount(self.item, self.value)}) is ${word} ${other.item.label} (${amount(other.item, other.value)}): ` +
      `${rule.expected} (${citation(rule.source)}). ${rule.check}`;
    return [itemKey(self.item.code, self.item.dataPoint), flagOf(rule, message, [own(self), own(other)], { fingerprint })];
  };
  return [side(left, right), side(right, left)];
}

function typicalRange(rule: TypicalRangeRule, ctx: Context): Found {
  const checked = valueOf(ctx, rule.item);
  if (!checked) return [];
  const { item, value } = checked;
  const below = rule.min !== undefined && value < rule.min;
  const above = rule.max !== undefined && value > rule.max;
  if (!below && !above) return [];
  const limit = below ? rule.min! : rule.max!;
  const band = rule.bands?.find((b) => b.upTo === null || value <= b.upTo);
  const message =
    `${item.label} (${amount(item, value)}) is ${below ? 'below' : 'above'} ${amount(item, limit)}` +
    `${band ? `, in the guidance band "${band.label}"` : ''}: ${rule.expected} (${citation(rule.source)}). ${rule.check}`;
  const range = { min: rule.min ?? item.possible.min, max: rule.max ?? item.possible.max };
  return [
    [itemKey(item.code, item.dataPoint), flagOf(rule, message, [own(checked), bound(below ? 'typical minimum' : 'typical maximum', limit)], { range })],
  ];
}

function plausibleRange(rule: ConsistencyRule, ctx: Context): Found {
  const found: Found = [];
  for (const [key, checked] of ctx.values) {
    const { item, value } = checked;
    const { min, max } = item.plausible;
    const below = value < min;
    if (!below && (max === null || value <= max)) continue;
    const usual = max === null ? `at least ${amount(item, min)}` : `between ${amount(item, min)} and ${amount(item, max)}`;
    const message =
      `${item.label} (${amount(item, value)}) is ${below ? 'below' : 'above'} the plausible ${below ? 'minimum' : 'maximum'} ` +
      `for a city: usually ${usual}${unitNote(item)} (${citation(rule.source)}). ${rule.check}`;
    const compared = [own(checked), bound('plausible minimum', min), ...(max === null ? [] : [bound('plausible maximum', max)])];
    found.push([key, flagOf(rule, message, compared, { range: item.plausible })]);
  }
  return found;
}

/** The threshold of an item: its data point's entry, else its KPI's, else the default for its unit; null: not compared. */
function thresholdOf(rule: BaselineChangeRule, item: Item): ChangeThreshold | null {
  const exact = rule.perKpi.find((o) => o.code === item.code && (o.dataPoint ?? null) === item.dataPoint);
  const whole = rule.perKpi.find((o) => o.code === item.code && o.dataPoint === undefined);
  const entry = exact ?? whole;
  if (entry) return entry.threshold;
  return isPercentageUnit(item.unit) ? rule.default.percentage : rule.default.other;
}

function baselineChange(rule: BaselineChangeRule, ctx: Context): Found {
  const found: Found = [];
  for (const [key, checked] of ctx.values) {
    const before = ctx.baseline.get(key);
    if (!before) continue;
    const { item, value } = checked;
    const threshold = thresholdOf(rule, item);
    if (threshold === null) continue;
    const difference = value - before.value;
    if (!Number.isFinite(difference)) continue; // values near Number.MAX_VALUE: refused at submission, nothing to say
    const direction = difference > 0 ? 'rose' : 'fell';
    let change: string;
    let limit: string;
    if ('absolute' in threshold) {
      if (Math.abs(difference) <= threshold.absolute) continue;
      const unit = isPercentageUnit(item.unit) ? ' percentage points' : '';
      change = `${changeText(Math.abs(difference), threshold.absolute)}${unit}`;
      limit = `${formatNumber(threshold.absolute)}${unit}`;
    } else {
      // A zero baseline has no relative change: not compared (the plausible range still applies).
      const relative = (Math.abs(difference) / Math.abs(before.value)) * 100;
      if (!Number.isFinite(relative) || relative <= threshold.relative) continue;
      change = `${changeText(relative, threshold.relative)} %`;
      limit = `${formatNumber(threshold.relative)} %`;
    }
    const year = before.year === null ? '' : ` in ${before.year}`;
    const message =
      `${item.label} (${amount(item, value)}) ${direction} by ${change} from the previous cycle's baseline ` +
      `(${amount(item, before.value)}${year}): a change of more than ${limit} is unusual (${citation(rule.source)}). ${rule.check}`;
    const baselineNumber: ComparedNumber = {
      label: `baseline${year}`,
      code: item.code,
      dataPoint: item.dataPoint,
      value: before.value,
    };
    found.push([key, flagOf(rule, message, [own(checked), baselineNumber])]);
  }
  return found;
}

function run(rule: ConsistencyRule, ctx: Context): Found {
  switch (rule.kind) {
    case 'relation':
      return relation(rule, ctx);
    case 'typical-range':
      return typicalRange(rule, ctx);
    case 'plausible-range':
      return plausibleRange(rule, ctx);
    case 'baseline-change':
      return baselineChange(rule, ctx);
  }
}

/**
 * The flags of an engagement's values, keyed by `itemKey(code, dataPoint)`; items without flags are
 * absent. An item's flags come in rule-file order. Values that are null, not finite or not in the
 * catalogue are never checked; a later value for the same item replaces an earlier one.
 */
export function checkConsistency(
  rules: ConsistencyRules,
  catalogue: ConsistencyCatalogue,
  values: readonly CheckedValue[],
  baseline: readonly BaselineItem[],
): Map<string, ConsistencyFlag[]> {
  const items = itemsOf(catalogue);
  const ctx: Context = { values: new Map(), baseline: new Map() };
  for (const v of values) {
    const key = itemKey(v.code, v.dataPoint);
    const item = items.get(key);
    if (item && typeof v.value === 'number' && Number.isFinite(v.value)) ctx.values.set(key, { item, value: v.value });
    else ctx.values.delete(key);
  }
  for (const b of baseline) {
    const key = itemKey(b.code, b.dataPoint);
    if (typeof b.value === 'number' && Number.isFinite(b.value)) ctx.baseline.set(key, { value: b.value, year: b.year ?? null });
    else ctx.baseline.delete(key);
  }
  const flags = new Map<string, ConsistencyFlag[]>();
  for (const rule of rules.rules) {
    for (const [key, flag] of run(rule, ctx)) {
      const list = flags.get(key);
      if (list) list.push(flag);
      else flags.set(key, [flag]);
    }
  }
  return flags;
}
