import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest } from '../common/api-error';
import { itemDataPoint } from '../kpis/values/kpi-value.entity';
import type { Projection } from './engine';

/** One expected value of one action of the plan: what the simulation scores as if reached. */
export interface ActionProjection extends Projection {
  actionId: string;
}

export interface ChosenProjections {
  /** The actions simulated, in plan order (created first, first). */
  actionIds: string[];
  projections: ActionProjection[];
}

/**
 * The expected values of an engagement's actions, read from the action plan's tables (`action`,
 * `action_target`, owned by src/plans/) with plain SQL, so that scoring imports nothing of the plans
 * module. Until those tables exist, the plan is empty.
 */
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
    const [{ present }]: { present: boolean }[] = await db.query(
      `SELECT to_regclass('action') IS NOT NULL AND to_regclass('action_target') IS NOT NULL AS present`,
    );
    const actions: { id: string; status: string }[] = present
      ? await db.query(`SELECT id, status FROM "action" WHERE engagement_id = $1 ORDER BY created_at, id`, [engagementId])
      : [];
    const statusOf = new Map(actions.map((a) => [String(a.id).toLowerCase(), a.status]));
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
      .map((a) => String(a.id).toLowerCase())
      .filter((id) => statusOf.get(id) !== 'dropped' && (wanted === undefined || wanted.includes(id)));
    if (chosen.length === 0) return { actionIds: [], projections: [] };
    const placeholders = chosen.map((_, i) => `$${i + 2}`).join(', ');
    const rows: { action_id: string; kpi_code: string; data_point: string; expected_value: number | string }[] = await db.query(
      `SELECT t.action_id, t.kpi_code, t.data_point, t.expected_value
         FROM action_target t JOIN "action" a ON a.id = t.action_id
        WHERE a.engagement_id = $1 AND a.status <> 'dropped' AND t.action_id IN (${placeholders})
        ORDER BY a.created_at, a.id, t.kpi_code, t.data_point`,
      [engagementId, ...chosen],
    );
    return {
      actionIds: chosen,
      projections: rows.map((r) => ({
        actionId: String(r.action_id).toLowerCase(),
        code: r.kpi_code,
        dataPoint: itemDataPoint(r.data_point ?? ''),
        expectedValue: Number(r.expected_value),
      })),
    };
  }
}
