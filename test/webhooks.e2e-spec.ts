import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { drainOutbox } from './support/outbox';
import { castOf, engagementOf, engagementWith, sendEvent, settleCoreKpis, settleTasks, type Cast } from './support/roadmap-steps';

interface Received {
  path: string;
  /** Date.now() when the request had been read. */
  time: number;
  headers: IncomingHttpHeaders;
  raw: string;
}

type Behaviour = 'fail' | 'hang' | 'redirect';

/** A webhook receiver on 127.0.0.1 that keeps what it is sent; the next requests may fail, hang or redirect. */
async function receiver() {
  const received: Received[] = [];
  const next = new Map<string, Behaviour[]>();
  const hanging: ServerResponse[] = [];
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', time: Date.now(), headers: req.headers, raw: Buffer.concat(chunks.map((c) => new Uint8Array(c))).toString('utf8') });
      const behaviour = next.get(req.url ?? '')?.shift();
      if (behaviour === 'hang') return void hanging.push(res);
      if (behaviour === 'fail') return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('receiver broken');
      if (behaviour === 'redirect') return void res.writeHead(302, { Location: '/redirected' }).end();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    received,
    /** The next requests to this path fail, hang or redirect, in this order. */
    plan: (path: string, ...behaviours: Behaviour[]) => next.set(path, [...(next.get(path) ?? []), ...behaviours]),
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => {
      for (const res of hanging) res.destroy();
      http.closeAllConnections();
      return new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** What a receiver does with `U4SSC-Signature` (the README's recipe): HMAC-SHA256 of "<t>.<raw body>", compared in constant time. */
function verifies(secret: string, header: string, raw: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(new Uint8Array(given), new Uint8Array(expected));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook registration: who, which URLs, which events', () => {
  let server: TestServer;
  let cast: Cast;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let id: string;
  const secret = 'registration-secret-0123456789';

  beforeAll(async () => {
    hooks = await receiver();
    // No WEBHOOK_ALLOW_HOSTS: nothing but public addresses.
    server = await TestServer.start({ WEBHOOK_SECRET_KEY: 'a-key-of-at-least-thirty-two-characters' });
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Hooked City');
  });
  afterAll(async () => {
    await server.stop();
    await hooks.close();
  });

  const register = (token: string, body: Record<string, unknown>) => server.http.post('/api/webhooks').set(auth(token)).send({ secret, events: ['*'], ...body });

  it('refuses loopback, private, link-local, metadata and disguised addresses, names resolving to them, non-http schemes and credentials (400)', async () => {
    for (const url of [
      `${hooks.base}/hook`,
      'http://10.0.0.1/hook',
      'http://192.168.1.20/hook',
      'http://100.64.0.7/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://2130706433/hook',
      'http://0x7f.1/hook',
      'http://017700000001/hook',
      'http://0.0.0.0/hook',
      `http://localhost:${hooks.port}/hook`,
      'ftp://93.184.216.34/hook',
      'https://user:password@93.184.216.34/hook',
      'http://no-such-host.invalid/hook',
    ]) {
      const res = await register(cast.manager.token, { url, engagementId: id });
      expect([url, res.status]).toEqual([url, 400]);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    const metadata = await register(cast.manager.token, { url: 'http://169.254.169.254/latest/meta-data/' });
    expect(metadata.body.message).toContain('link-local');
    const named = await register(cast.manager.token, { url: `http://localhost:${hooks.port}/hook` });
    expect(named.body.message).toContain('loopback');
    expect((await server.http.get('/api/webhooks').set(auth(cast.manager.token))).body).toEqual([]);
  });

  it('refuses unknown event types, an empty list, a short secret; 404 for an engagement that is none, 403 for a member', async () => {
    const url = 'https://93.184.216.34/hook';
    for (const body of [{ events: ['gate.exploded'] }, { events: [] }, { events: 'gate.opened' }, { secret: 'too-short' }, { secret: undefined }, { url: undefined }]) {
      const res = await register(cast.manager.token, { url, ...body });
      expect([body, res.status]).toEqual([body, 400]);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    }
    const unknown = await register(cast.manager.token, { url, engagementId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body, 404, 'NOT_FOUND');
    for (const member of [cast.coordinator, cast.verifier]) {
      const res = await register(member.token, { url, engagementId: id });
      expect(res.status).toBe(403);
      expectErrorShape(res.body, 403, 'FORBIDDEN');
      expect((await server.http.get('/api/webhooks').set(auth(member.token))).status).toBe(403);
    }
  });

  it('registers for one engagement or the portfolio, never shows the secret, and keeps it encrypted', async () => {
    const one = await register(cast.manager.token, { url: 'https://93.184.216.34/one', events: ['gate.opened', 'gate.opened', 'task.assigned'], engagementId: id });
    expect(one.status).toBe(201);
    expect(one.body).toEqual({
      id: expect.any(String),
      url: 'https://93.184.216.34/one',
      events: ['gate.opened', 'task.assigned'],
      engagementId: id,
      createdBy: cast.manager.id,
      createdAt: expect.any(String),
    });
    const all = await register(cast.admin.token, { url: 'https://93.184.216.34/all', events: ['*', 'gate.opened'] });
    expect(all.status).toBe(201);
    expect(all.body).toEqual(expect.objectContaining({ events: ['*'], engagementId: null }));

    const list = await server.http.get('/api/webhooks').set(auth(cast.admin.token));
    expect(list.status).toBe(200);
    expect(list.body.map((w: { id: string }) => w.id).sort()).toEqual([one.body.id, all.body.id].sort());
    // A programme manager sees, reads and deletes only their own: another's URL may itself be a secret.
    const mine = await server.http.get('/api/webhooks').set(auth(cast.manager.token));
    expect(mine.body.map((w: { id: string }) => w.id)).toEqual([one.body.id]);
    const other = await server.person('programme_manager', 'Other Manager');
    expect((await server.http.get('/api/webhooks').set(auth(other.token))).body).toEqual([]);
    expect((await server.http.get(`/api/webhooks/${one.body.id}/deliveries`).set(auth(other.token))).status).toBe(404);
    expect((await server.http.delete(`/api/webhooks/${all.body.id}`).set(auth(cast.manager.token))).status).toBe(404);
    expect((await server.http.delete(`/api/webhooks/${one.body.id}`).set(auth(other.token))).status).toBe(404);
    const deliveries = await server.http.get(`/api/webhooks/${one.body.id}/deliveries`).set(auth(cast.manager.token));
    expect(deliveries.status).toBe(200);
    for (const res of [one, all, list, deliveries]) expect(JSON.stringify(res.body)).not.toContain(secret);
    const stored = (await server.dataSource.query(`SELECT secret_sealed FROM webhook`)) as { secret_sealed: string }[];
    expect(stored).toHaveLength(2);
    for (const row of stored) expect(row.secret_sealed).not.toContain(secret);

    expect((await server.http.delete(`/api/webhooks/${one.body.id}`).set(auth(cast.manager.token))).status).toBe(204);
    expect((await server.http.delete(`/api/webhooks/${one.body.id}`).set(auth(cast.manager.token))).status).toBe(404);
    expect((await server.http.get(`/api/webhooks/${one.body.id}/deliveries`).set(auth(cast.manager.token))).status).toBe(404);
    expect((await server.http.get('/api/webhooks').set(auth(cast.admin.token))).body.map((w: { id: string }) => w.id)).toEqual([all.body.id]);
    expect((await server.http.delete(`/api/webhooks/${all.body.id}`).set(auth(cast.admin.token))).status).toBe(204);
  });

  it('checks the address again when it connects: a name that now resolves to loopback, or a stored private address, gets nothing', async () => {
    // As if DNS had changed since registration: the rows are written behind the API's back.
    for (const url of [`http://localhost:${hooks.port}/rebound`, `${hooks.base}/literal`]) {
      await server.dataSource.query(
        `INSERT INTO webhook (url, events, secret_sealed, engagement_id, created_by, created_at) VALUES ($1, '{*}', 'plain:${secret}', $2, $3, now())`,
        [url, id, cast.manager.id],
      );
    }
    const [task] = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[];
    expect((await server.http.patch(`/api/engagements/${id}/tasks/${task.id}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id })).status).toBe(200);
    await drainOutbox(server);
    expect(hooks.received).toEqual([]);
    const attempts = (await server.dataSource.query(
      `SELECT w.url, a.error, a.response_code FROM outbox_attempt a JOIN outbox_delivery d ON d.id = a.delivery_id JOIN webhook w ON w.id::text = d.target ORDER BY w.url`,
    )) as { url: string; error: string; response_code: number | null }[];
    expect(attempts).toEqual([
      { url: `${hooks.base}/literal`, error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/), response_code: null },
      { url: `http://localhost:${hooks.port}/rebound`, error: expect.stringMatching(/^refused: localhost resolves to .*loopback/), response_code: null },
    ]);
  });
});

describe('webhook deliveries to a receiver on 127.0.0.1', () => {
  let server: TestServer;
  let cast: Cast;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let id: string;
  let otherId: string;
  let taskIds: string[];
  let otherTaskIds: string[];
  const secret = 'whsec-0123456789abcdef';
  const hookIds: Record<string, string> = {};

  const tasksOf = async (engagementId: string) =>
    ((await server.http.get(`/api/engagements/${engagementId}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[]).map((t) => t.id);
  const assign = (engagementId: string, taskId: string, body: Record<string, unknown> = {}) =>
    server.http.patch(`/api/engagements/${engagementId}/tasks/${taskId}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id, ...body });
  const deliveriesOf = async (hookId: string) => {
    const res = await server.http.get(`/api/webhooks/${hookId}/deliveries`).set(auth(cast.manager.token));
    expect(res.status).toBe(200);
    return res.body as { id: string; type: string; status: string; attempts: { attempt: number; status: string; responseCode: number | null; error: string | null; durationMs: number; startedAt: string }[] }[];
  };

  beforeAll(async () => {
    hooks = await receiver();
    server = await TestServer.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '40', WEBHOOK_TIMEOUT_MS: '1500' });
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Hooked City');
    otherId = await engagementWith(server, cast, 'Other City');
    taskIds = await tasksOf(id);
    otherTaskIds = await tasksOf(otherId);
    const register = async (name: string, body: Record<string, unknown>) => {
      const res = await server.http.post('/api/webhooks').set(auth(cast.manager.token)).send({ url: `${hooks.base}/${name}`, secret, ...body });
      expect(res.status).toBe(201);
      hookIds[name] = res.body.id;
    };
    await register('engagement', { events: ['*'], engagementId: id });
    await register('portfolio', { events: ['task.assigned'] });
    await register('gates', { events: ['gate.opened'], engagementId: id });
  });
  afterAll(async () => {
    await server.stop();
    await hooks.close();
  });

  it('signs each delivery as API.md says: the receiver verifies it from the raw body', async () => {
    expect((await assign(id, taskIds[0])).status).toBe(200);
    await drainOutbox(server);
    const [got] = hooks.at('/engagement');
    expect(got.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got.raw) as Record<string, unknown>;
    expect(body).toEqual({ id: got.headers['u4ssc-delivery'], type: 'task.assigned', occurredAt: expect.any(String), engagementId: id, data: expect.objectContaining({ taskId: taskIds[0] }) });
    const signature = String(got.headers['u4ssc-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(verifies(secret, signature, got.raw, now)).toBe(true);
    expect(verifies('another-secret-0123', signature, got.raw, now)).toBe(false);
    expect(verifies(secret, signature, got.raw.replace(taskIds[0], taskIds[1]), now)).toBe(false);
    const [delivery] = await deliveriesOf(hookIds.engagement);
    expect(delivery).toEqual(expect.objectContaining({ id: body.id, type: 'task.assigned', status: 'delivered', attempts: [expect.objectContaining({ attempt: 1, status: 'delivered', responseCode: 204, error: null })] }));
  });

  it('filters by engagement and event type: portfolio-wide hooks hear every engagement, the others only theirs', async () => {
    const before = { engagement: hooks.at('/engagement').length, portfolio: hooks.at('/portfolio').length };
    expect((await assign(otherId, otherTaskIds[0])).status).toBe(200);
    await drainOutbox(server);
    expect(hooks.at('/engagement')).toHaveLength(before.engagement);
    const portfolio = hooks.at('/portfolio');
    expect(portfolio).toHaveLength(before.portfolio + 1);
    expect(JSON.parse(portfolio[portfolio.length - 1].raw)).toEqual(expect.objectContaining({ type: 'task.assigned', engagementId: otherId }));
  });

  it('gets a delivery to a receiver that failed twice on the third try, with the same delivery id', async () => {
    const seen = hooks.at('/engagement').length;
    hooks.plan('/engagement', 'fail', 'fail');
    expect((await assign(id, taskIds[1])).status).toBe(200);
    for (let i = 0; i < 100 && hooks.at('/engagement').length < seen + 3; i++) {
      await drainOutbox(server);
      await sleep(20);
    }
    await drainOutbox(server);
    const tries = hooks.at('/engagement').slice(seen);
    expect(tries).toHaveLength(3);
    const ids = tries.map((t) => t.headers['u4ssc-delivery']);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(tries.map((t) => t.raw)).size).toBe(1);
    for (const t of tries) expect(verifies(secret, String(t.headers['u4ssc-signature']), t.raw, Math.floor(Date.now() / 1000))).toBe(true);
    const [latest] = await deliveriesOf(hookIds.engagement);
    expect(latest.id).toBe(ids[0]);
    expect(latest.status).toBe('delivered');
    expect(latest.attempts).toEqual([
      expect.objectContaining({ attempt: 3, status: 'delivered', responseCode: 204, error: null }),
      expect.objectContaining({ attempt: 2, status: 'failed', responseCode: 500, error: 'HTTP 500: receiver broken' }),
      expect.objectContaining({ attempt: 1, status: 'failed', responseCode: 500, error: 'HTTP 500: receiver broken' }),
    ]);
    const [second, first] = latest.attempts.slice(1).map((a) => new Date(a.startedAt).getTime());
    expect(second - first).toBeGreaterThanOrEqual(40); // the first retry waits WEBHOOK_RETRY_BASE_MS
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const seen = hooks.received.length;
    hooks.plan('/engagement', 'redirect');
    expect((await assign(id, taskIds[2])).status).toBe(200);
    await drainOutbox(server);
    // Delivered in parallel (any order); on a slow machine the retry may already have come within the drain.
    const paths = hooks.received.slice(seen).map((r) => r.path);
    expect(paths.filter((p) => p === '/portfolio')).toHaveLength(1);
    expect(paths).toContain('/engagement');
    const [latest] = await deliveriesOf(hookIds.engagement);
    expect(latest.attempts.find((a: { attempt: number }) => a.attempt === 1)).toEqual(
      expect.objectContaining({ attempt: 1, status: 'failed', responseCode: 302, error: 'a redirect (not followed)' }),
    );
    for (let i = 0; i < 100 && (await deliveriesOf(hookIds.engagement))[0].status !== 'delivered'; i++) {
      await sleep(20);
      await drainOutbox(server);
    }
    expect((await deliveriesOf(hookIds.engagement))[0].status).toBe('delivered');
    expect(hooks.received.some((r) => r.path === '/redirected')).toBe(false);
  });

  it('sends nothing for a change that is refused or rolls back', async () => {
    const seen = hooks.received.length;
    const listed = (await deliveriesOf(hookIds.engagement)).length;
    const { version } = await engagementOf(server, id, cast.manager.token);
    expect((await assign(id, taskIds[3], { expectedVersion: version - 1 })).status).toBe(409);
    const outsider = await server.person('member', 'Otto Outsider');
    expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[3]}`).set(auth(cast.manager.token)).send({ assigneeId: outsider.id })).status).toBe(400);
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'TRANSITION_REFUSED');
    await drainOutbox(server);
    await sleep(100);
    await drainOutbox(server);
    expect(hooks.received.length).toBe(seen);
    expect(await deliveriesOf(hookIds.engagement)).toHaveLength(listed);
  });

  it('a receiver that hangs does not slow the API: the delivery waits outside any transaction and gives up at the timeout', async () => {
    const seen = hooks.received.length;
    hooks.plan('/engagement', 'hang');
    expect((await assign(id, taskIds[4])).status).toBe(200);
    const drained = drainOutbox(server).then(() => 'delivery gave up' as const);
    while (hooks.received.length === seen) await sleep(10);
    const started = Date.now();
    const api = (async () => {
      for (let i = 0; i < 3; i++) {
        expect((await server.http.get(`/api/engagements/${id}`).set(auth(cast.manager.token))).status).toBe(200);
        expect((await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[0]}`).set(auth(cast.manager.token)).send({ note: `note ${i}` })).status).toBe(200);
      }
      return 'api answered' as const;
    })();
    expect(await Promise.race([drained, api])).toBe('api answered');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await drained).toBe('delivery gave up');
    const hung = (await deliveriesOf(hookIds.engagement)).find((d) => d.attempts.some((a) => a.error === 'no answer within 1500 ms'));
    // Given up, not failed for good: pending until its retry, which a busy machine may already have run (and delivered).
    expect(hung).toEqual(expect.objectContaining({ type: 'task.assigned' }));
    expect(['pending', 'delivered']).toContain(hung?.status);
    const gaveUp = hung?.attempts.find((a) => a.error === 'no answer within 1500 ms');
    expect(gaveUp?.durationMs).toBeGreaterThanOrEqual(1400);
  });

  it('lets a hook for ["gate.opened"] hear only that, once the stage is submitted', async () => {
    expect(hooks.at('/gates')).toEqual([]);
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    expect((await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    await drainOutbox(server);
    const gates = hooks.at('/gates').map((r) => JSON.parse(r.raw) as { type: string; engagementId: string });
    expect(gates).toEqual([expect.objectContaining({ type: 'gate.opened', engagementId: id })]);
    const everything = hooks.at('/engagement').map((r) => (JSON.parse(r.raw) as { type: string }).type);
    expect(everything).toEqual(expect.arrayContaining(['gate.opened', 'engagement.transitioned', 'kpi.submitted']));
  });

  it('pages the deliveries, newest first', async () => {
    const all = await deliveriesOf(hookIds.engagement);
    expect(all.length).toBeGreaterThan(3);
    const first = await server.http.get(`/api/webhooks/${hookIds.engagement}/deliveries?limit=2`).set(auth(cast.manager.token));
    expect(first.body.map((d: { id: string }) => d.id)).toEqual(all.slice(0, 2).map((d) => d.id));
    const cursor = first.headers['x-next-cursor'];
    expect(first.headers.link).toContain('rel="next"');
    const second = await server.http.get(`/api/webhooks/${hookIds.engagement}/deliveries?limit=2&cursor=${cursor}`).set(auth(cast.manager.token));
    expect(second.body.map((d: { id: string }) => d.id)).toEqual(all.slice(2, 4).map((d) => d.id));
    const bad = await server.http.get(`/api/webhooks/${hookIds.engagement}/deliveries?cursor=nonsense`).set(auth(cast.manager.token));
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
  });
});

