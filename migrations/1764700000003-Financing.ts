import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Financing (issue 8): business cases linked to actions and KPIs (cost, yearly benefits, payback);
 * investment projects with a funding source, a status and a publication flag, covering actions with an
 * amount per action (investment_allocation). The allowed values are written out (a migration must not
 * change with the code); src/financing/financing-lists.spec.ts compares them with workflows/financing.ts.
 */
export const FUNDING_SOURCE_VALUES = ['city_fund', 'investment_project_facility', 'marketplace', 'public_budget', 'private'] as const;
export const PROJECT_STATUS_VALUES = ['proposed', 'seeking_funding', 'funded', 'closed', 'cancelled'] as const;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export class Financing1764700000003 implements MigrationInterface {
  name = 'Financing1764700000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE business_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        title text NOT NULL CHECK (title <> ''),
        kpi_codes jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(kpi_codes) = 'array'),
        cost numeric(14,2) NOT NULL CHECK (cost >= 0),
        benefits numeric(14,2) NOT NULL CHECK (benefits >= 0),
        benefits_description text,
        payback_years double precision CHECK (payback_years IS NULL OR (payback_years >= 0 AND payback_years NOT IN ('NaN', 'Infinity'))),
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX business_case_engagement_idx ON business_case (engagement_id)`);
    await db.query(`
      CREATE TABLE business_case_action (
        business_case_id uuid NOT NULL REFERENCES business_case(id) ON DELETE CASCADE,
        action_id uuid NOT NULL REFERENCES action(id),
        PRIMARY KEY (business_case_id, action_id)
      )`);
    await db.query(`CREATE INDEX business_case_action_action_idx ON business_case_action (action_id)`);
    await db.query(`
      CREATE TABLE investment_project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        title text NOT NULL CHECK (title <> ''),
        description text,
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        funding_source text NOT NULL CHECK (funding_source IN (${list(FUNDING_SOURCE_VALUES)})),
        status text NOT NULL CHECK (status IN (${list(PROJECT_STATUS_VALUES)})),
        published boolean NOT NULL DEFAULT false,
        published_at timestamptz,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (published = (published_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX investment_project_engagement_idx ON investment_project (engagement_id)`);
    await db.query(`CREATE INDEX investment_project_published_idx ON investment_project (published_at) WHERE published`);
    await db.query(`
      CREATE TABLE investment_allocation (
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        action_id uuid NOT NULL REFERENCES action(id),
        amount numeric(14,2) NOT NULL CHECK (amount > 0),
        PRIMARY KEY (project_id, action_id)
      )`);
    await db.query(`CREATE INDEX investment_allocation_action_idx ON investment_allocation (action_id)`);
    await db.query(`CREATE INDEX investment_allocation_engagement_idx ON investment_allocation (engagement_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['investment_allocation', 'investment_project', 'business_case_action', 'business_case']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
