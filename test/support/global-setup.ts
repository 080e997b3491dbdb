import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../../src/config/environment';
import { openDatabase } from '../../src/database/database.module';
import { assertTestDatabaseName } from './test-database';

/**
 * Once per run. On PostgreSQL: refuse a database that does not look like a test database. On PGlite:
 * create one migrated data folder as a template, which each test file copies (initdb costs seconds
 * under Jest; a copy costs half of one).
 */
export default async function globalSetup(): Promise<void> {
  // Names this run: buildServer (server-process.ts) compiles the server once per run.
  process.env.U4SSC_TEST_RUN = `${process.pid}-${Date.now()}`;
  if (process.env.DATABASE_URL) {
    assertTestDatabaseName(process.env.DATABASE_URL);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'u4ssc-template-'));
  const db = await openDatabase(validateEnvironment({ DATA_DIR: root }));
  await db.destroy();
  process.env.U4SSC_PGLITE_TEMPLATE = join(root, 'pgdata');
}
