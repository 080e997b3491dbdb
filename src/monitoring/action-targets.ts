import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { itemDataPoint } from '../kpis/values/kpi-value.entity';
import { Action, ActionTarget } from '../plans/action.entity';

/** One KPI (or data point) an action addresses, with what the action expects of it. */
export interface ActionTargetRow {
  actionId: string;
  actionTitle: string;
  code: string;
  /** null for a single-value KPI. */
  dataPoint: string | null;
  expectedValue: number;
  /** `YYYY-MM-DD`, or null when the action has no end date. */
  endDate: string | null;
  /** workflows/action-plan.ts ACTION_STATUSES: planned, in_progress, done, dropped. */
  status: string;
}

/** What the action plan targets: the KPIs and data points its actions address, in plan order. */
@Injectable()
export class ActionTargets {
  async targetsOf(tx: EntityManager, engagementId: string): Promise<ActionTargetRow[]> {
    const actions = await tx.getRepository(Action).find({ where: { engagementId }, order: { createdAt: 'ASC', id: 'ASC' } });
    if (actions.length === 0) return [];
    const byId = new Map(actions.map((a, position) => [a.id, { action: a, position }]));
    const targets = await tx.getRepository(ActionTarget).find({ where: { engagementId }, order: { code: 'ASC', dataPoint: 'ASC' } });
    return targets
      .filter((t) => byId.has(t.actionId))
      .sort((a, b) => byId.get(a.actionId)!.position - byId.get(b.actionId)!.position)
      .map((t) => {
        const { action } = byId.get(t.actionId)!;
        return {
          actionId: action.id,
          actionTitle: action.title,
          code: t.code,
          dataPoint: itemDataPoint(t.dataPoint),
          expectedValue: t.expectedValue,
          endDate: action.endDate,
          status: action.status,
        };
      });
  }
}
