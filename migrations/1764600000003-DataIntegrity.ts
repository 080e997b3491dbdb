import { MigrationInterface, QueryRunner } from 'typeorm';
// The 2022 edition's value ranges, as this migration was written with them (see below).
import edition2022 from '../src/kpis/catalogue/u4ssc-2022.catalogue.json';

/*
 * The allowed values are written out here, not imported: a migration is history and must not change
 * when the code does. `src/database/data-integrity-lists.spec.ts` fails when they no longer match the
 * code's enumerations (then a later migration changes the constraint).
 */
export const ROADMAP_STAGES = ['assessment', 'design', 'financing', 'implementation'] as const;
export const ENGAGEMENT_END_STAGES = ['completed', 'onHold', 'cancelled'] as const;
export const ROADMAP_STEPS = ['inProgress', 'inReview'] as const;

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

interface Ranged {
  possible: unknown;
  plausible: unknown;
  rangeSource: string;
}

/**
 * Data integrity:
 * - every KPI and data point of the catalogue has a `possible` range (the former `value_range`,
 *   outside it a value is refused) and a `plausible` one (outside it a value is kept with a warning),
 *   with `range_source`; the warnings of a value are kept in `kpi_value.flags`;
 * - no NaN or infinite number in a value, target or start;
 * - CHECK constraints on engagement stage, step and version, on gate and task stages;
 * - a history row must carry the engagement's current version (no forged rows out of sequence);
 * - a verifier's question can be resolved (`resolved_at`, `resolved_by`).
 */
export class DataIntegrity1764600000003 implements MigrationInterface {
  name = 'DataIntegrity1764600000003';

  async up(db: QueryRunner): Promise<void> {
    await this.ranges(db);

    await db.query(`ALTER TABLE kpi_value ADD COLUMN flags jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(flags) = 'array')`);
    await db.query(`ALTER TABLE kpi_value ADD CONSTRAINT kpi_value_finite CHECK (value IS NULL OR value NOT IN ('NaN', 'Infinity', '-Infinity'))`);
    await db.query(`ALTER TABLE kpi_target_override ADD CONSTRAINT kpi_target_override_finite
      CHECK (target NOT IN ('NaN', 'Infinity', '-Infinity') AND (start IS NULL OR start NOT IN ('NaN', 'Infinity', '-Infinity')))`);

    const stages = list(ROADMAP_STAGES);
    await db.query(`ALTER TABLE engagement ADD CONSTRAINT engagement_stage_known CHECK (stage IN (${stages}, ${list(ENGAGEMENT_END_STAGES)}))`);
    // An engagement in a roadmap stage is at one of its steps; completed, on hold and cancelled have none.
    await db.query(`ALTER TABLE engagement ADD CONSTRAINT engagement_step_known CHECK (
      (stage IN (${stages}) AND step IS NOT NULL AND step IN (${list(ROADMAP_STEPS)}))
      OR (stage NOT IN (${stages}) AND step IS NULL))`);
    await db.query(`ALTER TABLE engagement ADD CONSTRAINT engagement_version_positive CHECK (version >= 1)`);
    await db.query(`ALTER TABLE gate ADD CONSTRAINT gate_stage_known CHECK (stage IN (${stages}))`);
    await db.query(`ALTER TABLE gate ADD CONSTRAINT gate_round_positive CHECK (round >= 1)`);
    await db.query(`ALTER TABLE task ADD CONSTRAINT task_stage_known CHECK (stage IN (${stages}))`);
    // task.status, gate.status and kpi_value.status have had their CHECK since they were created.

    // The EngagementWriter bumps the engagement's version and then appends the history rows of that
    // change with the new version, in one transaction (openEngagement: version 1). Any other insert
    // is out of sequence. FOR SHARE waits for a writer holding the row, so the check sees its version.
    await db.query(`
      CREATE FUNCTION check_history_version() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE current_version integer;
      BEGIN
        SELECT version INTO current_version FROM engagement WHERE id = NEW.engagement_id FOR SHARE;
        IF current_version IS NULL OR NEW.version IS DISTINCT FROM current_version THEN
          RAISE EXCEPTION 'engagement history out of sequence: version % is not the engagement''s current version %',
            NEW.version, current_version USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER engagement_history_in_sequence
      BEFORE INSERT ON engagement_history
      FOR EACH ROW EXECUTE FUNCTION check_history_version()`);

    await db.query(`ALTER TABLE kpi_question ADD COLUMN resolved_at timestamptz`);
    await db.query(`ALTER TABLE kpi_question ADD COLUMN resolved_by uuid REFERENCES app_user(id)`);
    await db.query(`ALTER TABLE kpi_question ADD CONSTRAINT kpi_question_resolved_both CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))`);
  }

