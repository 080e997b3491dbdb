/**
 * The Implementation gate's own criteria (beside required-tasks-settled). Pure: the facts are
 * gathered by MonitoringService.gateFacts; provided to the gates by MonitoringAtGates.
 */
import type { GateCriterion, Unmet } from '../../workflows/gate-criteria';

/** The implementation checklist's QA task (workflows/checklists.ts). */
export const IMPLEMENTATION_QA_TASK = 'implementation-plan-qa';

/**
 * `implementation-qa-passed`: the QA of the implementation plan is done. Waiving it does not pass it
 * (a waived QA is not a QA that passed), unlike required-tasks-settled.
 */
export const implementationQaPassed: GateCriterion = {
  name: 'implementation-qa-passed',
  reads: ['tasks'],
  evaluate: ({ tasks }): Unmet[] => {
    const qa = tasks.filter((t) => t.key === IMPLEMENTATION_QA_TASK);
    if (qa.length === 0) {
      return [{ condition: `task:${IMPLEMENTATION_QA_TASK}:missing`, message: 'The implementation plan has no quality-assurance task: the QA checklist must be done before the gate.' }];
    }
    return qa
      .filter((t) => t.status !== 'done')
      .map((t) => ({
        condition: `task:${t.key}:not-done`,
        message: `The quality assurance of the implementation plan ("${t.title}") is ${t.status === 'waived' ? 'waived, which does not pass it' : t.status.replace('_', ' ')}: the QA must be done.`,
      }));
  },
};

/** A KPI item targeted by actions not dropped, and whether it has a measurement after its baseline. */
export interface TargetedItem {
  code: string;
  dataPoint: string | null;
  name: string;
  actions: readonly { id: string; title: string }[];
  /** The baseline date (`YYYY-MM-DD`), or null when the item has no baseline. */
  baselineDate: string | null;
  /** How many measurements are dated after the baseline (after nothing, without a baseline). */
  measuredAfterBaseline: number;
  /** Those measurements, oldest first, with their verification (kept on the gate record with the decision). */
  measurements?: readonly { id: string; value: number; date: string; status: string }[];
}

/** `targeted-kpis-monitored`: every KPI/data point an action (not dropped) targets is measured after its baseline. */
export function targetedKpisMonitored(items: readonly TargetedItem[]): Unmet[] {
  return items
    .filter((item) => item.measuredAfterBaseline === 0)
    .map((item) => {
      const subject = item.dataPoint ? `"${item.name}" (${item.code}), data point ${item.dataPoint},` : `"${item.name}" (${item.code})`;
      const actions = item.actions.map((a) => `"${a.title}"`).join(', ');
      const after = item.baselineDate ? `after its baseline of ${item.baselineDate}` : 'yet';
      return {
        condition: item.dataPoint ? `kpi:${item.code}:${item.dataPoint}:not-monitored` : `kpi:${item.code}:not-monitored`,
        message: `The KPI ${subject} targeted by the action${item.actions.length === 1 ? '' : 's'} ${actions}, has no measurement ${after}: record one.`,
      };
    });
}

export const targetedKpisMonitoredCriterion: GateCriterion = {
  name: 'targeted-kpis-monitored',
  reads: ['measurements', 'actions'],
  evaluate: (facts) => targetedKpisMonitored((facts.targetedItems as TargetedItem[] | undefined) ?? []),
};
