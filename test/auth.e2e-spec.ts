import { createHmac, type KeyObject } from 'node:crypto';
import { SigningKeyService } from '../src/auth/signing-key.service';
import { validateEnvironment } from '../src/config/environment';
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

/** A JWT signed by hand: any header, any claims, HMAC with the given hash (or no signature for alg none). */
function forgeToken(header: Record<string, unknown>, claims: Record<string, unknown>, key?: KeyObject, hash = 'sha256'): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${part(header)}.${part(claims)}`;
  const signature = key ? createHmac(hash, key).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}

describe('access tokens: algorithm and expiry pinned', () => {
  let server: TestServer;
  let key: KeyObject;
  let adminId: string;
  beforeAll(async () => {
    server = await TestServer.start();
    key = await server.app.get(SigningKeyService).signingKey();
    adminId = (await server.http.get('/api/me').set(auth(server.adminToken))).body.id;
  });
  afterAll(() => server.stop());

  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a token signed HS256 with the key and an expiry (the control for the forgeries below)', async () => {
    const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, { sub: adminId, iat: now(), exp: now() + 600 }, key);
    expect((await server.http.get('/api/me').set(auth(token))).status).toBe(200);
    const issued = JSON.parse(Buffer.from(server.adminToken.split('.')[0], 'base64url').toString());
    expect(issued.alg).toBe('HS256');
  });

  it('refuses a token without exp', async () => {
    const token = forgeToken({ alg: 'HS256', typ: 'JWT' }, { sub: adminId, iat: now() }, key);
    const res = await server.http.get('/api/me').set(auth(token));
    expect(res.status).toBe(401);
    expectErrorShape(res.body, 401, 'UNAUTHORIZED');
  });

  it('refuses alg none and any other algorithm, even with the right key', async () => {
    const claims = { sub: adminId, iat: now(), exp: now() + 600 };
    for (const token of [
      forgeToken({ alg: 'none', typ: 'JWT' }, claims),
      forgeToken({ alg: 'HS512', typ: 'JWT' }, claims, key, 'sha512'),
      forgeToken({ alg: 'HS384', typ: 'JWT' }, claims, key, 'sha384'),
    ]) {
      const res = await server.http.get('/api/me').set(auth(token));
      expect(res.status).toBe(401);
    }
  });
});

describe('password policy', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  const create = (email: string, password: string) =>
    server.http.post('/api/users').set(auth(server.adminToken)).send({ email, name: 'Policy Person', password, role: 'member' });

  it('accepts the passwords people use in this suite', async () => {
    expect((await create('fine@u4ssc.test', 'password-123')).status).toBe(201);
    expect((await create('admin-two@u4ssc.test', 'admin-password-1')).status).toBe(201);
    // Exactly 72 bytes in UTF-8 (24 three-byte characters) is still whole.
    expect((await create('cjk@u4ssc.test', '都市'.repeat(12))).status).toBe(201);
  });

  it.each([
    ['shorter than 12 characters', 'short@u4ssc.test', 'elevenchars', /at least 12 characters/],
    ['a common password', 'common@u4ssc.test', 'password1234', /too common/],
    ['a common password in other case', 'common2@u4ssc.test', 'QWERTYUIOP123', /too common/],
    ['the e-mail name itself', 'maria.silva.coordinator@city.example', 'Maria.Silva.Coordinator', /e-mail/],
    ['built on the e-mail name', 'maria.silva@city.example', 'maria.silva2024', /e-mail/],
    ['longer than 72 bytes in UTF-8', 'long@u4ssc.test', 'é'.repeat(37), /72 bytes/],
  ])('refuses a password %s, naming the field', async (_, email, password, message) => {
    const res = await create(email, password);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'password', message: expect.stringMatching(message) })]);
  });

  it('stops the server at boot on a weak ADMIN_PASSWORD, without printing it', () => {
    for (const weak of ['short-pw', 'password1234', 'x'.repeat(73)]) {
      expect(() => validateEnvironment({ ADMIN_EMAIL: 'admin@u4ssc.test', ADMIN_PASSWORD: weak })).toThrow(/ADMIN_PASSWORD/);
      try {
        validateEnvironment({ ADMIN_EMAIL: 'admin@u4ssc.test', ADMIN_PASSWORD: weak });
      } catch (error) {
        expect((error as Error).message).not.toContain(weak);
      }
    }
    expect(() => validateEnvironment({ ADMIN_EMAIL: 'admin@u4ssc.test', ADMIN_PASSWORD: 'admin-password-1' })).not.toThrow();
  });
});

describe('changing one\'s password', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('needs the current password, applies the policy, and ends every earlier token', async () => {
    const person = await server.person('member', 'Cam Changer');
    const second = await server.login(person.email, 'password-123');

    const wrong = await server.http.put('/api/me/password').set(auth(person.token)).send({ currentPassword: 'not-my-password', newPassword: 'a-brand-new-secret' });
    expect(wrong.status).toBe(400);
    expectErrorShape(wrong.body, 400, 'WRONG_PASSWORD');

    const weak = await server.http.put('/api/me/password').set(auth(person.token)).send({ currentPassword: 'password-123', newPassword: 'password1234' });
    expect(weak.status).toBe(400);
    expectErrorShape(weak.body, 400, 'VALIDATION_FAILED');

    const missing = await server.http.put('/api/me/password').set(auth(person.token)).send({ newPassword: 'a-brand-new-secret' });
    expect(missing.status).toBe(400);

    // Nothing changed so far.
    expect((await server.http.get('/api/me').set(auth(person.token))).status).toBe(200);

    const changed = await server.http.put('/api/me/password').set(auth(person.token)).send({ currentPassword: 'password-123', newPassword: 'a-brand-new-secret' });
    expect(changed.status).toBe(204);

    for (const old of [person.token, second]) {
      const res = await server.http.get('/api/me').set(auth(old));
      expect(res.status).toBe(401);
      expectErrorShape(res.body, 401, 'UNAUTHORIZED');
    }
    expect((await server.http.post('/api/auth/login').send({ email: person.email, password: 'password-123' })).status).toBe(401);
    const fresh = await server.login(person.email, 'a-brand-new-secret');
    expect((await server.http.get('/api/me').set(auth(fresh))).status).toBe(200);
    // Other people's sessions are untouched.
    expect((await server.http.get('/api/me').set(auth(server.adminToken))).status).toBe(200);
  });
});

describe('deactivating a user', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('lets only an admin deactivate and reactivate; a deactivated user is out at once and cannot sign in', async () => {
    const manager = await server.person('programme_manager', 'Pat Manager');
    const leaver = await server.person('member', 'Lee Leaver');

    const byManager = await server.http.patch(`/api/users/${leaver.id}`).set(auth(manager.token)).send({ active: false });
    expect(byManager.status).toBe(403);

    const off = await server.http.patch(`/api/users/${leaver.id}`).set(auth(server.adminToken)).send({ active: false });
    expect(off.status).toBe(200);
    expect(off.body).toEqual(expect.objectContaining({ id: leaver.id, email: leaver.email.toLowerCase(), active: false }));

    const after = await server.http.get('/api/me').set(auth(leaver.token));
    expect(after.status).toBe(401);
    expectErrorShape(after.body, 401, 'UNAUTHORIZED');

    const login = await server.http.post('/api/auth/login').send({ email: leaver.email, password: 'password-123' });
    const wrong = await server.http.post('/api/auth/login').send({ email: manager.email, password: 'wrong-password-1' });
    expect(login.status).toBe(401);
    expect(login.body).toEqual(wrong.body);

    const listed = await server.http.get('/api/users').set(auth(server.adminToken));
    expect(listed.body.find((u: { id: string }) => u.id === leaver.id).active).toBe(false);

    const on = await server.http.patch(`/api/users/${leaver.id}`).set(auth(server.adminToken)).send({ active: true });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    // The token from before the deactivation stays dead; signing in again works.
    expect((await server.http.get('/api/me').set(auth(leaver.token))).status).toBe(401);
    await server.login(leaver.email, 'password-123');
  });

  it('puts a deactivated member out at once on the routes of their engagement too (the caller is read with the engagement there)', async () => {
    const manager = await server.person('programme_manager', 'Pia Manager');
    const member = await server.person('member', 'Mo Member');
    const cityId = await server.city(manager.token, 'Leaverton');
    const { id, version } = await server.engagement(manager.token, cityId);
    await server.member(manager.token, id, member.id, 'city_coordinator');
    expect((await server.http.get(`/api/engagements/${id}`).set(auth(member.token))).status).toBe(200);
    expect((await server.http.get(`/api/engagements/${id}`).set(auth(manager.token))).status).toBe(200);

    await server.http.patch(`/api/users/${manager.id}`).set(auth(server.adminToken)).send({ active: false }).expect(200);
    await server.http.patch(`/api/users/${member.id}`).set(auth(server.adminToken)).send({ active: false }).expect(200);
    for (const [token, res] of [
      [member.token, await server.http.get(`/api/engagements/${id}`).set(auth(member.token))],
      [manager.token, await server.http.post(`/api/engagements/${id}/events`).set(auth(manager.token)).send({ type: 'PUT_ON_HOLD', expectedVersion: version })],
      // An unknown engagement does not turn the refusal into a 404.
      [member.token, await server.http.get('/api/engagements/00000000-0000-4000-8000-000000000000').set(auth(member.token))],
    ] as const) {
      expect([token, res.status]).toEqual([token, 401]);
      expectErrorShape(res.body, 401, 'UNAUTHORIZED');
    }
    const history = await server.http.get(`/api/engagements/${id}/history`).set(auth(server.adminToken));
    expect(history.body.map((h: { type: string }) => h.type)).not.toContain('PUT_ON_HOLD');
  });

  it('refuses an admin deactivating themselves, a bad body and an unknown user', async () => {
    const me = (await server.http.get('/api/me').set(auth(server.adminToken))).body.id as string;
    const self = await server.http.patch(`/api/users/${me}`).set(auth(server.adminToken)).send({ active: false });
    expect(self.status).toBe(400);
    expectErrorShape(self.body, 400);
    expect((await server.http.get('/api/me').set(auth(server.adminToken))).status).toBe(200);

    const bad = await server.http.patch(`/api/users/${me}`).set(auth(server.adminToken)).send({ active: 'no' });
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');

    const unknown = await server.http.patch('/api/users/00000000-0000-4000-8000-000000000000').set(auth(server.adminToken)).send({ active: false });
    expect(unknown.status).toBe(404);
    expect((await server.http.patch('/api/users/not-a-uuid').set(auth(server.adminToken)).send({ active: false })).status).toBe(404);
  });
});

describe('HTTP security headers', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('sends helmet headers on every response and no X-Powered-By', async () => {
    for (const res of [
      await server.http.get('/health'),
      await server.http.get('/api/me').set(auth(server.adminToken)),
      await server.http.get('/api/me'),
      await server.http.post('/api/auth/login').send({ email: 'x@u4ssc.test', password: 'wrong-password-1' }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('still serves the API documentation page, whose scripts are all same-origin files the policy allows', async () => {
    const page = await server.http.get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // No inline script (script-src 'self' would block it); every script it loads is served here.
    const scripts = [...page.text.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes)?.[1] ?? '';
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect((await server.http.get(new URL(src, 'http://x/api/docs/').pathname)).status).toBe(200);
    }
  });
});
