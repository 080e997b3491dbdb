import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { badRequest } from '../common/api-error';
import { itemDataPoint } from '../kpis/values/kpi-value.entity';
import type { Projection } from '../scoring/engine';
import { Action, ActionTarget } from './action.entity';

/** One expected value of one action of the plan: what the simulation scores as if reached. */
export interface ActionProjection extends Projection {
  actionId: string;
}

export interface ChosenProjections {
  /** The actions simulated, in plan order (created first, first). */
  actionIds: string[];
  projections: ActionProjection[];
}

/** The expected values of an engagement's actions: what the simulation scores as if reached. */
@Injectable()
export class ActionProjections {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The chosen actions' expected values: `actionIds` given → exactly those (each must be an action of
   * this engagement that is not dropped: otherwise 400 naming `actionIds`); not given → every action
   * of the engagement that is not dropped.
   */
  async chosen(engagementId: string, actionIds: readonly string[] | undefined, tx?: EntityManager): Promise<ChosenProjections> {
    const db = tx ?? this.db.manager;
    const wanted = actionIds === undefined ? undefined : [...new Set(actionIds.map((id) => id.toLowerCase()))];
    const actions = await db.getRepository(Action).find({ where: { engagementId }, order: { createdAt: 'ASC', id: 'ASC' }, select: { id: true, status: true } });
    const statusOf = new Map(actions.map((a) => [a.id.toLowerCase(), a.status]));
    if (wanted) {
      const problems = wanted.flatMap((id) => {
        const status = statusOf.get(id);
        if (status === undefined) return [{ field: 'actionIds', message: `${id} is not an action of this engagement` }];
        if (status === 'dropped') return [{ field: 'actionIds', message: `${id} is a dropped action` }];
        return [];
      });
      if (problems.length > 0) throw badRequest(`Invalid actionIds: ${problems.map((p) => p.message).join('; ')}`, problems);
    }
    const chosen = actions
      .map((a) => a.id.toLowerCase())
      .filter((id) => statusOf.get(id) !== 'dropped' && (wanted === undefined || wanted.includes(id)));
    if (chosen.length === 0) return { actionIds: [], projections: [] };
    const order = new Map(chosen.map((id, i) => [id, i]));
    const targets = await db.getRepository(ActionTarget).find({ where: { engagementId, actionId: In(chosen) }, order: { code: 'ASC', dataPoint: 'ASC' } });
    targets.sort((a, b) => (order.get(a.actionId.toLowerCase()) ?? 0) - (order.get(b.actionId.toLowerCase()) ?? 0));
    return {
      actionIds: chosen,
      projections: targets.map((t) => ({ actionId: t.actionId.toLowerCase(), code: t.code, dataPoint: itemDataPoint(t.dataPoint), expectedValue: t.expectedValue })),
    };
  }
}
