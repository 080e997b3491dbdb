import bcrypt from 'bcryptjs';
import { ADMIN, auth, expectErrorShape, TestServer } from './support/harness';

/**
 * Signing in must not tell an attacker which accounts exist, must stop password guessing on one
 * account, and must not lock out a city office whose colleagues all sign in from one address.
 */
describe('login: no account enumeration, per-account lockout', () => {
  let server: TestServer;
  // A bcrypt cost high enough that skipping the compare would be measurable from outside.
  beforeAll(async () => (server = await TestServer.start({ BCRYPT_ROUNDS: '8' })));
  afterAll(() => server.stop());

  const createUser = async (email: string, password = 'password-123') => {
    const res = await server.http.post('/api/users').set(auth(server.adminToken)).send({ email, name: email, password, role: 'member' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  /** Every password check the server makes during one login, and the bcrypt cost of each hash it checks against. */
  async function compareCostsOf(email: string, password: string): Promise<{ status: number; costs: number[] }> {
    const spy = jest.spyOn(bcrypt, 'compare');
    try {
      const res = await server.http.post('/api/auth/login').send({ email, password });
      const costs = spy.mock.calls.map(([, hash]) => bcrypt.getRounds(hash as string));
      return { status: res.status, costs };
    } finally {
      spy.mockRestore();
    }
  }

  it('runs one bcrypt compare of the configured cost whether the account exists, is deactivated, or not', async () => {
    const id = await createUser('known@u4ssc.test');
    const known = await compareCostsOf('known@u4ssc.test', 'wrong-password-1');
    const unknown = await compareCostsOf('nobody-here@u4ssc.test', 'wrong-password-1');
    expect(known).toEqual({ status: 401, costs: [8] });
    expect(unknown).toEqual({ status: 401, costs: [8] });

    const off = await server.http.patch(`/api/users/${id}`).set(auth(server.adminToken)).send({ active: false });
    expect(off.status).toBe(200);
    const deactivated = await compareCostsOf('known@u4ssc.test', 'password-123');
    expect(deactivated).toEqual({ status: 401, costs: [8] });
  });

  it('answers 429 for one account after repeated wrong passwords, while another account from the same client signs in', async () => {
    await createUser('guessed@u4ssc.test');
    await createUser('colleague@u4ssc.test');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await server.http.post('/api/auth/login').send({ email: 'guessed@u4ssc.test', password: `wrong-password-${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const locked = await server.http.post('/api/auth/login').send({ email: ' Guessed@U4SSC.test ', password: 'wrong-password-9' });
    expect(locked.status).toBe(429);
    expectErrorShape(locked.body, 429, 'TOO_MANY_REQUESTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);

    // Even the right password waits until the lock ends: guessing gains nothing.
    const rightButLocked = await server.http.post('/api/auth/login').send({ email: 'guessed@u4ssc.test', password: 'password-123' });
    expect(rightButLocked.status).toBe(429);

    const colleague = await server.http.post('/api/auth/login').send({ email: 'colleague@u4ssc.test', password: 'password-123' });
    expect(colleague.status).toBe(200);
    const admin = await server.http.post('/api/auth/login').send(ADMIN);
    expect(admin.status).toBe(200);
  });

  it('locks an unknown e-mail the same way, so the lock tells nothing about which accounts exist', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await server.http.post('/api/auth/login').send({ email: 'no-such-person@u4ssc.test', password: `wrong-password-${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('login: per-client limit sized for a city office', () => {
  let server: TestServer;
  // The default per-client limit, not the harness's relaxed one.
  beforeAll(async () => (server = await TestServer.start({ LOGIN_RATE_LIMIT: '' })));
  afterAll(() => server.stop());

  it('lets ten colleagues behind one address sign in, each after one typo', async () => {
    const emails: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const email = `colleague-${i}@city.example`;
      const res = await server.http.post('/api/users').set(auth(server.adminToken)).send({ email, name: `Colleague ${i}`, password: 'password-123', role: 'member' });
      expect(res.status).toBe(201);
      emails.push(email);
    }
    const statuses: number[] = [];
    for (const email of emails) {
      statuses.push((await server.http.post('/api/auth/login').send({ email, password: 'pasword-123' })).status);
      statuses.push((await server.http.post('/api/auth/login').send({ email, password: 'password-123' })).status);
    }
    expect(statuses).toEqual(emails.flatMap(() => [401, 200]));
  });
});
