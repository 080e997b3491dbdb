import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files of KPI values (src/kpis/evidence): the bytes in the database (never a file on disk),
 * each tied to the submission of its value it was attached to. `kpi_value.submission` counts the
 * value's submissions (0: none yet); values written before it get 1. Evidence is never changed nor
 * removed: a resubmitted value keeps the files the verifier saw before (the database refuses
 * UPDATE, DELETE and TRUNCATE, as it does on the engagement history).
 */
export class KpiEvidence1765100000001 implements MigrationInterface {
  name = 'KpiEvidence1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kpi_value ADD COLUMN submission integer NOT NULL DEFAULT 0 CHECK (submission >= 0)`);
    await db.query(`UPDATE kpi_value SET submission = 1 WHERE submitted_at IS NOT NULL`);
    await db.query(`
      CREATE TABLE kpi_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_value_id uuid NOT NULL REFERENCES kpi_value(id),
        submission integer NOT NULL CHECK (submission >= 1),
        filename text NOT NULL CHECK (filename <> '' AND char_length(filename) <= 200),
        content_type text NOT NULL CHECK (content_type <> ''),
        size integer NOT NULL CHECK (size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        bytes bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES app_user(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (size = octet_length(bytes))
      )`);
    await db.query(`CREATE INDEX kpi_evidence_value_idx ON kpi_evidence (kpi_value_id, uploaded_at DESC)`);
    await db.query(`CREATE INDEX kpi_evidence_engagement_idx ON kpi_evidence (engagement_id)`);
    await db.query(`
      CREATE FUNCTION refuse_evidence_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'KPI evidence is kept: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER kpi_evidence_kept
      BEFORE UPDATE OR DELETE ON kpi_evidence
      FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change()`);
    await db.query(`
      CREATE TRIGGER kpi_evidence_no_truncate
      BEFORE TRUNCATE ON kpi_evidence
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kpi_evidence`);
    await db.query(`DROP FUNCTION refuse_evidence_change()`);
    await db.query(`ALTER TABLE kpi_value DROP COLUMN submission`);
  }
}
