import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The action plan and the smart public procurement plan (issue 8): actions with the KPIs (and data
 * points) they target and the values expected after them; procurement items linked to an action;
 * deferrals of lowest-band gaps. The allowed values are written out (a migration must not change
 * with the code); src/plans/plans-lists.spec.ts compares them with workflows/action-plan.ts.
 */
export const ACTION_STATUS_VALUES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export const PROCUREMENT_METHOD_VALUES = [
  'open_tender',
  'restricted',
  'negotiated',
  'innovation_partnership',
  'pre_commercial_procurement',
  'framework_call_off',
] as const;
export const PROCUREMENT_STATUS_VALUES = ['planned', 'tendering', 'awarded', 'cancelled'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export class ActionPlan1764700000001 implements MigrationInterface {
  name = 'ActionPlan1764700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        title text NOT NULL CHECK (title <> ''),
        description text,
        owner_id uuid REFERENCES app_user(id),
        budget numeric(14,2) NOT NULL CHECK (budget >= 0),
        start_date date,
        end_date date,
        requires_procurement boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN (${list(ACTION_STATUS_VALUES)})),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
      )`);
    await db.query(`CREATE INDEX action_engagement_idx ON action (engagement_id)`);
    await db.query(`
      CREATE TABLE action_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        action_id uuid NOT NULL REFERENCES action(id) ON DELETE CASCADE,
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_code text NOT NULL,
        data_point text NOT NULL DEFAULT '',
        expected_value double precision NOT NULL CHECK (expected_value NOT IN ('NaN', 'Infinity', '-Infinity')),
        UNIQUE (action_id, kpi_code, data_point)
      )`);
    await db.query(`CREATE INDEX action_target_engagement_idx ON action_target (engagement_id, kpi_code, data_point)`);
    await db.query(`
      CREATE TABLE procurement_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        action_id uuid NOT NULL REFERENCES action(id),
        title text NOT NULL CHECK (title <> ''),
        method text NOT NULL CHECK (method IN (${list(PROCUREMENT_METHOD_VALUES)})),
        estimated_cost numeric(14,2) NOT NULL CHECK (estimated_cost >= 0),
        scheduled_start date,
        scheduled_end date,
        status text NOT NULL CHECK (status IN (${list(PROCUREMENT_STATUS_VALUES)})),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (scheduled_start IS NULL OR scheduled_end IS NULL OR scheduled_end >= scheduled_start)
      )`);
    await db.query(`CREATE INDEX procurement_item_engagement_idx ON procurement_item (engagement_id)`);
    await db.query(`CREATE INDEX procurement_item_action_idx ON procurement_item (action_id)`);
    await db.query(`
      CREATE TABLE gap_deferral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_code text NOT NULL,
        data_point text NOT NULL DEFAULT '',
        reason text NOT NULL CHECK (reason <> ''),
        deferred_by uuid REFERENCES app_user(id),
        deferred_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (engagement_id, kpi_code, data_point)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['gap_deferral', 'procurement_item', 'action_target', 'action']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
