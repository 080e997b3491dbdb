import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

/**
 * What the action plan targets: the KPIs and data points its actions address. Read from the plan's
 * tables (`action`, `action_target`, owned by src/plans) with plain SQL, so that monitoring does not
 * depend on the plans module; where those tables do not exist, nothing is targeted.
 */
@Injectable()
export class ActionTargets {
  async targetsOf(tx: EntityManager, engagementId: string): Promise<ActionTargetRow[]> {
    const [{ present }] = (await tx.query(`SELECT to_regclass('action_target') IS NOT NULL AND to_regclass('action') IS NOT NULL AS present`)) as {
      present: boolean;
    }[];
    if (!present) return [];
    const rows = (await tx.query(
      `SELECT a.id AS "actionId", a.title AS "actionTitle", t.kpi_code AS code, t.data_point AS "dataPoint",
              t.expected_value AS "expectedValue", to_char(a.end_date, 'YYYY-MM-DD') AS "endDate", a.status
         FROM action_target t JOIN action a ON a.id = t.action_id
        WHERE t.engagement_id = $1 AND a.engagement_id = $1
        ORDER BY a.created_at, a.id, t.kpi_code, t.data_point`,
      [engagementId],
    )) as (Omit<ActionTargetRow, 'dataPoint' | 'expectedValue'> & { dataPoint: string | null; expectedValue: number | string })[];
    return rows.map((r) => ({
      ...r,
      dataPoint: r.dataPoint === '' || r.dataPoint === null ? null : r.dataPoint,
      expectedValue: Number(r.expectedValue),
    }));
  }
}
