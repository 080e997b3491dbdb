import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Stage } from '../../workflows/engagement.machine';
import { evaluateGate, GateFacts, pendingCriteria, Unmet } from '../../workflows/gate-criteria';
import { Task } from '../checklists/task.entity';

/** Gathers more facts for the gate criteria (KPI values, plans…): registered by the modules that own them. */
export type GateFactSource = (tx: EntityManager, engagementId: string, stage: Stage) => Promise<Record<string, unknown>>;

/**
 * Collects what the gate criteria of a stage read, and evaluates them. The criteria themselves
 * are pure functions in workflows/gate-criteria.ts (and the modules that register more).
 */
@Injectable()
export class GateFactsService {
  private readonly sources: GateFactSource[] = [];

  addSource(source: GateFactSource): void {
    this.sources.push(source);
  }

  async collect(tx: EntityManager, engagementId: string, stage: Stage): Promise<GateFacts> {
    const tasks = await tx.getRepository(Task).find({ where: { engagementId, stage }, order: { position: 'ASC' } });
    const facts: GateFacts = { tasks: tasks.map((t) => ({ key: t.key, title: t.title, required: t.required, status: t.status })) };
    for (const source of this.sources) Object.assign(facts, await source(tx, engagementId, stage));
    return facts;
  }

  async unmet(tx: EntityManager, engagementId: string, stage: Stage): Promise<Unmet[]> {
    return evaluateGate(stage, await this.collect(tx, engagementId, stage));
  }

  pending(stage: Stage): string[] {
    return pendingCriteria(stage);
  }
}
