import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines, notifications and the outbox:
 * - `outbox_message`: engagement events written in the transaction of the change that caused them;
 *   `outbox_delivery`: one per channel and recipient (or target), claimed with SKIP LOCKED and
 *   delivered after commit; `outbox_attempt`: every try, with its duration and outcome;
 * - `notification`: a person's in-app notifications (one per message and person);
 *   `notification_preference`: in-app only, or e-mail too, per notification type;
 * - `gate.due_at`: the end of an open gate's review period (the workflow definition's reviewDays);
 * - `deadline_notice`: what the deadline sweep did, once per (kind, subject, due date): the unique
 *   key that makes each reminder, overdue notice and escalation happen once, however many server
 *   processes sweep the same database.
 */
export class DeadlinesAndNotifications1764900000001 implements MigrationInterface {
  name = 'DeadlinesAndNotifications1764900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox_message (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        type text NOT NULL,
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        actor_id uuid REFERENCES app_user(id),
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        message text NOT NULL,
        recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
        dispatched_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_message_undispatched ON outbox_message (id) WHERE dispatched_at IS NULL`);
    await db.query(`CREATE INDEX outbox_message_engagement ON outbox_message (engagement_id, id)`);
    await db.query(`
      CREATE TABLE outbox_delivery (
        id bigserial PRIMARY KEY,
        message_id bigint NOT NULL REFERENCES outbox_message(id),
        channel text NOT NULL,
        recipient_id uuid REFERENCES app_user(id),
        target text,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'logged', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        locked_until timestamptz,
        last_error text,
        delivered_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_delivery_due ON outbox_delivery (next_attempt_at, id) WHERE status IN ('pending', 'sending')`);
    await db.query(`CREATE INDEX outbox_delivery_message ON outbox_delivery (message_id)`);
    await db.query(`
      CREATE TABLE outbox_attempt (
        id bigserial PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES outbox_delivery(id),
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'logged', 'failed')),
        response_code integer,
        error text
      )`);
    await db.query(`CREATE INDEX outbox_attempt_delivery ON outbox_attempt (delivery_id, attempt)`);
    await db.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        message_id bigint NOT NULL REFERENCES outbox_message(id),
        type text NOT NULL,
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        message text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        CONSTRAINT notification_once UNIQUE (message_id, user_id)
      )`);
    await db.query(`CREATE INDEX notification_inbox ON notification (user_id, (read_at IS NOT NULL), seq DESC)`);
    await db.query(`
      CREATE TABLE notification_preference (
        user_id uuid NOT NULL REFERENCES app_user(id),
        type text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('in_app', 'email')),
        PRIMARY KEY (user_id, type)
      )`);
    await db.query(`ALTER TABLE gate ADD COLUMN due_at timestamptz`);
    await db.query(`CREATE INDEX gate_open_due ON gate (due_at) WHERE status = 'open'`);
    await db.query(`CREATE INDEX task_due ON task (due_date) WHERE due_date IS NOT NULL AND status IN ('open', 'in_progress')`);
    await db.query(`
      CREATE TABLE deadline_notice (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('reminder', 'overdue', 'escalation')),
        subject_type text NOT NULL CHECK (subject_type IN ('task', 'gate')),
        subject_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        engagement_id uuid NOT NULL REFERENCES engagement(id),
        at timestamptz NOT NULL,
        recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
        CONSTRAINT deadline_notice_once UNIQUE (kind, subject_type, subject_id, due_at)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE deadline_notice`);
    await db.query(`DROP INDEX task_due`);
    await db.query(`DROP INDEX gate_open_due`);
    await db.query(`ALTER TABLE gate DROP COLUMN due_at`);
    await db.query(`DROP TABLE notification_preference`);
    await db.query(`DROP TABLE notification`);
    await db.query(`DROP TABLE outbox_attempt`);
    await db.query(`DROP TABLE outbox_delivery`);
    await db.query(`DROP TABLE outbox_message`);
  }
}
