import { tidy } from './progress';
import { indexValues, itemKey } from './scorecard';
import type { Gap, GapReason, KpiType, KpiValueInput, Scorecard, ScoredItem } from './types';

const SCORED_BELOW_TARGET = new Set(['above_two_thirds', 'one_to_two_thirds', 'below_one_third']);

/** Ranking groups: core not reported, core not verified, scored gaps, advanced not reported. */
const GROUP: Record<GapReason, Record<KpiType, number>> = {
  not_reported: { core: 0, advanced: 3 },
  not_available: { core: 0, advanced: 3 },
  not_verified: { core: 1, advanced: 2 },
  below_target: { core: 2, advanced: 2 },
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function reasonOf(item: ScoredItem, type: KpiType, value: KpiValueInput | undefined): GapReason {
  if (item.band === 'no_data') return value?.status === 'not_available' ? 'not_available' : 'not_reported';
  return type === 'core' && value?.status !== 'verified' ? 'not_verified' : 'below_target';
}

function compareGaps(a: Gap, b: Gap): number {
  return (
    GROUP[a.reason][a.type] - GROUP[b.reason][b.type] ||
    (b.distance ?? 0) - (a.distance ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.dataPoint ?? '', b.dataPoint ?? '')
  );
}

/**
 * Every item below `reached`, ranked: core KPIs not reported first (the report's "KPIs not
 * reported"), then core reported but not verified, then the scored gaps by distance to target
 * (1 − progress) descending, then advanced KPIs not reported; ties by code and data point.
 * Items scored `reached` and items without a target (`no_target`) are not gaps.
 */
export function gapAnalysis(
  scorecard: Scorecard,
  kpis: readonly { code: string; type: KpiType }[],
  values: readonly KpiValueInput[],
): Gap[] {
  const typeOf = new Map(kpis.map((k) => [k.code, k.type]));
  const valueOf = indexValues(values);
  return scorecard.kpis
    .filter((item) => item.band === 'no_data' || SCORED_BELOW_TARGET.has(item.band))
    .map((item): Gap => {
      const type = typeOf.get(item.code);
      if (type === undefined) throw new Error(`gapAnalysis: KPI ${item.code} is not in the catalogue given`);
      return {
        code: item.code,
        dataPoint: item.dataPoint,
        band: item.band,
        value: item.value,
        target: item.target,
        distance: item.progress === null ? null : tidy(1 - item.progress),
        type,
        reason: reasonOf(item, type, valueOf.get(itemKey(item.code, item.dataPoint))),
      };
    })
    .sort(compareGaps);
}
