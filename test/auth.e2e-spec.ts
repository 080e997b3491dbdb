import { ADMIN, auth, expectErrorShape, TestServer } from './support/harness';

describe('people and access tokens', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('logs in with the right password and refuses a wrong one', async () => {
    const good = await server.http.post('/api/auth/login').send(ADMIN);
    expect(good.status).toBe(200);
    expect(good.body.accessToken).toEqual(expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/));

    const bad = await server.http.post('/api/auth/login').send({ ...ADMIN, password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expectErrorShape(bad.body, 401, 'INVALID_CREDENTIALS');
    expect(JSON.stringify(bad.body)).not.toContain('accessToken');

    const unknown = await server.http.post('/api/auth/login').send({ email: 'nobody@u4ssc.test', password: 'whatever-1' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe(bad.body.message);
  });

  it('answers 401 without a token or with a forged one', async () => {
    const none = await server.http.get('/api/me');
    expect(none.status).toBe(401);
    expectErrorShape(none.body, 401, 'UNAUTHORIZED');

    const forged = await server.http.get('/api/me').set(auth('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'));
    expect(forged.status).toBe(401);

    const list = await server.http.get('/api/engagements');
    expect(list.status).toBe(401);
  });

  it('shows the caller with their global role', async () => {
    const me = await server.http.get('/api/me').set(auth(server.adminToken));
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ email: ADMIN.email, role: 'admin', memberships: [] }));
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('lets only an admin create users', async () => {
    const manager = await server.person('programme_manager', 'Pat Manager');
    const member = await server.person('member', 'Mo Member');
    const body = { email: 'new@u4ssc.test', name: 'New Person', password: 'password-123', role: 'member' };

    for (const token of [manager.token, member.token]) {
      const refused = await server.http.post('/api/users').set(auth(token)).send(body);
      expect(refused.status).toBe(403);
      expectErrorShape(refused.body, 403, 'FORBIDDEN');
    }
    const created = await server.http.post('/api/users').set(auth(server.adminToken)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ email: 'new@u4ssc.test', role: 'member', id: expect.any(String) }));
    expect(created.body.password).toBeUndefined();

    const again = await server.http.post('/api/users').set(auth(server.adminToken)).send(body);
    expect(again.status).toBe(409);
    expectErrorShape(again.body, 409, 'EMAIL_TAKEN');

    const login = await server.http.post('/api/auth/login').send({ email: 'NEW@u4ssc.test', password: 'password-123' });
    expect(login.status).toBe(200);
  });

  it('refuses a user with a bad role or a short password, naming each field', async () => {
    const res = await server.http
      .post('/api/users')
      .set(auth(server.adminToken))
      .send({ email: 'not-an-email', name: 'X', password: 'short', role: 'mayor' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password', 'role']);
  });

  it('keeps the generated signing key across a restart, so tokens stay valid', async () => {
    const token = await server.login(ADMIN.email, ADMIN.password);
    await server.restart();
    const me = await server.http.get('/api/me').set(auth(token));
    expect(me.status).toBe(200);
  });
});

describe('login rate limit', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start({ LOGIN_RATE_LIMIT: '3' })));
  afterAll(() => server.stop());

  it('answers 429 after too many attempts from one client', async () => {
    // The harness already logged the admin in once.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await server.http.post('/api/auth/login').send({ ...ADMIN, password: 'wrong-password' })).status);
    }
    expect(statuses).toEqual([401, 401, 429, 429]);
    const limited = await server.http.post('/api/auth/login').send(ADMIN);
    expect(limited.status).toBe(429);
    expectErrorShape(limited.body, 429, 'TOO_MANY_REQUESTS');
  });
});
