/**
 * The action plan's rules, as data: an action's statuses and the moves between them, and the
 * procurement methods and statuses of the smart public procurement plan. Declared once here; the
 * entities, DTOs, migration and gate criteria import them.
 */

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** planned → in_progress → done; planned | in_progress → dropped. done and dropped are final. */
export const ACTION_TRANSITIONS: Record<ActionStatus, readonly ActionStatus[]> = {
  planned: ['in_progress', 'dropped'],
  in_progress: ['done', 'dropped'],
  done: [],
  dropped: [],
};

/** The statuses an action may be created with. */
export const ACTION_INITIAL_STATUSES: readonly ActionStatus[] = ['planned', 'in_progress'];

/** The statuses an action may move to from `from` (a status moving to itself is no move). */
export const allowedActionMoves = (from: ActionStatus): readonly ActionStatus[] => ACTION_TRANSITIONS[from];

export const mayMoveAction = (from: ActionStatus, to: ActionStatus): boolean => from === to || ACTION_TRANSITIONS[from].includes(to);

/** An action that still counts in the plan (addresses its gaps, needs procurement): not dropped. */
export const isActive = (status: ActionStatus): boolean => status !== 'dropped';

export const PROCUREMENT_METHODS = [
  'open_tender',
  'restricted',
  'negotiated',
  'innovation_partnership',
  'pre_commercial_procurement',
  'framework_call_off',
] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

export const PROCUREMENT_STATUSES = ['planned', 'tendering', 'awarded', 'cancelled'] as const;
export type ProcurementStatus = (typeof PROCUREMENT_STATUSES)[number];

/** A procurement item that still counts (toward the action's total, and for the Design gate): not cancelled. */
export const isLiveProcurement = (status: ProcurementStatus): boolean => status !== 'cancelled';

/**
 * How an action names the KPI (and data point) it targets in `kpiCodes` and `expectedValues`:
 * `<code>` for a single-value KPI, `<code>/<dataPoint>` for a data point (no KPI code has a `/`).
 */
export const targetKey = (code: string, dataPoint: string | null): string => (dataPoint === null ? code : `${code}/${dataPoint}`);

export function parseTargetKey(key: string): { code: string; dataPoint: string | null } {
  const slash = key.indexOf('/');
  if (slash < 0) return { code: key.trim(), dataPoint: null };
  const dataPoint = key.slice(slash + 1).trim();
  return { code: key.slice(0, slash).trim(), dataPoint: dataPoint === '' ? null : dataPoint };
}
