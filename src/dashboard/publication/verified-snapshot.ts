/**
 * A verified snapshot: the scorecard a gate decision froze, recomputed from the values that were
 * verified at that decision only. Whatever was submitted but not verified, rejected, or not reported
 * shows without a value. Pure TypeScript: it reads the frozen record as data and trusts nothing in it.
 */
import { catalogueItems } from '../../kpis/catalogue-items';
import type { CatalogueKpi } from '../../kpis/catalogue/catalogue';
import { buildScorecard, itemKey, VALUE_STATUSES, type KpiValueInput, type Scorecard, type TargetOverride, type ValueStatus } from '../../scoring/engine';

/** How an item stood at the decision, as the public may know it. */
export type ItemStanding = 'verified' | 'not_verified' | 'not_available' | 'not_reported';

export interface SnapshotItem {
  code: string;
  dataPoint: string | null;
  standing: ItemStanding;
}

export interface VerifiedSnapshot {
  /** The scorecard of verified values only (bands, dimension, sub-dimension and SDG scores). */
  scorecard: Scorecard;
  /** Every catalogue item with how it stood; values are in the scorecard, for verified items only. */
  items: SnapshotItem[];
  catalogueEdition: string | null;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStatus = (x: unknown): x is ValueStatus => typeof x === 'string' && (VALUE_STATUSES as readonly string[]).includes(x);
const numberOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const textOrNull = (x: unknown): string | null => (typeof x === 'string' ? x : null);

/** The values and target overrides a frozen scorecard (a gate's `scorecardAtDecision`) was computed from. */
function frozenInputs(frozen: unknown): { values: KpiValueInput[]; targets: TargetOverride[]; catalogueEdition: string | null } {
  const inputs = isObject(frozen) && isObject(frozen.inputs) ? frozen.inputs : {};
  const values = (Array.isArray(inputs.values) ? inputs.values : []).flatMap((v): KpiValueInput[] =>
    isObject(v) && typeof v.code === 'string' && isStatus(v.status)
      ? [{ code: v.code, dataPoint: textOrNull(v.dataPoint), value: numberOrNull(v.value), status: v.status }]
      : [],
  );
  const targets = (Array.isArray(inputs.targets) ? inputs.targets : []).flatMap((t): TargetOverride[] =>
    isObject(t) && typeof t.code === 'string'
      ? [{ code: t.code, dataPoint: textOrNull(t.dataPoint), target: numberOrNull(t.target), ...(t.start === undefined ? {} : { start: numberOrNull(t.start) }) }]
      : [],
  );
  return { values, targets, catalogueEdition: textOrNull(inputs.catalogueEdition) };
}

/** The verified snapshot of a frozen scorecard, against the catalogue's KPIs. */
export function verifiedSnapshot(frozen: unknown, kpis: readonly CatalogueKpi[]): VerifiedSnapshot {
  const { values, targets, catalogueEdition } = frozenInputs(frozen);
  const verified = values.filter((v) => v.status === 'verified' && v.value !== null);
  const statusOf = new Map(values.map((v) => [itemKey(v.code, v.dataPoint), v.status]));
  const scorecard = buildScorecard({ kpis, values: verified, targets });
  const items = catalogueItems(kpis).map(({ kpi, dataPoint }): SnapshotItem => {
    const status = statusOf.get(itemKey(kpi.code, dataPoint));
    const standing: ItemStanding =
      status === 'verified' ? 'verified' : status === 'not_available' ? 'not_available' : status === undefined || status === 'draft' ? 'not_reported' : 'not_verified';
    return { code: kpi.code, dataPoint, standing };
  });
  return { scorecard, items, catalogueEdition };
}
