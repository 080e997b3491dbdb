import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts can be deactivated by an administrator, and every access token carries the generation
 * of its user's credentials: a password change or a deactivation moves it on, which ends every
 * token issued before.
 */
export class Accounts1764600000001 implements MigrationInterface {
  name = 'Accounts1764600000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await db.query(`ALTER TABLE app_user ADD COLUMN token_generation integer NOT NULL DEFAULT 0 CHECK (token_generation >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN token_generation`);
    await db.query(`ALTER TABLE app_user DROP COLUMN active`);
  }
}
