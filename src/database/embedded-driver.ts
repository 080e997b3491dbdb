import { PGliteDriver } from 'typeorm-pglite';

type ConnectCallback = (err: Error | null, client: unknown, release: (err?: Error) => void) => void;
type PoolClass = new () => { connect(callback: ConnectCallback): Promise<void> };

/**
 * The embedded PostgreSQL (PGlite) driver for TypeORM, made safe for concurrent requests.
 *
 * typeorm-pglite hands every pooled "connection" the same PGlite session and does not wait for
 * one transaction to end before the next begins, so concurrent transactions interleave and lose
 * updates (stack-notes.md, trap 1). Here the pool behaves as a one-connection pool: a caller gets
 * the session only after the previous holder released it. Consequence for application code: inside
 * a transaction, use the transaction's EntityManager, never the DataSource (which would wait for
 * the session the transaction itself holds).
 */
export function embeddedDriver(dataDir: string): unknown {
  const base = new PGliteDriver({ dataDir }).driver as unknown as { Pool: PoolClass };
  class OneSessionPool extends base.Pool {
    private queue: Promise<void> = Promise.resolve();

    override connect(callback: ConnectCallback): Promise<void> {
      let releaseSession!: () => void;
      const held = new Promise<void>((resolve) => (releaseSession = resolve));
      const turn = this.queue;
      this.queue = turn.then(() => held);
      return turn.then(() =>
        super.connect((err, client) => {
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            releaseSession();
          };
          if (err) release();
          callback(err, client, release);
        }),
      );
    }
  }
  return { Pool: OneSessionPool };
}
