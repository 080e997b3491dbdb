import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consistency flags are computed from the rule file over all of an engagement's values when read
 * (src/kpis/consistency), no longer stored on the value at submission. What people say about a flag
 * is kept: the city's answer to it and the verifier's acknowledgement, each for the figures it was
 * given on (the flag's fingerprint: a changed figure is a new flag that needs its own).
 */
export class FlagNotes1765100000002 implements MigrationInterface {
  name = 'FlagNotes1765100000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE kpi_flag_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
        kpi_value_id uuid NOT NULL REFERENCES kpi_value(id) ON DELETE CASCADE,
        rule text NOT NULL,
        fingerprint text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('answer', 'acknowledgement')),
        text text NOT NULL,
        written_by uuid NOT NULL REFERENCES app_user(id),
        written_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX kpi_flag_note_engagement ON kpi_flag_note (engagement_id, fingerprint)`);
    await db.query(`ALTER TABLE kpi_value DROP COLUMN flags`);
    // The verifier's queue counts their decisions of the week from the history.
    await db.query(
      `CREATE INDEX engagement_history_value_decisions ON engagement_history (actor_id, at) WHERE type IN ('KPI_VALUE_VERIFIED', 'KPI_VALUE_REJECTED')`,
    );
    // … and finds the values waiting in the engagements where they are a verifier.
    await db.query(`CREATE INDEX kpi_value_submitted ON kpi_value (engagement_id) WHERE status = 'submitted'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX kpi_value_submitted`);
    await db.query(`DROP INDEX engagement_history_value_decisions`);
    await db.query(`ALTER TABLE kpi_value ADD COLUMN flags jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await db.query(`DROP TABLE kpi_flag_note`);
  }
}