  /**
   * `value_range` becomes `possible_range`; `plausible_range` and `range_source` are added, on the
   * KPI rows and inside each data point. For the 2022 edition they come from the catalogue file; only
   * the range fields are touched. A later edition is loaded by its own migration with all three.
   */
  private async ranges(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kpi RENAME COLUMN value_range TO possible_range`);
    await db.query(`ALTER TABLE kpi ADD COLUMN plausible_range jsonb`);
    await db.query(`ALTER TABLE kpi ADD COLUMN range_source text`);
    const rangesOf = ({ possible, plausible, rangeSource }: Ranged) => ({ possible, plausible, rangeSource });
    const rows: { code: string; data_points: ({ key: string } & Record<string, unknown>)[] | string }[] = await db.query(
      `SELECT code, data_points FROM kpi WHERE edition = $1`,
      [edition2022.edition],
    );
    for (const row of rows) {
      const kpi = edition2022.kpis.find((k) => k.code === row.code);
      if (!kpi) throw new Error(`DataIntegrity: KPI ${row.code} of edition ${edition2022.edition} is not in the catalogue file`);
      const stored = typeof row.data_points === 'string' ? (JSON.parse(row.data_points) as { key: string }[]) : row.data_points;
      const dataPoints = stored.map((d) => {
        const point = kpi.dataPoints.find((p) => p.key === d.key);
        if (!point) throw new Error(`DataIntegrity: data point ${row.code} / ${d.key} is not in the catalogue file`);
        const updated: Record<string, unknown> = { ...d, ...rangesOf(point) };
        delete updated.range;
        return updated;
      });
      await db.query(
        `UPDATE kpi SET possible_range = $1, plausible_range = $2, range_source = $3, data_points = $4 WHERE edition = $5 AND code = $6`,
        [JSON.stringify(kpi.possible), JSON.stringify(kpi.plausible), kpi.rangeSource, JSON.stringify(dataPoints), edition2022.edition, row.code],
      );
    }
    const missing: unknown[] = await db.query(`SELECT code FROM kpi WHERE plausible_range IS NULL OR range_source IS NULL`);
    if (missing.length > 0) throw new Error(`DataIntegrity: KPIs without ranges (an edition this migration does not know): ${JSON.stringify(missing)}`);
    await db.query(`ALTER TABLE kpi ALTER COLUMN plausible_range SET NOT NULL`);
    await db.query(`ALTER TABLE kpi ALTER COLUMN range_source SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kpi_question DROP CONSTRAINT kpi_question_resolved_both`);
    await db.query(`ALTER TABLE kpi_question DROP COLUMN resolved_by`);
    await db.query(`ALTER TABLE kpi_question DROP COLUMN resolved_at`);
    await db.query(`DROP TRIGGER engagement_history_in_sequence ON engagement_history`);
    await db.query(`DROP FUNCTION check_history_version()`);
    for (const [table, constraint] of [
      ['task', 'task_stage_known'],
      ['gate', 'gate_round_positive'],
      ['gate', 'gate_stage_known'],
      ['engagement', 'engagement_version_positive'],
      ['engagement', 'engagement_step_known'],
      ['engagement', 'engagement_stage_known'],
      ['kpi_target_override', 'kpi_target_override_finite'],
      ['kpi_value', 'kpi_value_finite'],
    ]) {
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
    }
    await db.query(`ALTER TABLE kpi_value DROP COLUMN flags`);
    await db.query(`ALTER TABLE kpi DROP COLUMN range_source`);
    await db.query(`ALTER TABLE kpi DROP COLUMN plausible_range`);
    await db.query(`ALTER TABLE kpi RENAME COLUMN possible_range TO value_range`);
  }
}
