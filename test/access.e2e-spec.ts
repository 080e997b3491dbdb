import { auth, expectErrorShape, TestServer } from './support/harness';

describe('cities, engagements and who may see them', () => {
  let server: TestServer;
  let manager: { id: string; token: string };
  let alice: { id: string; token: string }; // coordinator in city A
  let bob: { id: string; token: string }; // coordinator in city B
  let engagementA: { id: string; version: number };
  let engagementB: { id: string; version: number };
  let cityA: string;
  let cityB: string;

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    alice = await server.person('member', 'Alice');
    bob = await server.person('member', 'Bob');
    cityA = await server.city(manager.token, 'Alpha City');
    cityB = await server.city(manager.token, 'Beta City');
    engagementA = await server.engagement(manager.token, cityA, { title: 'Alpha roadmap' });
    engagementB = await server.engagement(manager.token, cityB, { title: 'Beta roadmap' });
    await server.member(manager.token, engagementA.id, alice.id, 'city_coordinator');
    await server.member(manager.token, engagementB.id, bob.id, 'city_coordinator');
  });
  afterAll(() => server.stop());

  it('opens a new engagement at assessment / inProgress, version 1, managed by its creator', async () => {
    const city = await server.city(manager.token, 'Gamma City');
    const res = await server.http.post('/api/engagements').set(auth(manager.token)).send({ cityId: city, title: 'Gamma roadmap' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ cityId: city, title: 'Gamma roadmap', managerId: manager.id, cycle: 1, stage: 'assessment', step: 'inProgress', version: 1 }),
    );
    const history = await server.http.get(`/api/engagements/${res.body.id}/history`).set(auth(manager.token));
    expect(history.body).toEqual([expect.objectContaining({ type: 'ENGAGEMENT_OPENED', actorId: manager.id, to: 'assessment.inProgress', version: 1 })]);
  });

  it("gives a member of city A's engagement 404 on city B's, and leaves B out of A's list", async () => {
    for (const path of ['', '/members', '/history']) {
      const res = await server.http.get(`/api/engagements/${engagementB.id}${path}`).set(auth(alice.token));
      expect(res.status).toBe(404);
      expectErrorShape(res.body, 404, 'NOT_FOUND');
    }
    const list = await server.http.get('/api/engagements').set(auth(alice.token));
    expect(list.status).toBe(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([engagementA.id]);
    const cities = await server.http.get('/api/cities').set(auth(alice.token));
    expect(cities.body.map((c: { name: string }) => c.name)).toEqual(['Alpha City']);
    expect((await server.http.get(`/api/cities/${cityB}`).set(auth(alice.token))).status).toBe(404);

    const own = await server.http.get(`/api/engagements/${engagementA.id}`).set(auth(alice.token));
    expect(own.status).toBe(200);
    expect(own.body.members).toEqual([expect.objectContaining({ userId: alice.id, role: 'city_coordinator' })]);
  });

  it('refuses a member adding members to their own engagement (403), and anyone outside it (404)', async () => {
    const mine = await server.http.post(`/api/engagements/${engagementA.id}/members`).set(auth(alice.token)).send({ userId: bob.id, role: 'observer' });
    expect(mine.status).toBe(403);
    expectErrorShape(mine.body, 403, 'FORBIDDEN');
    const theirs = await server.http.post(`/api/engagements/${engagementB.id}/members`).set(auth(alice.token)).send({ userId: alice.id, role: 'observer' });
    expect(theirs.status).toBe(404);
  });

  it('lets programme staff see every engagement, filtered by stage and city, paginated', async () => {
    const all = await server.http.get('/api/engagements').set(auth(manager.token));
    expect(all.status).toBe(200);
    expect(Number(all.headers['x-total-count'])).toBeGreaterThanOrEqual(2);
    const byCity = await server.http.get(`/api/engagements?cityId=${cityB}`).set(auth(manager.token));
    expect(byCity.body.map((e: { id: string }) => e.id)).toEqual([engagementB.id]);
    const design = await server.http.get('/api/engagements?stage=design').set(auth(manager.token));
    expect(design.body).toEqual([]);
    const page = await server.http.get('/api/engagements?limit=1&offset=1').set(auth(manager.token));
    expect(page.body).toHaveLength(1);
    const bad = await server.http.get('/api/engagements?stage=nowhere&limit=0').set(auth(manager.token));
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'stage']);
  });

  it('walks the list a page at a time by cursor (X-Next-Cursor, Link), newest first as by offset, none skipped or repeated, only what the caller may read', async () => {
    const city = await server.city(manager.token, 'Paging City');
    for (let i = 0; i < 5; i++) await server.engagement(manager.token, city, { title: `Paging ${i}` });
    const everything = await server.http.get('/api/engagements?limit=200').set(auth(manager.token));
    const expected = (everything.body as { id: string }[]).map((e) => e.id);
    expect(everything.headers['x-next-cursor']).toBeUndefined();
    const walked: string[] = [];
    let path = '/api/engagements?limit=2';
    for (let pages = 0; pages < 50; pages++) {
      const res = await server.http.get(path).set(auth(manager.token));
      expect(res.status).toBe(200);
      expect(res.headers['x-total-count']).toBe(String(expected.length));
      walked.push(...(res.body as { id: string }[]).map((e) => e.id));
      const cursor = res.headers['x-next-cursor'] as string | undefined;
      if (!cursor) break;
      expect(res.headers.link).toBe(`</api/engagements?limit=2&cursor=${cursor}>; rel="next"`);
      path = `/api/engagements?limit=2&cursor=${cursor}`;
    }
    expect(walked).toEqual(expected);
    const filtered = await server.http.get(`/api/engagements?cityId=${city}&limit=3`).set(auth(manager.token));
    expect(filtered.headers.link).toBe(`</api/engagements?cityId=${city}&limit=3&cursor=${filtered.headers['x-next-cursor']}>; rel="next"`);
    const rest = await server.http.get(`/api/engagements?cityId=${city}&limit=3&cursor=${filtered.headers['x-next-cursor']}`).set(auth(manager.token));
    expect((rest.body as { title: string }[]).map((e) => e.title)).toEqual(['Paging 1', 'Paging 0']);
    // A city member's pages hold their engagement only, whatever the cursor.
    const theirs = await server.http.get(`/api/engagements?limit=1&cursor=${filtered.headers['x-next-cursor']}`).set(auth(alice.token));
    expect(theirs.status).toBe(200);
    expect((theirs.body as { id: string }[]).every((e) => e.id === engagementA.id)).toBe(true);
    for (const bad of ['not-a-cursor', Buffer.from(JSON.stringify({ after: 'x' })).toString('base64url')]) {
      const res = await server.http.get(`/api/engagements?cursor=${bad}`).set(auth(manager.token));
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    const both = await server.http.get(`/api/engagements?offset=1&cursor=${filtered.headers['x-next-cursor']}`).set(auth(manager.token));
    expect(both.status).toBe(400);
    expect(both.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('lets only programme staff open cities and engagements', async () => {
    expect((await server.http.post('/api/cities').set(auth(alice.token)).send({ name: 'X', country: 'Y' })).status).toBe(403);
    expect((await server.http.post('/api/engagements').set(auth(alice.token)).send({ cityId: cityA, title: 'X' })).status).toBe(403);
  });

  it('refuses an engagement for an unknown city, or managed by someone who is not programme staff', async () => {
    const unknownCity = await server.http
      .post('/api/engagements')
      .set(auth(manager.token))
      .send({ cityId: '00000000-0000-4000-8000-000000000000', title: 'X' });
    expect(unknownCity.status).toBe(400);
    expect(unknownCity.body.details).toEqual([expect.objectContaining({ field: 'cityId' })]);
    const memberManager = await server.http.post('/api/engagements').set(auth(manager.token)).send({ cityId: cityA, title: 'X', managerId: alice.id });
    expect(memberManager.status).toBe(400);
    expect(memberManager.body.details).toEqual([expect.objectContaining({ field: 'managerId' })]);
  });

  it('adds and removes members, each change bumping the version and leaving a history row', async () => {
    const carol = await server.person('member', 'Carol Approver');
    const noGroup = await server.http.post(`/api/engagements/${engagementA.id}/members`).set(auth(manager.token)).send({ userId: carol.id, role: 'approver' });
    expect(noGroup.status).toBe(400);
    expect(noGroup.body.details).toEqual([expect.objectContaining({ field: 'stakeholderGroup' })]);

    const before = (await server.http.get(`/api/engagements/${engagementA.id}`).set(auth(manager.token))).body.version;
    const memberId = await server.member(manager.token, engagementA.id, carol.id, 'approver', 'city_council');
    const twice = await server.http
      .post(`/api/engagements/${engagementA.id}/members`)
      .set(auth(manager.token))
      .send({ userId: carol.id, role: 'approver', stakeholderGroup: 'city_council' });
    expect(twice.status).toBe(409);

    const me = await server.http.get('/api/me').set(auth(carol.token));
    expect(me.body.memberships).toEqual([expect.objectContaining({ engagementId: engagementA.id, role: 'approver', stakeholderGroup: 'city_council' })]);

    const removed = await server.http.delete(`/api/engagements/${engagementA.id}/members/${memberId}`).set(auth(manager.token));
    expect(removed.status).toBe(204);
    const after = await server.http.get(`/api/engagements/${engagementA.id}`).set(auth(manager.token));
    expect(after.body.version).toBe(before + 2);
    expect((await server.http.get(`/api/engagements/${engagementA.id}`).set(auth(carol.token))).status).toBe(404);

    const history = (await server.http.get(`/api/engagements/${engagementA.id}/history`).set(auth(manager.token))).body;
    expect(history.slice(0, 2).reverse()).toEqual([ // newest first
      expect.objectContaining({ type: 'MEMBER_ADDED', actorId: manager.id, version: before + 1 }),
      expect.objectContaining({ type: 'MEMBER_REMOVED', actorId: manager.id, version: before + 2 }),
    ]);
  });

  it('answers a stale expectedVersion with 409 STALE_VERSION and the current version', async () => {
    const current = (await server.http.get(`/api/engagements/${engagementB.id}`).set(auth(manager.token))).body.version;
    const dave = await server.person('member', 'Dave');
    const res = await server.http
      .post(`/api/engagements/${engagementB.id}/members`)
      .set(auth(manager.token))
      .send({ userId: dave.id, role: 'observer', expectedVersion: current - 1 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(expect.objectContaining({ statusCode: 409, code: 'STALE_VERSION', currentVersion: current }));
    const members = (await server.http.get(`/api/engagements/${engagementB.id}/members`).set(auth(manager.token))).body;
    expect(members.map((m: { userId: string }) => m.userId)).not.toContain(dave.id);
  });
});
