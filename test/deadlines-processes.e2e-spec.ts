import { auth, TestServer } from './support/harness';
import { inbox } from './support/outbox';
import { castOf, engagementWith, sendEvent, settleCoreKpis, settleTasks, type Cast } from './support/roadmap-steps';
import { buildServer, freePort, ServerProcess } from './support/server-process';

// Two server processes on one database: only PostgreSQL allows it (the embedded database is one
// process's; deadlines.e2e-spec.ts races two sweeps within one process there).
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('deadlines with two server processes on one PostgreSQL database', () => {
  let server: TestServer;
  let main: string;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    main = buildServer();
    server = await TestServer.start();
  }, 180_000);
  afterAll(async () => {
    for (const p of processes) await p.stop();
    await server.stop();
  });

  it('sweeps and delivers on their own timers, each notice and each notification once', async () => {
    const cast: Cast = await castOf(server);
    // A task past its due date and past the grace period (3 days).
    const taskCity = await engagementWith(server, cast, 'Late Task City');
    const [task] = (await server.http.get(`/api/engagements/${taskCity}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[];
    const due = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    expect((await server.http.patch(`/api/engagements/${taskCity}/tasks/${task.id}`).set(auth(cast.coordinator.token)).send({ assigneeId: cast.contributor.id, dueDate: due })).status).toBe(200);
    // A gate whose review period ended four days ago.
    const gateCity = await engagementWith(server, cast, 'Late Gate City');
    await settleTasks(server, gateCity, cast, 'assessment');
    await settleCoreKpis(server, gateCity, cast);
    expect((await sendEvent(server, gateCity, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    await server.dataSource.query(`UPDATE gate SET due_at = now() - interval '4 days' WHERE engagement_id = $1 AND status = 'open'`, [gateCity]);

    const env = (port: number) => ({
      ...server.database.env,
      PORT: String(port),
      ADMIN_EMAIL: 'admin@u4ssc.test',
      LOG_LEVEL: 'warn',
      SWEEP_INTERVAL_MS: '150',
      OUTBOX_POLL_MS: '100',
      ESCALATION_GRACE_DAYS: '3',
    });
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const p = new ServerProcess(main, env(port));
      processes.push(p);
      await p.ready(port, 60_000);
    }

    const settled = async () => {
      const [row] = (await server.dataSource.query(
        `SELECT (SELECT count(*)::int FROM deadline_notice) AS notices,
                (SELECT count(*)::int FROM outbox_message WHERE dispatched_at IS NULL) AS undispatched,
                (SELECT count(*)::int FROM outbox_delivery WHERE status <> 'delivered') AS undelivered`,
      )) as { notices: number; undispatched: number; undelivered: number }[];
      return row.notices === 4 && row.undispatched === 0 && row.undelivered === 0;
    };
    const deadline = Date.now() + 30_000;
    while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await settled()).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000)); // a few more rounds of both: nothing more may happen

    const notices = (await server.dataSource.query(`SELECT subject_type, kind FROM deadline_notice ORDER BY subject_type, kind`)) as { subject_type: string; kind: string }[];
    expect(notices.map((n) => `${n.subject_type} ${n.kind}`)).toEqual(['gate escalation', 'gate overdue', 'task escalation', 'task overdue']);
    const deadlineTypes = ['task.overdue', 'gate.overdue', 'escalation', 'task.reminder', 'gate.reminder'];
    const told = async (token: string) => (await inbox(server, token)).filter((n) => deadlineTypes.includes(n.type)).map((n) => n.type).sort();
    expect(await told(cast.contributor.token)).toEqual(['task.overdue']);
    expect(await told(cast.manager.token)).toEqual(['escalation', 'escalation', 'gate.overdue']);
    expect(await told(cast.council.token)).toEqual(['gate.overdue']);
    expect(await told(cast.partner.token)).toEqual(['gate.overdue']);
    expect(await told(cast.coordinator.token)).toEqual([]);
    // Every message was delivered once (one notification per message and person).
    const [dupes] = (await server.dataSource.query(`SELECT count(*)::int AS n FROM outbox_attempt GROUP BY delivery_id HAVING count(*) > 1`)) as { n: number }[];
    expect(dupes).toBeUndefined();
  }, 120_000);
});
