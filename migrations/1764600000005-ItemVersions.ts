import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each KPI value and each task carries a version of its own, so that an edit of one item can be
 * guarded by that item's version (`itemVersion`) instead of the whole engagement's.
 */
export class ItemVersions1764600000005 implements MigrationInterface {
  name = 'ItemVersions1764600000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kpi_value ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)`);
    await db.query(`ALTER TABLE task ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE task DROP COLUMN version`);
    await db.query(`ALTER TABLE kpi_value DROP COLUMN version`);
  }
}
