/** Fresh databases for one bench run: created at the start, dropped (or removed) at the end. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface FreshDatabase {
  /** The new database's URL (PostgreSQL) or the temporary DATA_DIR (PGlite). */
  env: { DATABASE_URL?: string; DATA_DIR: string };
  name: string;
  drop(): Promise<void>;
}

/** Runs statements on the server that `url` names, on one short connection. */
export async function onServer<T = unknown>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A new database next to the one `serverUrl` names: u4ssc_bench_<purpose>_test_<random>, dropped (with force) by drop(). */
export async function freshPostgres(serverUrl: string, purpose: string): Promise<FreshDatabase> {
  const name = `u4ssc_bench_${purpose}_test_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'u4ssc-bench-'));
  return {
    name,
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** A temporary DATA_DIR for the embedded database, removed by drop(). */
export function freshPglite(): FreshDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'u4ssc-bench-pglite-'));
  return { name: dataDir, env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}
