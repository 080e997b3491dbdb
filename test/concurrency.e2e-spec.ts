import { auth, TestServer } from './support/harness';

describe('concurrent writes to one engagement', () => {
  let server: TestServer;
  let manager: { id: string; token: string };
  let engagementId: string;
  let people: { id: string }[];

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    engagementId = (await server.engagement(manager.token, await server.city(manager.token))).id;
    people = [];
    for (let i = 0; i < 20; i++) people.push(await server.person('member', `Person ${i}`));
  });
  afterAll(() => server.stop());

  it(`loses nothing when 20 read-modify-write transactions run at once (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const before = (await server.http.get(`/api/engagements/${engagementId}`).set(auth(manager.token))).body.version;
    const results = await Promise.all(
      people.map((p) => server.http.post(`/api/engagements/${engagementId}/members`).set(auth(manager.token)).send({ userId: p.id, role: 'observer' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const after = await server.http.get(`/api/engagements/${engagementId}`).set(auth(manager.token));
    expect(after.body.version).toBe(before + 20);
    expect(after.body.members).toHaveLength(20);
    const history = (await server.http.get(`/api/engagements/${engagementId}/history`).set(auth(manager.token))).body;
    const added = history.filter((h: { type: string }) => h.type === 'MEMBER_ADDED');
    expect(added).toHaveLength(20);
    expect(added.map((h: { version: number }) => h.version).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => before + 1 + i),
    );
  });

  it('lets exactly one of 20 writes with the same expectedVersion through', async () => {
    const { version } = (await server.http.get(`/api/engagements/${engagementId}`).set(auth(manager.token))).body;
    const results = await Promise.all(
      people.map((p) =>
        server.http.post(`/api/engagements/${engagementId}/members`).set(auth(manager.token)).send({ userId: p.id, role: 'data_contributor', expectedVersion: version }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body).toEqual(expect.objectContaining({ code: 'STALE_VERSION', currentVersion: version + 1 }));
    const history = (await server.http.get(`/api/engagements/${engagementId}/history`).set(auth(manager.token))).body;
    expect(history.filter((h: { version: number }) => h.version === version + 1)).toHaveLength(1);
  });
});

describe('the history table', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it("refuses UPDATE and DELETE, run as the application's own database user", async () => {
    const manager = await server.person('programme_manager');
    const engagement = await server.engagement(manager.token, await server.city(manager.token));
    const db = server.dataSource;
    await expect(db.query(`UPDATE engagement_history SET type = 'FORGED' WHERE engagement_id = $1`, [engagement.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM engagement_history WHERE engagement_id = $1`, [engagement.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE engagement_history CASCADE`)).rejects.toThrow(/append-only/);
    const rows = await db.query(`SELECT type FROM engagement_history WHERE engagement_id = $1`, [engagement.id]);
    expect(rows).toEqual([{ type: 'ENGAGEMENT_OPENED' }]);
  });
});
