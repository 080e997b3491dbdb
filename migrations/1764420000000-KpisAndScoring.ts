import { MigrationInterface, QueryRunner } from 'typeorm';
// The 2022 edition is imported here so that this migration loads exactly the data it was written
// with. A later edition is loaded by a later migration (insert it, then move `is_current` to it).
import edition2022 from '../src/kpis/catalogue/u4ssc-2022.catalogue.json';

/**
 * The KPI catalogue as versioned data (editions, KPIs with their data points and default targets),
 * and an engagement's KPI values, the verifier's questions and their answers, and target overrides.
 * Every change to values, questions and targets is recorded in engagement_history (append-only).
 */
export class KpisAndScoring1764420000000 implements MigrationInterface {
  name = 'KpisAndScoring1764420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE kpi_catalogue_edition (
        edition text PRIMARY KEY,
        source text NOT NULL,
        is_current boolean NOT NULL DEFAULT false,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one edition is the one engagements are measured with.
    await db.query(`CREATE UNIQUE INDEX kpi_catalogue_edition_one_current ON kpi_catalogue_edition (is_current) WHERE is_current`);
    await db.query(`
      CREATE TABLE kpi (
        edition text NOT NULL REFERENCES kpi_catalogue_edition(edition),
        code text NOT NULL,
        position integer NOT NULL,
        official_code text NOT NULL,
        alt_codes jsonb NOT NULL DEFAULT '[]'::jsonb,
        name text NOT NULL,
        definition text NOT NULL,
        dimension text NOT NULL,
        subdimension text NOT NULL,
        category text NOT NULL,
        type text NOT NULL CHECK (type IN ('core', 'advanced')),
        type_class text,
        unit text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('higher', 'lower', 'band')),
        sdgs jsonb NOT NULL DEFAULT '[]'::jsonb,
        sdg_refs jsonb NOT NULL DEFAULT '[]'::jsonb,
        confidence text NOT NULL,
        target double precision,
        start double precision,
        target_source text,
        target_confidence text,
        target_note text,
        target_unit text,
        value_range jsonb NOT NULL,
        data_points jsonb NOT NULL DEFAULT '[]'::jsonb,
        resolution text,
        PRIMARY KEY (edition, code),
        UNIQUE (edition, position)
      )`);

    await db.query(`INSERT INTO kpi_catalogue_edition (edition, source, is_current) VALUES ($1, $2, true)`, [
      edition2022.edition,
      edition2022.source,
    ]);
    let position = 0;
    for (const k of edition2022.kpis) {
      position += 1;
      await db.query(
        `INSERT INTO kpi (edition, code, position, official_code, alt_codes, name, definition, dimension, subdimension,
           category, type, type_class, unit, direction, sdgs, sdg_refs, confidence, target, start, target_source,
           target_confidence, target_note, target_unit, value_range, data_points, resolution)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)`,
        [
          edition2022.edition,
          k.code,
          position,
          k.officialCode,
          JSON.stringify(k.altCodes),
          k.name,
          k.definition,
          k.dimension,
          k.subdimension,
          k.category,
          k.type,
          k.typeClass,
          k.unit,
          k.direction,
          JSON.stringify(k.sdgs),
          JSON.stringify(k.sdgRefs),
          k.confidence,
          k.target,
          k.start,
          k.targetSource,
          k.targetConfidence,
          k.targetNote,
          k.targetUnit,
          // The file's `range` became `possible` (DataIntegrity1764600000003 renames the column and adds `plausible`).
          JSON.stringify(k.possible),
          JSON.stringify(k.dataPoints),
          (k as { resolution?: string }).resolution ?? null,
        ],
      );
    }

    // One row per engagement, KPI and data point; data_point is '' for a single-value KPI, so that
    // the unique key holds without NULL semantics.
    await db.query(`
      CREATE TABLE kpi_value (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_code text NOT NULL,
        data_point text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'rejected', 'not_available')),
        value double precision,
        year integer,
        source text,
        data_quality text CHECK (data_quality IN ('accurate_measurement', 'survey_extrapolation', 'higher_level_extrapolation',
          'assumption_estimate', 'personal_estimate', 'unknown_methodology')),
        evidence_url text,
        notes text,
        data_origin text,
        not_available_reason text,
        submitted_by uuid REFERENCES app_user(id),
        submitted_at timestamptz,
        decided_by uuid REFERENCES app_user(id),
        decided_at timestamptz,
        decision_comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (engagement_id, kpi_code, data_point),
        CHECK ((status = 'not_available') = (not_available_reason IS NOT NULL)),
        CHECK (status IN ('draft', 'not_available') OR value IS NOT NULL)
      )`);
    await db.query(`
      CREATE TABLE kpi_question (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_value_id uuid NOT NULL REFERENCES kpi_value(id),
        text text NOT NULL CHECK (text <> ''),
        asked_by uuid NOT NULL REFERENCES app_user(id),
        asked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX kpi_question_engagement_idx ON kpi_question (engagement_id)`);
    await db.query(`
      CREATE TABLE kpi_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        question_id uuid NOT NULL REFERENCES kpi_question(id),
        text text NOT NULL CHECK (text <> ''),
        answered_by uuid NOT NULL REFERENCES app_user(id),
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX kpi_answer_question_idx ON kpi_answer (question_id)`);
    await db.query(`
      CREATE TABLE kpi_target_override (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        kpi_code text NOT NULL,
        data_point text NOT NULL DEFAULT '',
        target double precision NOT NULL,
        start double precision,
        justification text NOT NULL CHECK (justification <> ''),
        set_by uuid REFERENCES app_user(id),
        set_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (engagement_id, kpi_code, data_point)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['kpi_target_override', 'kpi_answer', 'kpi_question', 'kpi_value', 'kpi', 'kpi_catalogue_edition']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