describe('a receiver that hangs holds up only its own deliveries (the worker running on its own)', () => {
  let server: TestServer;
  let cast: Cast;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let id: string;
  let taskIds: string[];
  const hookIds: Record<string, string> = {};

  /** Waits until `ready()` holds (at most `ms`), and says how long it took. */
  const within = async (ms: number, ready: () => boolean | Promise<boolean>): Promise<number> => {
    const started = Date.now();
    while (!(await ready())) {
      if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
      await sleep(20);
    }
    return Date.now() - started;
  };
  const assign = (taskId: string) =>
    server.http.patch(`/api/engagements/${id}/tasks/${taskId}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id });
  /** What `path` was sent about the assignment of `taskId`: one request per try. */
  const about = (path: string, taskId: string) =>
    hooks.at(path).filter((r) => (JSON.parse(r.raw) as { data: { taskId?: string } }).data.taskId === taskId);
  const assignedNotices = async () => {
    const res = await server.http.get('/api/me/notifications?limit=200').set(auth(cast.contributor.token));
    expect(res.status).toBe(200);
    return (res.body as { type: string }[]).filter((n) => n.type === 'task.assigned').length;
  };

  beforeAll(async () => {
    hooks = await receiver();
    // The worker runs as in production: it polls every 5 s and is nudged after each change. Retries 0.5 s, 1 s, 2 s apart.
    server = await TestServer.start({ OUTBOX_POLL_MS: '5000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '500', WEBHOOK_TIMEOUT_MS: '15000' });
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Patient City');
    taskIds = ((await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[]).map((t) => t.id);
    for (const name of ['hanging', 'healthy', 'failing']) {
      const res = await server.http.post('/api/webhooks').set(auth(cast.manager.token)).send({ url: `${hooks.base}/${name}`, secret: 'whsec-0123456789abcdef', events: ['*'] });
      expect(res.status).toBe(201);
      hookIds[name] = res.body.id;
    }
  });
  afterAll(async () => {
    await hooks.close(); // the hanging requests end: the server need not wait for their timeout
    await server.stop();
  });

  it('delivers to a healthy receiver and in-app at once, retries a failing one on its schedule, and gives the hanging one two requests at most', async () => {
    hooks.plan('/hanging', ...Array<Behaviour>(10).fill('hang'));
    expect((await assign(taskIds[0])).status).toBe(200);
    await within(5_000, () => about('/hanging', taskIds[0]).length === 1 && about('/healthy', taskIds[0]).length === 1 && about('/failing', taskIds[0]).length === 1);
    await within(5_000, async () => (await assignedNotices()) === 1);

    // While the first request to /hanging hangs, another change.
    hooks.plan('/failing', 'fail', 'fail', 'fail');
    expect((await assign(taskIds[1])).status).toBe(200);
    expect(await within(2_000, () => about('/healthy', taskIds[1]).length === 1)).toBeLessThan(2_000);
    expect(await within(2_000, async () => (await assignedNotices()) === 2)).toBeLessThan(2_000);

    // The failing receiver: three failed tries, then delivered, each retry after backoff(500 ms, attempt) (+ up to 20 %).
    await within(8_000, () => about('/failing', taskIds[1]).length === 4);
    const tries = about('/failing', taskIds[1]).map((r) => r.time);
    const gaps = tries.slice(1).map((t, i) => t - tries[i]);
    expect(gaps).toHaveLength(3);
    gaps.forEach((gap, i) => {
      const plain = 500 * 2 ** i;
      expect(gap).toBeGreaterThanOrEqual(plain - 50);
      expect(gap).toBeLessThan(plain * 1.2 + 700);
    });

    // A third change: /hanging already holds two requests and gets no third; the others do.
    expect((await assign(taskIds[2])).status).toBe(200);
    await within(2_000, () => about('/healthy', taskIds[2]).length === 1 && about('/failing', taskIds[2]).length === 1);
    await within(2_000, async () => (await assignedNotices()) === 3);
    await sleep(300);

    // All this while the hanging receiver hangs, with two requests and no more.
    expect(hooks.at('/hanging').map((r) => (JSON.parse(r.raw) as { data: { taskId: string } }).data.taskId)).toEqual([taskIds[0], taskIds[1]]);
    const res = await server.http.get(`/api/webhooks/${hookIds.hanging}/deliveries`).set(auth(cast.manager.token));
    expect((res.body as { status: string; attempts: unknown[] }[]).map((d) => [d.status, d.attempts.length])).toEqual([
      ['pending', 0],
      ['sending', 0],
      ['sending', 0],
    ]);
  });
});
