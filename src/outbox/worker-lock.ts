import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** The advisory-lock namespace (first key) of outbox workers; the second key is the worker's own. */
export const WORKER_LOCK_CLASS = 7_711_001;

/**
 * A worker's proof of life: a session-level advisory lock (WORKER_LOCK_CLASS, key) held for as long
 * as the process lives. The worker writes its key into each delivery it claims (`locked_by`); another
 * worker may take over a `sending` delivery at once when that key's lock is no longer held (its
 * process died: PostgreSQL drops the lock with the session) instead of waiting for the lease to run
 * out. On PostgreSQL the lock lives on a connection of its own (the pool closes idle connections); on
 * the embedded database, in its one session, which ends with the process.
 */
export class WorkerLock {
  private key: number | null = null;
  private client: Client | null = null;
  private acquiring: Promise<number> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly databaseUrl: string | undefined,
  ) {}

  /** This worker's key, taking its lock first when it holds none (the first claim, or a lost connection). Never inside a transaction. */
  current(): Promise<number> {
    if (this.key !== null) return Promise.resolve(this.key);
    this.acquiring ??= this.acquire().finally(() => (this.acquiring = null));
    return this.acquiring;
  }

  async release(): Promise<void> {
    this.key = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async acquire(): Promise<number> {
    const query = this.databaseUrl ? await this.connect(this.databaseUrl) : (sql: string, params: unknown[]) => this.db.query(sql, params);
    try {
      for (;;) {
        const key = 1 + Math.floor(Math.random() * 0x7ffffffe);
        const [row] = (await query(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [WORKER_LOCK_CLASS, key])) as { ok: boolean }[];
        if (row.ok) return (this.key = key);
      }
    } catch (error) {
      // No lock taken: the connection opened for it is not kept (the next claim opens another).
      await this.release();
      throw error;
    }
  }

  private async connect(url: string): Promise<(sql: string, params: unknown[]) => Promise<unknown[]>> {
    // keepAlive: a session the network dropped is noticed (and the key given up) rather than trusted.
    const client = new Client({ connectionString: url, application_name: 'u4ssc outbox worker', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    const lost = () => {
      if (this.client !== client) return;
      // The lock went with the session: other workers may take over what this one has in flight (at least once).
      this.client = null;
      this.key = null;
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    this.client = client;
    return async (sql, params) => (await client.query(sql, params)).rows as unknown[];
  }
}

/**
 * SQL: whether the worker whose key is in `column` is gone (its lock not held in this database).
 * An uncorrelated sub-select: PostgreSQL reads pg_locks once per statement.
 */
export function workerGone(column: string): string {
  return `(${column} IS NOT NULL AND NOT (${column} = ANY (ARRAY(
    SELECT l.objid::bigint::integer FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.classid = ${WORKER_LOCK_CLASS} AND l.objsubid = 2 AND l.granted
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())))))`;
}
