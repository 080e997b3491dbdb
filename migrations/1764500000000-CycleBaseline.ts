import { MigrationInterface, QueryRunner } from 'typeorm';

/** The next cycle of a city starts from the last measurements of the one before: its baseline. */
export class CycleBaseline1764500000000 implements MigrationInterface {
  name = 'CycleBaseline1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE engagement ADD COLUMN baseline jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE engagement DROP COLUMN baseline`);
  }
}
