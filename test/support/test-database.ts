import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where one test file keeps its data: a fresh PGlite folder, or a fresh PostgreSQL database. */
export interface TestDatabase {
  env: { DATABASE_URL?: string; DATA_DIR: string };
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/** The suite refuses any database whose name does not look like a test database. */
export function assertTestDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/(^|[_-])test([_-]|$)/i.test(name)) {
    throw new Error(
      `Refusing to run the tests against database "${name}": its name does not look like a test database ` +
        '(one of its words, split by _ or -, must be "test"). Point DATABASE_URL at a test database.',
    );
  }
  return name;
}

/**
 * A fresh database for one test file: with DATABASE_URL set, a new database on that server named
 * after it (e.g. u4ssc_ci_test → u4ssc_ci_test_3f2a…), dropped afterwards; otherwise a new PGlite
 * folder in the system's temporary directory (a copy of the migrated template made by global-setup), removed afterwards.
 */
export async function freshTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'u4ssc-test-'));
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const template = process.env.U4SSC_PGLITE_TEMPLATE;
    if (template) cpSync(template, join(dataDir, 'pgdata'), { recursive: true });
    return { kind: 'pglite', env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const baseName = assertTestDatabaseName(baseUrl);
  const name = `${baseName.slice(0, 40)}_${randomBytes(6).toString('hex')}`.toLowerCase();
  await withAdmin(baseUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await withAdmin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
