import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which worker holds a delivery in `sending`: the key of its advisory lock (src/outbox/worker-lock.ts).
 * A delivery whose worker died (its lock gone) is taken over at once rather than when the lease runs out.
 */
export class OutboxWorkerLocks1765000000003 implements MigrationInterface {
  name = 'OutboxWorkerLocks1765000000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_delivery ADD COLUMN locked_by integer`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_delivery DROP COLUMN locked_by`);
  }
}
