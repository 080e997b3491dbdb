import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Next cycle and verified monitoring:
 * - a KPI measurement is verified or rejected by a verifier (four-eyes), as KPI values are: the next
 *   cycle's baseline takes the last verified one and flags the unverified;
 * - an action carried over from the previous cycle names the action it was copied from (once per
 *   engagement).
 * What each gate's criteria read is kept in the gate's existing `criteria` jsonb (no column).
 */
export class CycleCarryOver1764700000004 implements MigrationInterface {
  name = 'CycleCarryOver1764700000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE kpi_measurement
        ADD COLUMN status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'verified', 'rejected')),
        ADD COLUMN decided_by uuid REFERENCES app_user(id),
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN decision_comment text`);
    await db.query(`ALTER TABLE action ADD COLUMN carried_over_from uuid REFERENCES action(id) ON DELETE SET NULL`);
    await db.query(`CREATE UNIQUE INDEX action_carried_once ON action (engagement_id, carried_over_from) WHERE carried_over_from IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX action_carried_once`);
    await db.query(`ALTER TABLE action DROP COLUMN carried_over_from`);
    await db.query(`ALTER TABLE kpi_measurement DROP COLUMN decision_comment, DROP COLUMN decided_at, DROP COLUMN decided_by, DROP COLUMN status`);
  }
}
