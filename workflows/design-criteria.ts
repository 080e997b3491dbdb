/**
 * The Design gate's criteria (SPEC "Review gates"): every KPI in the lowest scoring band has an
 * action or an explicit deferral; every action that needs procurement has a procurement item.
 * Pure: src/plans/plans-at-gates.ts loads the facts inside the gate's transaction.
 */
import { isActive, isLiveProcurement, type ActionStatus, type ProcurementStatus } from './action-plan';
import type { GateCriterion, Unmet } from './gate-criteria';

/** One KPI (dataPoint null) or data point of the current scorecard in the lowest band (below_one_third). */
export interface LowBandItem {
  code: string;
  dataPoint: string | null;
  name: string;
}

export interface PlannedAction {
  id: string;
  title: string;
  status: ActionStatus;
  requiresProcurement: boolean;
  /** What it targets. */
  targets: readonly { code: string; dataPoint: string | null }[];
}

export interface PlannedProcurement {
  actionId: string;
  status: ProcurementStatus;
}

export interface DesignFacts {
  lowBand: readonly LowBandItem[];
  actions: readonly PlannedAction[];
  deferrals: readonly { code: string; dataPoint: string | null }[];
  procurement: readonly PlannedProcurement[];
}

const key = (code: string, dataPoint: string | null) => `${code}\u0000${dataPoint ?? ''}`;

/** Condition `gap:<code>[:<dataPoint>]:no-action` for each lowest-band item with no active action and no deferral. */
export function lowBandKpisHaveActions(facts: Pick<DesignFacts, 'lowBand' | 'actions' | 'deferrals'>): Unmet[] {
  const addressed = new Set(facts.actions.filter((a) => isActive(a.status)).flatMap((a) => a.targets.map((t) => key(t.code, t.dataPoint))));
  const deferred = new Set(facts.deferrals.map((d) => key(d.code, d.dataPoint)));
  return facts.lowBand
    .filter((item) => !addressed.has(key(item.code, item.dataPoint)) && !deferred.has(key(item.code, item.dataPoint)))
    .map((item) => ({
      condition: item.dataPoint ? `gap:${item.code}:${item.dataPoint}:no-action` : `gap:${item.code}:no-action`,
      message:
        `The KPI "${item.name}" (${item.code})${item.dataPoint ? `, data point ${item.dataPoint},` : ''} is in the lowest band ` +
        '(target reached by one third or less) and no action of the plan addresses it: add an action, or defer the gap with a reason.',
    }));
}

/** Condition `action:<id>:no-procurement-item` for each active action that requires procurement and has no live item. */
export function procurementItemsForActions(facts: Pick<DesignFacts, 'actions' | 'procurement'>): Unmet[] {
  const covered = new Set(facts.procurement.filter((p) => isLiveProcurement(p.status)).map((p) => p.actionId));
  return facts.actions
    .filter((a) => isActive(a.status) && a.requiresProcurement && !covered.has(a.id))
    .map((a) => ({
      condition: `action:${a.id}:no-procurement-item`,
      message: `The action "${a.title}" requires procurement and has no procurement item (that is not cancelled): add one to the procurement plan.`,
    }));
}

const designFacts = (facts: Record<string, unknown>): DesignFacts => ({
  lowBand: (facts.lowBand as LowBandItem[] | undefined) ?? [],
  actions: (facts.actions as PlannedAction[] | undefined) ?? [],
  deferrals: (facts.deferrals as DesignFacts['deferrals'] | undefined) ?? [],
  procurement: (facts.procurement as PlannedProcurement[] | undefined) ?? [],
});

export const lowBandKpisHaveActionsCriterion: GateCriterion = {
  name: 'low-band-kpis-have-actions',
  reads: ['kpi-values', 'targets', 'actions'],
  evaluate: (facts) => lowBandKpisHaveActions(designFacts(facts)),
};

export const procurementItemsForActionsCriterion: GateCriterion = {
  name: 'procurement-items-for-actions',
  reads: ['actions', 'procurement'],
  evaluate: (facts) => procurementItemsForActions(designFacts(facts)),
};
