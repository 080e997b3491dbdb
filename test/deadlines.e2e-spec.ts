import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app';
import { Clock } from '../src/clock/clock';
import { DeadlineSweep, type SweepReport } from '../src/deadlines/deadline-sweep';
import { auth, TestServer } from './support/harness';
import { inbox } from './support/outbox';
import { castOf, decide, engagementOf, engagementWith, sendEvent, settleCoreKpis, settleTasks, type Cast } from './support/roadmap-steps';

const onPostgres = !!process.env.DATABASE_URL;

/**
 * Deadlines with a controlled clock: the test sets the time every sweep reads (`Clock.now`), and runs
 * two sweeps at once — on PostgreSQL in two application instances on one database (two connection
 * pools: a real race), on the embedded database (one process may hold its DATA_DIR) twice in one.
 */
describe('deadlines: reminders, overdue notices and escalations, once each', () => {
  let server: TestServer;
  let second: INestApplication | undefined;
  let cast: Cast;
  let now = Date.parse('2030-06-01T09:00:00.000Z');

  beforeAll(async () => {
    server = await TestServer.start({ DEADLINE_REMINDER_DAYS: '2', ESCALATION_GRACE_DAYS: '3' });
    jest.spyOn(server.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    if (onPostgres) {
      second = await createApp(server.env);
      second.useLogger(false);
      await second.init();
      jest.spyOn(second.get(Clock), 'now').mockImplementation(() => new Date(now));
    }
    cast = await castOf(server);
  });
  afterAll(async () => {
    await second?.close();
    await server.stop();
  });

  /** Two sweeps racing on one database; their reports summed. */
  async function racingSweeps(): Promise<SweepReport> {
    const other = (second ?? server.app).get(DeadlineSweep);
    const reports = await Promise.all([server.app.get(DeadlineSweep).run(), other.run()]);
    return {
      reminder: reports[0].reminder + reports[1].reminder,
      overdue: reports[0].overdue + reports[1].overdue,
      escalation: reports[0].escalation + reports[1].escalation,
    };
  }
  const of = async (token: string, type: string) => (await inbox(server, token)).filter((n) => n.type === type);
  const noticesOf = async (id: string) =>
    ((await server.dataSource.query(`SELECT kind, subject_type FROM deadline_notice WHERE engagement_id = $1 ORDER BY id`, [id])) as { kind: string; subject_type: string }[]).map(
      (n) => `${n.subject_type} ${n.kind}`,
    );

  it('reminds the assignee of a task before it is due, marks it overdue after, and escalates to the manager after the grace period — without bumping the version', async () => {
    const id = await engagementWith(server, cast, 'Deadline City');
    const [task] = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[];
    // Due on 10 June (the end of that day, UTC).
    const assigned = await server.http.patch(`/api/engagements/${id}/tasks/${task.id}`).set(auth(cast.coordinator.token)).send({ assigneeId: cast.contributor.id, dueDate: '2030-06-10' });
    expect(assigned.status).toBe(200);
    const { version } = await engagementOf(server, id, cast.manager.token);

    now = Date.parse('2030-06-08T12:00:00.000Z'); // more than 2 days before the end of 10 June
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 0 });
    now = Date.parse('2030-06-09T12:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 1, overdue: 0, escalation: 0 });
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 0 });
    now = Date.parse('2030-06-11T00:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 1, escalation: 0 });
    now = Date.parse('2030-06-13T23:59:00.000Z'); // within the grace period
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 0 });
    now = Date.parse('2030-06-14T00:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 1 });
    now = Date.parse('2030-06-20T00:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 0 });
    expect(await noticesOf(id)).toEqual(['task reminder', 'task overdue', 'task escalation']);

    expect((await of(cast.contributor.token, 'task.reminder')).map((n) => n.message)).toEqual([expect.stringContaining('is due by 2030-06-11 00:00 UTC')]);
    expect(await of(cast.contributor.token, 'task.overdue')).toHaveLength(1);
    expect(await of(cast.contributor.token, 'escalation')).toEqual([]);
    expect(await of(cast.manager.token, 'escalation')).toEqual([expect.objectContaining({ engagementId: id, message: expect.stringContaining('escalated to you') })]);
    for (const other of [cast.coordinator, cast.verifier, cast.council, cast.partner]) {
      expect((await inbox(server, other.token)).filter((n) => n.engagementId === id && n.type !== 'task.assigned')).toEqual([]);
    }

    // The clock ticked and the sweep recorded it, but the engagement's version did not move:
    // a change made on the version read before the sweep still goes through.
    expect((await engagementOf(server, id, cast.manager.token)).version).toBe(version);
    const history = (await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token))).body as { type: string; version: number; actorId: string | null }[];
    expect(history.slice(0, 3)).toEqual([
      expect.objectContaining({ type: 'DEADLINE_ESCALATED', version, actorId: null }),
      expect.objectContaining({ type: 'DEADLINE_OVERDUE', version, actorId: null }),
      expect.objectContaining({ type: 'DEADLINE_REMINDER', version, actorId: null }),
    ]);
    const later = await server.http.patch(`/api/engagements/${id}/tasks/${task.id}`).set(auth(cast.coordinator.token)).send({ note: 'On it', expectedVersion: version });
    expect(later.status).toBe(200);
  });

  it('a new due date starts over; a settled task is left alone', async () => {
    const id = await engagementWith(server, cast, 'Moving City');
    const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token))).body as { id: string }[];
    const patch = (taskId: string, body: Record<string, unknown>) => server.http.patch(`/api/engagements/${id}/tasks/${taskId}`).set(auth(cast.coordinator.token)).send(body);
    now = Date.parse('2030-07-01T09:00:00.000Z');
    expect((await patch(tasks[0].id, { assigneeId: cast.contributor.id, dueDate: '2030-06-30' })).status).toBe(200);
    expect((await patch(tasks[1].id, { assigneeId: cast.contributor.id, dueDate: '2030-06-30', status: 'done' })).status).toBe(200);
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 1, escalation: 0 });
    expect((await patch(tasks[0].id, { dueDate: '2030-07-02' })).status).toBe(200);
    expect(await racingSweeps()).toEqual({ reminder: 1, overdue: 0, escalation: 0 });
    expect((await patch(tasks[0].id, { status: 'done' })).status).toBe(200);
    now = Date.parse('2030-07-10T09:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 0 });
    expect(await noticesOf(id)).toEqual(['task overdue', 'task reminder']);
  });

  it('reminds the administrators of a gate the manager submitted: they hold the manager\'s seat', async () => {
    now = Date.parse('2031-03-01T10:00:00.000Z');
    const id = await engagementWith(server, cast, 'Delegated Gate City');
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    expect((await sendEvent(server, id, cast.manager.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    for (const person of [cast.council, cast.partner]) expect((await decide(server, id, person.token, 'approve')).status).toBe(200);
    now = Date.parse('2031-03-14T10:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 1, overdue: 0, escalation: 0 });
    const reminded = (await inbox(server, cast.admin.token)).filter((n) => n.engagementId === id && n.type === 'gate.reminder');
    expect(reminded).toHaveLength(1);
    expect((await inbox(server, cast.council.token)).filter((n) => n.engagementId === id && n.type === 'gate.reminder')).toEqual([]);
  });

  it('reminds the undecided seat holders of an open gate, marks it overdue after its review period, and escalates it to the manager', async () => {
    now = Date.parse('2030-08-01T10:00:00.000Z');
    const id = await engagementWith(server, cast, 'Gate City');
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    expect((await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    const [gate] = (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body as { id: string; dueAt: string }[];
    expect(gate.dueAt).toBe('2030-08-15T10:00:00.000Z');
    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(200);
    const { version } = await engagementOf(server, id, cast.manager.token);

    now = Date.parse('2030-08-13T10:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 1, overdue: 0, escalation: 0 });
    now = Date.parse('2030-08-16T10:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 1, escalation: 0 });
    expect((await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body[0].overdue).toBe(true);
    now = Date.parse('2030-08-18T10:00:00.000Z');
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 1 });
    expect(await racingSweeps()).toEqual({ reminder: 0, overdue: 0, escalation: 0 });
    expect(await noticesOf(id)).toEqual(['gate reminder', 'gate overdue', 'gate escalation']);

    // The council approved: only the seats still waiting are reminded (the partner and the manager).
    const gateNotices = async (token: string) => (await inbox(server, token)).filter((n) => n.engagementId === id && ['gate.reminder', 'gate.overdue', 'escalation'].includes(n.type)).map((n) => n.type).sort();
    expect(await gateNotices(cast.partner.token)).toEqual(['gate.overdue', 'gate.reminder']);
    expect(await gateNotices(cast.manager.token)).toEqual(['escalation', 'gate.overdue', 'gate.reminder']);
    expect(await gateNotices(cast.council.token)).toEqual([]);
    expect(await gateNotices(cast.coordinator.token)).toEqual([]);
    expect((await engagementOf(server, id, cast.manager.token)).version).toBe(version);
    // The approval that completes the quorum still goes through on the version read before the sweeps.
    const approved = await server.http.post(`/api/engagements/${id}/approvals`).set(auth(cast.partner.token)).send({ decision: 'approve', expectedVersion: version });
    expect(approved.status).toBe(200);
  });
});
