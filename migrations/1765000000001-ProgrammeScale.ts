import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programme scale (issue 11): the portfolio is read newest first a page at a time (keyset on
 * created_at, id), and an engagement manager's engagements are found by manager.
 */
export class ProgrammeScale1765000000001 implements MigrationInterface {
  name = 'ProgrammeScale1765000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX engagement_newest_idx ON engagement (created_at DESC, id)`);
    await db.query(`CREATE INDEX engagement_manager_idx ON engagement (manager_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX engagement_manager_idx`);
    await db.query(`DROP INDEX engagement_newest_idx`);
  }
}
