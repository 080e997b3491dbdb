import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions: a URL, the event types (or `*`), the secret deliveries are signed with
 * (`secret_sealed`: AES-256-GCM under WEBHOOK_SECRET_KEY when set — src/webhooks/signing.ts — never
 * returned by any route), one engagement or the whole portfolio (`engagement_id` null). A deleted
 * subscription keeps its row (`deleted_at`) so that its deliveries stay explained; it receives nothing.
 * Deliveries themselves are the outbox's (`outbox_delivery` with channel 'webhook' and the
 * subscription's id as target, and their `outbox_attempt` rows).
 */
export class Webhooks1764900000005 implements MigrationInterface {
  name = 'Webhooks1764900000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        secret_sealed text NOT NULL,
        engagement_id uuid REFERENCES engagement(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        deleted_at timestamptz
      )`);
    await db.query(`CREATE INDEX webhook_live ON webhook (engagement_id) WHERE deleted_at IS NULL`);
    await db.query(`CREATE INDEX outbox_delivery_target ON outbox_delivery (channel, target, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_delivery_target`);
    await db.query(`DROP TABLE webhook`);
  }
}
