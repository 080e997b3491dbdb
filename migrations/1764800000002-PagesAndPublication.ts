import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard (issue 9): server-side page sessions — the cookie carries a random id, the table only
 * its SHA-256, with the user's token generation at sign-in (a password change ends the session as it
 * ends access tokens), the CSRF secret of the session's forms, idle and absolute expiry, and a one-shot
 * flash message for post/redirect/get — and published snapshots: what the approved Assessment gate of
 * an engagement froze, verified values only, readable without signing in at /public/cities/:id.
 */
export class PagesAndPublication1764800000002 implements MigrationInterface {
  name = 'PagesAndPublication1764800000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE page_session (
        id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_generation integer NOT NULL,
        csrf_secret text NOT NULL CHECK (length(csrf_secret) >= 32),
        flash jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX page_session_user_idx ON page_session (user_id)`);
    await db.query(`CREATE INDEX page_session_expires_idx ON page_session (expires_at)`);
    await db.query(`
      CREATE TABLE published_snapshot (
        engagement_id uuid PRIMARY KEY REFERENCES engagement(id),
        city_id uuid NOT NULL REFERENCES city(id),
        gate_id uuid NOT NULL REFERENCES gate(id),
        cycle integer NOT NULL CHECK (cycle >= 1),
        snapshot jsonb NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
        published_by uuid REFERENCES app_user(id),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX published_snapshot_city_idx ON published_snapshot (city_id, cycle DESC, published_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE published_snapshot`);
    await db.query(`DROP TABLE page_session`);
  }
}
