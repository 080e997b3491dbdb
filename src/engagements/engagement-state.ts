import { MACHINE_VERSION, PersistedEngagementSnapshot, StageAndStep, stageAndStep } from '../../workflows/engagement.machine';
import { migrateSnapshot } from '../../workflows/snapshot-migrations';
import { Engagement } from './engagement.entity';

/** The engagement's snapshot as the current machine definition reads it (older versions migrated). */
export function currentSnapshot(engagement: Engagement): PersistedEngagementSnapshot {
  const stored = engagement.snapshot as unknown as PersistedEngagementSnapshot;
  return engagement.machineVersion === MACHINE_VERSION ? stored : migrateSnapshot(stored, engagement.machineVersion);
}

/** `assessment.inReview`, `onHold`, `completed`… as written in history rows. */
export function stateLabel(state: StageAndStep): string {
  return state.step ? `${state.stage}.${state.step}` : state.stage;
}

/** The stage whose checklist and gate apply now: the current one, or the one paused on hold / cancelled. */
export function workingStage(state: StageAndStep) {
  if (state.stage === 'onHold' || state.stage === 'cancelled') return state.pausedStage ?? null;
  if (state.stage === 'completed') return null;
  return state.stage;
}

export const stateOf = (engagement: Engagement) => stageAndStep(currentSnapshot(engagement));
