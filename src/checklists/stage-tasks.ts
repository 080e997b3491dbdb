import { EntityManager } from 'typeorm';
import type { Stage } from '../../workflows/engagement.machine';
import { tasksForStage } from '../../workflows/checklists';
import { Task } from './task.entity';

/**
 * Creates the stage's checklist (workflows/checklists.ts) for an engagement entering it. A stage
 * entered again (after a reopen) keeps the tasks it had. Returns the keys of the tasks created.
 */
export async function createStageTasks(tx: EntityManager, engagementId: string, stage: Stage): Promise<string[]> {
  const tasks = tx.getRepository(Task);
  const existing = new Set((await tasks.findBy({ engagementId, stage })).map((t) => t.key));
  const fresh = tasksForStage(stage).filter((t) => !existing.has(t.key));
  if (fresh.length === 0) return [];
  await tasks.insert(
    fresh.map((t) => ({
      engagementId,
      stage,
      key: t.key,
      position: tasksForStage(stage).indexOf(t),
      title: t.title,
      description: t.description,
      required: t.required,
      expectedRole: t.expectedRole,
      status: 'open' as const,
    })),
  );
  return fresh.map((t) => t.key);
}
