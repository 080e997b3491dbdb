/**
 * The Assessment gate criterion "every core KPI (every data point of it) is verified, or marked
 * not available with a reason". Pure: the facts are gathered by ScorecardService.assessmentGateFacts.
 */
import type { GateCriterion, Unmet } from '../../workflows/gate-criteria';
import type { ValueStatus } from '../scoring/engine';

/** A core KPI item's state: its value's status, or `not_reported` when it has no value. */
export type CoreKpiStatus = ValueStatus | 'not_reported';

/** One core KPI (dataPoint null) or one data point of a core KPI. */
export interface CoreKpiItem {
  code: string;
  dataPoint: string | null;
  name: string;
  status: CoreKpiStatus;
}

const SETTLED: ReadonlySet<CoreKpiStatus> = new Set<CoreKpiStatus>(['verified', 'not_available']);

const WHAT_IS_MISSING: Record<Exclude<CoreKpiStatus, 'verified' | 'not_available'>, string> = {
  not_reported: 'has no value: submit one, or mark it not available with a reason',
  draft: 'is only a draft: submit it for verification, or mark it not available with a reason',
  submitted: 'is submitted but not verified yet: the verifier must verify it',
  rejected: 'was rejected by the verifier: correct and resubmit it, or mark it not available with a reason',
};

/**
 * One unmet condition per core KPI item that is neither verified nor marked not available;
 * condition `kpi:<code>:not-settled`, or `kpi:<code>:<data point>:not-settled` for a data point.
 */
export function coreKpisSettled(items: readonly CoreKpiItem[]): Unmet[] {
  return items
    .filter((item) => !SETTLED.has(item.status))
    .map((item) => {
      const status = item.status as keyof typeof WHAT_IS_MISSING;
      const subject = item.dataPoint
        ? `The core KPI "${item.name}" (${item.code}), data point ${item.dataPoint},`
        : `The core KPI "${item.name}" (${item.code})`;
      return {
        condition: item.dataPoint ? `kpi:${item.code}:${item.dataPoint}:not-settled` : `kpi:${item.code}:not-settled`,
        message: `${subject} ${WHAT_IS_MISSING[status]}.`,
      };
    });
}

/** The criterion as the Assessment gate names it: reads the KPI values (facts.coreKpis). */
export const coreKpisSettledCriterion: GateCriterion = {
  name: 'core-kpis-settled',
  reads: ['kpi-values'],
  evaluate: (facts) => coreKpisSettled((facts.coreKpis as CoreKpiItem[] | undefined) ?? []),
};
