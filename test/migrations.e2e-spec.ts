import { DataSource } from 'typeorm';
import { validateEnvironment } from '../src/config/environment';
import { createApp } from '../src/app';
import { freshTestDatabase, TestDatabase } from './support/test-database';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** Several servers starting at once on one PostgreSQL database (several instances behind a load balancer, a rolling deploy). */
(onPostgres ? describe : describe.skip)('servers starting at once on one empty PostgreSQL database', () => {
  let database: TestDatabase;
  beforeEach(async () => (database = await freshTestDatabase()));
  afterEach(() => database.drop());

  const env = () => validateEnvironment({ ...database.env, ADMIN_EMAIL: 'first@u4ssc.test', ADMIN_PASSWORD: 'first-password-1', SEED_DEMO: 'false', LOG_LEVEL: 'silent', BCRYPT_ROUNDS: '4', OUTBOX_POLL_MS: '0', SWEEP_INTERVAL_MS: '0' });

  it('all three start: one migrates while the others wait, every migration is recorded once, the first administrator is created once', async () => {
    const apps = await Promise.allSettled([1, 2, 3].map(async () => {
      const app = await createApp(env());
      app.useLogger(false);
      await app.init();
      return app;
    }));
    const started = apps.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    try {
      expect(apps.map((a) => (a.status === 'rejected' ? String(a.reason) : 'started'))).toEqual(['started', 'started', 'started']);
      const db = started[0].get(DataSource);
      const migrations: { name: string; n: number }[] = await db.query('SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name');
      expect(migrations.length).toBe(db.migrations.length);
      expect(migrations.filter((m) => m.n !== 1)).toEqual([]);
      const admins: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'first@u4ssc.test'`);
      expect(admins[0].n).toBe(1);
    } finally {
      await Promise.all(started.map((a) => a.close()));
    }
  });
});

if (!onPostgres) {
  describe('servers starting at once', () => {
    it.skip('runs on PostgreSQL only: the embedded database admits one server per DATA_DIR (test/persistence.e2e-spec.ts)', () => undefined);
  });
}
