import { MigrationInterface, QueryRunner } from 'typeorm';

/** Checklist tasks, review gates with their approvals, and stored idempotent responses. */
export class Roadmap1764300000001 implements MigrationInterface {
  name = 'Roadmap1764300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        stage text NOT NULL,
        key text NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        required boolean NOT NULL,
        expected_role text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'waived')),
        assignee_id uuid REFERENCES app_user(id),
        due_date date,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (engagement_id, stage, key),
        CHECK (status <> 'waived' OR (note IS NOT NULL AND length(trim(note)) > 0))
      )`);
    await db.query(`CREATE INDEX task_due_idx ON task (due_date) WHERE status IN ('open', 'in_progress')`);
    await db.query(`
      CREATE TABLE gate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        stage text NOT NULL,
        round integer NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'approved', 'changes_requested', 'withdrawn')),
        submitted_by uuid NOT NULL REFERENCES app_user(id),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        quorum_rule jsonb NOT NULL,
        criteria jsonb NOT NULL,
        scorecard_at_submission jsonb,
        scorecard_at_decision jsonb,
        UNIQUE (engagement_id, stage, round)
      )`);
    // At most one open gate per engagement.
    await db.query(`CREATE UNIQUE INDEX gate_one_open_idx ON gate (engagement_id) WHERE status = 'open'`);
    await db.query(`
      CREATE TABLE gate_approval (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        gate_id uuid NOT NULL REFERENCES gate(id),
        approver_id uuid NOT NULL REFERENCES app_user(id),
        decision text NOT NULL CHECK (decision IN ('approve', 'request_changes')),
        comment text,
        as_manager boolean NOT NULL,
        stakeholder_group text,
        decided_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (gate_id, approver_id),
        CHECK (decision <> 'request_changes' OR (comment IS NOT NULL AND length(trim(comment)) > 0))
      )`);
    await db.query(`
      CREATE TABLE idempotent_request (
        user_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await db.query(`CREATE UNIQUE INDEX engagement_next_cycle_idx ON engagement (previous_engagement_id) WHERE previous_engagement_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS engagement_next_cycle_idx`);
    for (const table of ['idempotent_request', 'gate_approval', 'gate', 'task']) await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
