import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth, TestServer } from './support/harness';
import { buildServer, freePort, ServerProcess } from './support/server-process';

describe('data survives a restart', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('keeps cities, engagements and history when the server restarts on the same data', async () => {
    const manager = await server.person('programme_manager');
    const cityId = await server.city(manager.token, 'Persistent City');
    const engagement = await server.engagement(manager.token, cityId);
    await server.restart();
    const token = await server.login(manager.email, 'password-123');
    const again = await server.http.get(`/api/engagements/${engagement.id}`).set(auth(token));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(expect.objectContaining({ cityName: 'Persistent City', version: 1, stage: 'assessment' }));
    expect((await server.http.get(`/api/engagements/${engagement.id}/history`).set(auth(token))).body).toHaveLength(1);
  });
});

// These run the real server process on the embedded database: the trap they guard is PGlite's own.
const embedded = process.env.DATABASE_URL ? describe.skip : describe;

embedded('the embedded database as a process (npm start)', () => {
  let main: string;
  let dataDir: string;
  const env = (port: number) => ({
    PORT: String(port),
    DATA_DIR: dataDir,
    ADMIN_EMAIL: 'admin@u4ssc.test',
    ADMIN_PASSWORD: 'admin-password-1',
    LOG_LEVEL: 'info',
    BCRYPT_ROUNDS: '4',
  });

  beforeAll(() => {
    main = buildServer();
    dataDir = mkdtempSync(join(tmpdir(), 'u4ssc-process-'));
    // Start from the migrated template (global-setup) rather than a bare folder: initdb alone takes
    // seconds, and a first start on a bare folder is measured by `npm run bench` instead.
    const template = process.env.U4SSC_PGLITE_TEMPLATE;
    if (template) cpSync(template, join(dataDir, 'pgdata'), { recursive: true });
  }, 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps an acknowledged write after the process is killed abruptly, and refuses a second server on the same DATA_DIR', async () => {
    const port = await freePort();
    const first = new ServerProcess(main, env(port));
    try {
      await first.ready(port, 120_000);
      // The logger writes asynchronously: its line may follow the "ready" one on a busy machine.
      for (let i = 0; i < 100 && !/Demo data created/.test(first.output); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(first.output).toMatch(/Demo data created/);
      const base = `http://127.0.0.1:${port}`;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@u4ssc.test', password: 'admin-password-1' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      // The demo shows the later stages filled in: a plan with a procurement item, measurements, financing.
      const read = async (path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
      const [demo] = (await read('/api/engagements')) as { id: string }[];
      expect(((await read(`/api/engagements/${demo.id}/actions`)) as unknown[]).length).toBe(2);
      expect(((await read(`/api/engagements/${demo.id}/procurement-items`)) as unknown[]).length).toBe(1);
      const measured = (await read(`/api/engagements/${demo.id}/measurements`)) as { status: string }[];
      expect(measured.map((m) => m.status).sort()).toEqual(['submitted', 'submitted', 'verified']);
      // …and its financing: two investment projects, one of them on the marketplace.
      expect(((await read(`/api/engagements/${demo.id}/investment-projects`)) as unknown[]).length).toBe(2);
      // …and deadlines: a task due tomorrow and one overdue, each assigned.
      const tasks = (await read(`/api/engagements/${demo.id}/tasks`)) as { assigneeId: string | null; dueDate: string | null; overdue: boolean }[];
      const due = tasks.filter((t) => t.assigneeId && t.dueDate);
      expect(due.map((t) => t.overdue).sort()).toEqual([false, true]);
      // …and the verifier's desk: an evidence file, and a figure flagged by the manual's checks.
      const values = (await read(`/api/engagements/${demo.id}/kpi-values`)) as { code: string; evidence: unknown[]; flags: { rule: string }[] }[];
      expect(values.filter((v) => v.evidence.length > 0).map((v) => v.code)).toEqual(['EC-ICT-ICT-2C']);
      expect(values.flatMap((v) => v.flags.map((f) => f.rule))).toEqual(['sanitation-typical-range']);
      const market = (await read('/api/marketplace')) as { title: string; city: { name: string } }[];
      expect(market).toEqual([expect.objectContaining({ title: 'Fibre to every household: investors sought (demo)', city: expect.objectContaining({ name: 'Ålesund (demo)' }) })]);
      const created = await fetch(`${base}/api/cities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ name: 'Acknowledged City', country: 'Norway' }),
      });
      expect(created.status).toBe(201);
      // Requests are logged, credentials never.
      for (let i = 0; i < 50 && !first.output.includes('"url":"/api/cities"'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(first.output).toMatch(/"url":"\/api\/cities"/);
      expect(first.output).not.toContain('admin-password-1');
      expect(first.output).not.toContain(accessToken);

      const secondPort = await freePort();
      const second = new ServerProcess(main, env(secondPort));
      expect(await second.waitForExit()).not.toBe(0);
      expect(second.output).toMatch(/DATA_DIR .* is in use by another U4SSC Roadmap server \(pid \d+\)/);

      await first.kill();

      const restarted = new ServerProcess(main, env(port));
      try {
        await restarted.ready(port, 120_000);
        const relogin = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@u4ssc.test', password: 'admin-password-1' }),
        });
        const token = ((await relogin.json()) as { accessToken: string }).accessToken;
        const cities = (await (await fetch(`${base}/api/cities`, { headers: { authorization: `Bearer ${token}` } })).json()) as { name: string }[];
        expect(cities.map((c) => c.name).sort()).toEqual(['Acknowledged City', 'Ålesund (demo)']);
        expect(restarted.output).not.toMatch(/Demo data created/);
      } finally {
        await restarted.stop();
      }
    } finally {
      await first.stop();
    }
  }, 300_000);
});
