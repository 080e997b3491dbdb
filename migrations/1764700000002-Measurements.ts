import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI re-measurements as a time series (monitoring): one row per measurement of a KPI, or of one
 * data point of it ('' for a single-value KPI, as kpi_value), dated; never updated (a wrong one is
 * deleted, and the deletion recorded in the engagement history).
 */
export class Measurements1764700000002 implements MigrationInterface {
  name = 'Measurements1764700000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE kpi_measurement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_code text NOT NULL,
        data_point text NOT NULL DEFAULT '',
        value double precision NOT NULL CHECK (value NOT IN ('NaN', 'Infinity', '-Infinity')),
        measured_on date NOT NULL,
        source text NOT NULL CHECK (source <> ''),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX kpi_measurement_series ON kpi_measurement (engagement_id, kpi_code, data_point, measured_on)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kpi_measurement`);
  }
}
