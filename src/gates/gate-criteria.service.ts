import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Stage } from '../../workflows/engagement.machine';
import {
  criteriaOf,
  evaluateCriteria,
  frozenInReview,
  GateCriterion,
  GateFacts,
  requiredTasksSettled,
  unprovidedCriteria,
  Unmet,
} from '../../workflows/gate-criteria';
import { roadmapDefinition, RoadmapDefinition } from '../../workflows/roadmap.definition';
import { Task } from '../checklists/task.entity';
import { ReviewFreeze } from '../engagements/review-freeze';

/** Loads, inside the caller's transaction, the facts one criterion reads beyond the stage's tasks. */
export type GateFactLoader = (tx: EntityManager, engagementId: string, stage: Stage) => Promise<Record<string, unknown>>;

interface Provided {
  criterion: GateCriterion;
  load?: GateFactLoader;
}

/**
 * The one place gate criteria plug in. A module provides a criterion (a name, the parts it reads, a
 * pure evaluation) with the loader of its facts; the workflow definition names which criteria each
 * gate checks. At start-up every name the definition uses must be provided, or the server refuses
 * to start. It also tells ReviewFreeze what a review of each stage freezes.
 */
@Injectable()
export class GateCriteriaService implements OnApplicationBootstrap {
  private readonly provided = new Map<string, Provided>();
  /** The workflow definition whose gates this serves. */
  protected definition: RoadmapDefinition = roadmapDefinition;

  constructor(freeze: ReviewFreeze) {
    this.provide(requiredTasksSettled);
    freeze.use((stage) => frozenInReview(this.criteriaOf(stage)));
  }

  provide(criterion: GateCriterion, load?: GateFactLoader): void {
    if (this.provided.has(criterion.name)) throw new Error(`Gate criterion "${criterion.name}" is provided twice`);
    this.provided.set(criterion.name, { criterion, load });
  }

  /** Refuses to start when the definition names a criterion that no module provides. */
  onApplicationBootstrap(): void {
    const missing = unprovidedCriteria(this.definition, this.provided.keys());
    if (missing.length > 0) {
      throw new Error(`The workflow definition names gate criteria that no module provides: ${missing.join(', ')}`);
    }
  }

  criteriaOf(stage: Stage): GateCriterion[] {
    return criteriaOf(stage, this.definition, new Map([...this.provided].map(([name, p]) => [name, p.criterion])));
  }

  /** Every unmet condition of the stage's gate, read inside the caller's transaction. */
  async unmet(tx: EntityManager, engagementId: string, stage: Stage): Promise<Unmet[]> {
    return (await this.evaluate(tx, engagementId, stage)).unmet;
  }

  /**
   * The stage's criteria evaluated inside the caller's transaction, with the facts they read (the
   * stage's tasks, and whatever each criterion's loader adds: core KPI statuses, the plan, the
   * monitoring, …): what a gate record keeps at its submission and at its decision.
   */
  async evaluate(tx: EntityManager, engagementId: string, stage: Stage): Promise<GateEvaluation> {
    const criteria = this.criteriaOf(stage);
    const tasks = await tx.getRepository(Task).find({ where: { engagementId, stage }, order: { position: 'ASC' } });
    const facts: GateFacts = { tasks: tasks.map((t) => ({ key: t.key, title: t.title, required: t.required, status: t.status })) };
    for (const { name } of criteria) {
      const load = this.provided.get(name)?.load;
      if (load) Object.assign(facts, await load(tx, engagementId, stage));
    }
    return { checked: criteria.map((c) => c.name), unmet: evaluateCriteria(criteria, facts), facts, evaluatedAt: new Date().toISOString() };
  }
}

/** A gate's criteria as evaluated once: which were checked, what they read, what did not hold. */
export interface GateEvaluation {
  checked: string[];
  unmet: Unmet[];
  facts: GateFacts;
  evaluatedAt: string;
}
