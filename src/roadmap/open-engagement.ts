import { EntityManager } from 'typeorm';
import { initialEngagementSnapshot, MACHINE_VERSION, stageAndStep } from '../../workflows/engagement.machine';
import { createStageTasks } from '../checklists/stage-tasks';
import { Engagement, EngagementBaseline } from '../engagements/engagement.entity';
import { HistoryEntry } from '../engagements/history-entry.entity';

export interface NewEngagement {
  cityId: string;
  title: string;
  managerId: string;
  cycle: number;
  previousEngagementId?: string | null;
  baseline?: EngagementBaseline | null;
  createdBy: string;
}

/**
 * Inside a transaction: a new engagement at the machine's initial state (assessment / inProgress),
 * version 1, with the assessment checklist and its first history row. Used for a first engagement
 * and for each next cycle.
 */
export async function openEngagement(tx: EntityManager, fields: NewEngagement, payload: Record<string, unknown> = {}): Promise<Engagement> {
  const snapshot = initialEngagementSnapshot();
  const { stage, step } = stageAndStep(snapshot);
  const repo = tx.getRepository(Engagement);
  const engagement = await repo.save(
    repo.create({
      ...fields,
      previousEngagementId: fields.previousEngagementId ?? null,
      baseline: fields.baseline ?? null,
      stage,
      step,
      snapshot: snapshot as unknown as Record<string, unknown>,
      machineVersion: MACHINE_VERSION,
      version: 1,
    }),
  );
  await createStageTasks(tx, engagement.id, 'assessment');
  await tx.getRepository(HistoryEntry).insert({
    engagementId: engagement.id,
    actorId: fields.createdBy,
    type: 'ENGAGEMENT_OPENED',
    from: null,
    to: `${stage}.${step}`,
    payload: { title: engagement.title, cityId: fields.cityId, managerId: fields.managerId, cycle: fields.cycle, ...payload },
    version: 1,
  });
  return engagement;
}
