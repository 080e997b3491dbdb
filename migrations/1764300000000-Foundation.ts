import { MigrationInterface, QueryRunner } from 'typeorm';

/** People, cities, engagements, memberships, settings and the append-only engagement history. */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE app_setting (key text PRIMARY KEY, value text NOT NULL)`);
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'programme_manager', 'member')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE city (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        country text NOT NULL,
        population integer CHECK (population IS NULL OR population >= 0),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE engagement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        city_id uuid NOT NULL REFERENCES city(id),
        title text NOT NULL,
        manager_id uuid NOT NULL REFERENCES app_user(id),
        cycle integer NOT NULL DEFAULT 1 CHECK (cycle >= 1),
        stage text NOT NULL,
        step text,
        snapshot jsonb NOT NULL,
        machine_version integer NOT NULL,
        version integer NOT NULL DEFAULT 1,
        previous_engagement_id uuid REFERENCES engagement(id),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX engagement_city_idx ON engagement (city_id)`);
    await db.query(`CREATE INDEX engagement_stage_idx ON engagement (stage)`);
    await db.query(`
      CREATE TABLE engagement_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        role text NOT NULL CHECK (role IN ('city_coordinator', 'data_contributor', 'verifier', 'approver', 'observer')),
        stakeholder_group text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (engagement_id, user_id, role)
      )`);
    await db.query(`CREATE INDEX engagement_member_user_idx ON engagement_member (user_id)`);
    await db.query(`
      CREATE TABLE engagement_history (
        id bigserial PRIMARY KEY,
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES app_user(id),
        type text NOT NULL,
        from_state text,
        to_state text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        version integer NOT NULL
      )`);
    await db.query(`CREATE INDEX engagement_history_engagement_idx ON engagement_history (engagement_id, id)`);
    // History is append-only: the database itself refuses to change or remove a row.
    await db.query(`
      CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'engagement history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER engagement_history_append_only
      BEFORE UPDATE OR DELETE ON engagement_history
      FOR EACH ROW EXECUTE FUNCTION refuse_history_change()`);
    await db.query(`
      CREATE TRIGGER engagement_history_no_truncate
      BEFORE TRUNCATE ON engagement_history
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['engagement_history', 'engagement_member', 'engagement', 'city', 'app_user', 'app_setting']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await db.query(`DROP FUNCTION IF EXISTS refuse_history_change()`);
  }
}
