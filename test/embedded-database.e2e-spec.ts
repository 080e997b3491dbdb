import { TestServer } from './support/harness';

/**
 * The first trap of stack-notes.md: typeorm-pglite as shipped shares one PGlite session between
 * concurrent transactions, so `SELECT … FOR UPDATE` cannot block and read-modify-write loses
 * updates. Our driver queues transactions for the session; this proves it on the real database.
 */
describe(`parallel transactions on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('loses no update when 20 read-modify-write transactions run at once', async () => {
    const db = server.dataSource;
    await db.query(`INSERT INTO app_setting (key, value) VALUES ('test_counter', '0')`);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query(`SELECT value FROM app_setting WHERE key = 'test_counter' FOR UPDATE`);
          await new Promise((r) => setTimeout(r, 5)); // let the others start meanwhile
          await tx.query(`UPDATE app_setting SET value = $1 WHERE key = 'test_counter'`, [String(Number(row.value) + 1)]);
        }),
      ),
    );
    const [row] = await db.query(`SELECT value FROM app_setting WHERE key = 'test_counter'`);
    expect(row.value).toBe('20');
  });

  it('rolls a failed transaction back without disturbing the one after it', async () => {
    const db = server.dataSource;
    await db.query(`INSERT INTO app_setting (key, value) VALUES ('test_rollback', 'before')`);
    const failing = db.transaction(async (tx) => {
      await tx.query(`UPDATE app_setting SET value = 'during' WHERE key = 'test_rollback'`);
      throw new Error('boom');
    });
    const reader = db.transaction(async (tx) => (await tx.query(`SELECT value FROM app_setting WHERE key = 'test_rollback'`))[0].value);
    await expect(failing).rejects.toThrow('boom');
    await expect(reader).resolves.toBe('before');
  });
});
