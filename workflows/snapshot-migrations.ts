/**
 * Persisted engagement snapshots carry the MACHINE_VERSION they were written with; these
 * steps bring an older one up to date before it is restored.
 *
 * Version 1 had no `active` wrapper: the stages sat at the root beside onHold, cancelled and
 * completed, so values were `{ design: 'inReview' }`, `'onHold'`, …, and its history was kept
 * under `engagement.resumePoint`, remembering ids like `engagement.design.inReview`.
 */
import {
  MACHINE_VERSION,
  REOPEN_POINT,
  RESUME_POINT,
  STAGES,
  restore,
  type PersistedEngagementSnapshot,
} from './engagement.machine';

type Migration = (snapshot: PersistedEngagementSnapshot) => PersistedEngagementSnapshot;

/** `steps[n]` turns a version-n snapshot into a version-(n+1) one. */
const steps: Record<number, Migration> = {
  1: (v1) => {
    const inActive = (id: string) => id.replace(/^engagement\./, 'engagement.active.');
    const historyValue: PersistedEngagementSnapshot['historyValue'] = {};
    for (const [historyId, nodes] of Object.entries(v1.historyValue ?? {})) {
      historyValue[inActive(historyId)] = nodes.map((n) => ({ id: inActive(n.id) }));
    }
    // Version 1 had no shallow history: REOPEN returns to the stage RESUME would have.
    const resumeAt = historyValue[RESUME_POINT]?.[0]?.id;
    if (resumeAt && !historyValue[REOPEN_POINT]) {
      historyValue[REOPEN_POINT] = [{ id: resumeAt.split('.').slice(0, 3).join('.') }];
    }
    const { value } = v1;
    const inStage = typeof value === 'object' && STAGES.some((s) => s in value);
    return {
      ...v1,
      value: inStage ? { active: value } : value,
      historyValue,
      context: v1.context ?? {},
      children: v1.children ?? {},
    };
  },
};

/** Brings a snapshot written by `fromVersion` of the definition to MACHINE_VERSION; throws if it cannot. */
export function migrateSnapshot(persisted: PersistedEngagementSnapshot, fromVersion: number): PersistedEngagementSnapshot {
  if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion > MACHINE_VERSION) {
    throw new Error(`Cannot migrate an engagement snapshot from machine version ${fromVersion}`);
  }
  let snapshot = persisted;
  for (let version = fromVersion; version < MACHINE_VERSION; version++) {
    const step = steps[version];
    if (!step) throw new Error(`No migration from machine version ${version}`);
    snapshot = step(snapshot);
  }
  restore(snapshot); // throws if the result is not a state of this definition
  return snapshot;
}
