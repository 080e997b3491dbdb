import { auth, expectErrorShape, TestServer } from './support/harness';
import { drainOutbox, inbox, outboxCount } from './support/outbox';
import { castOf, decide, engagementOf, engagementWith, sendEvent, settleCoreKpis, settleTasks, type Cast } from './support/roadmap-steps';

const types = (rows: { type: string }[]) => rows.map((r) => r.type).sort();

describe('outbox and in-app notifications', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let taskIds: string[];

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Notified City');
    const tasks = await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.manager.token));
    taskIds = tasks.body.map((t: { id: string }) => t.id);
  });
  afterAll(() => server.stop());

  it('tells the assignee of a task, and never whoever assigned it (not even themselves)', async () => {
    const assign = (token: string, taskId: string, assigneeId: string) =>
      server.http.patch(`/api/engagements/${id}/tasks/${taskId}`).set(auth(token)).send({ assigneeId });
    expect((await assign(cast.manager.token, taskIds[0], cast.contributor.id)).status).toBe(200);
    expect((await assign(cast.coordinator.token, taskIds[1], cast.coordinator.id)).status).toBe(200);

    const contributor = await inbox(server, cast.contributor.token);
    expect(contributor).toEqual([
      expect.objectContaining({ type: 'task.assigned', engagementId: id, readAt: null, message: expect.stringContaining('is assigned to you') }),
    ]);
    expect(await inbox(server, cast.manager.token)).toEqual([]);
    expect(await inbox(server, cast.coordinator.token)).toEqual([]);
    // The events went out for every change, notifications or not.
    const events = (await server.dataSource.query(`SELECT type, recipients FROM outbox_message WHERE engagement_id = $1 ORDER BY id`, [id])) as { type: string; recipients: string[] }[];
    expect(events).toEqual([
      { type: 'task.assigned', recipients: [cast.contributor.id] },
      { type: 'task.assigned', recipients: [] },
    ]);
  });

  it('writes nothing to the outbox for a change that is refused or rolls back', async () => {
    const before = await outboxCount(server, id);
    const { version } = await engagementOf(server, id, cast.manager.token);
    // Stale version: refused before any work.
    const stale = await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[2]}`).set(auth(cast.manager.token)).send({ assigneeId: cast.contributor.id, expectedVersion: version - 1 });
    expect(stale.status).toBe(409);
    // A 4xx thrown inside the work, after the outbox message was built: an assignee who is no member.
    const outsider = await server.person('member', 'Otto Outsider');
    const notMember = await server.http.patch(`/api/engagements/${id}/tasks/${taskIds[2]}`).set(auth(cast.manager.token)).send({ assigneeId: outsider.id });
    expect(notMember.status).toBe(400);
    // A roadmap event the machine refuses (the stage's criteria are unmet).
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'TRANSITION_REFUSED');
    expect(await outboxCount(server, id)).toBe(before);
    expect(await inbox(server, cast.contributor.token)).toHaveLength(1);
    expect(await inbox(server, outsider.token)).toEqual([]);
  });

  it('tells the verifiers values wait for them, the latest submitter when a verifier rejects or questions their value, and nobody when one is verified', async () => {
    const put = (code: string) =>
      server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value: 50, year: 2025, source: 'Census' });
    expect((await put('EC-ICT-ICT-1C')).status).toBe(200);
    expect((await put('EC-ICT-ICT-2C')).status).toBe(200);
    const verification = (code: string, body: Record<string, unknown>) =>
      server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.verifier.token)).send(body);
    expect((await verification('EC-ICT-ICT-1C', { decision: 'rejected', comment: 'The census is from 2011' })).status).toBe(200);
    expect((await verification('EC-ICT-ICT-2C', { decision: 'verified' })).status).toBe(200);
    const asked = await server.http.post(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-2C/questions`).set(auth(cast.verifier.token)).send({ text: 'Which year?' });
    expect(asked.status).toBe(201);

    const contributor = await inbox(server, cast.contributor.token);
    expect(types(contributor)).toEqual(['kpi.questioned', 'kpi.rejected', 'task.assigned']);
    expect(contributor.find((n) => n.type === 'kpi.rejected')?.message).toContain('The census is from 2011');
    // The verifier hears of values waiting for verification, and of nothing they decided themselves.
    const verifier = await inbox(server, cast.verifier.token);
    expect(types(verifier)).toEqual(['kpi.submitted', 'kpi.submitted']);
    expect(verifier[0].message).toContain('1 waiting for verification');
    const events = (await server.dataSource.query(`SELECT type FROM outbox_message WHERE engagement_id = $1 AND type LIKE 'kpi.%' ORDER BY id`, [id])) as { type: string }[];
    expect(events.map((e) => e.type)).toEqual(['kpi.submitted', 'kpi.submitted', 'kpi.rejected', 'kpi.verified', 'kpi.questioned']);
  });

  it('tells the seat holders a gate waits for them, and the manager, coordinators and submitter how it was decided', async () => {
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    await server.http.post(`/api/me/notifications/read`).set(auth(cast.manager.token)).send({});
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);

    for (const seated of [cast.manager, cast.council, cast.partner]) {
      expect((await inbox(server, seated.token)).filter((n) => n.type === 'gate.opened')).toHaveLength(1);
    }
    for (const other of [cast.coordinator, cast.contributor, cast.verifier]) {
      expect((await inbox(server, other.token)).filter((n) => n.type === 'gate.opened')).toEqual([]);
    }
    const [gate] = (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body as { dueAt: string; submittedAt: string; overdue: boolean }[];
    expect(new Date(gate.dueAt).getTime() - new Date(gate.submittedAt).getTime()).toBe(14 * 86_400_000);
    expect(gate.overdue).toBe(false);

    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(200);
    expect((await decide(server, id, cast.partner.token, 'request_changes', 'The baseline needs sources')).status).toBe(200);
    const decided = async (token: string) => (await inbox(server, token)).filter((n) => n.type === 'gate.decided');
    expect(await decided(cast.manager.token)).toEqual([expect.objectContaining({ message: expect.stringContaining('changes requested') })]);
    expect(await decided(cast.coordinator.token)).toHaveLength(1); // coordinator and submitter: told once
    expect(await decided(cast.partner.token)).toEqual([]); // who decided
    expect(await decided(cast.council.token)).toEqual([]);
    expect(await decided(cast.contributor.token)).toEqual([]);
  });

  it('lists unread first, a page at a time, marks one or all read, and answers 404 for another person\'s notification', async () => {
    const all = await inbox(server, cast.contributor.token);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const oldest = all[all.length - 1];
    const read = await server.http.post(`/api/me/notifications/${oldest.id}/read`).set(auth(cast.contributor.token));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(expect.objectContaining({ id: oldest.id, readAt: expect.any(String) }));
    // Someone else's notification, and an id that is none.
    expectErrorShape((await server.http.post(`/api/me/notifications/${oldest.id}/read`).set(auth(cast.manager.token))).body, 404);
    expect((await server.http.post(`/api/me/notifications/${oldest.id}/read`).set(auth(cast.manager.token))).status).toBe(404);
    expect((await server.http.post(`/api/me/notifications/not-an-id/read`).set(auth(cast.manager.token))).status).toBe(404);

    const pages: { id: string; readAt: string | null }[][] = [];
    let url: string | null = '/api/me/notifications?limit=1';
    while (url) {
      const res = await server.http.get(url).set(auth(cast.contributor.token));
      expect({ status: res.status, url, body: res.status === 200 ? null : res.body }).toEqual({ status: 200, url, body: null });
      pages.push(res.body);
      const link = res.headers.link as string | undefined;
      url = link ? /<([^>]+)>/.exec(link)![1] : null;
      if (url) expect(url).toContain(encodeURIComponent(res.headers['x-next-cursor'] as string).replace(/%3D/g, '='));
    }
    const walked = pages.flat();
    expect(walked.map((n) => n.id).sort()).toEqual(all.map((n) => n.id).sort());
    expect(walked[walked.length - 1]).toEqual(expect.objectContaining({ id: oldest.id, readAt: expect.any(String) }));
    expect(walked.slice(0, -1).every((n) => n.readAt === null)).toBe(true);

    const bad = await server.http.get('/api/me/notifications?cursor=nonsense').set(auth(cast.contributor.token));
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
    const marked = await server.http.post('/api/me/notifications/read').set(auth(cast.contributor.token)).send({});
    expect(marked.body).toEqual({ marked: all.length - 1 });
    expect((await inbox(server, cast.contributor.token)).every((n) => n.readAt !== null)).toBe(true);
  });

  it('delivers each message once, however often the worker runs, and records the attempts', async () => {
    await drainOutbox(server);
    await drainOutbox(server);
    const [counts] = (await server.dataSource.query(
      `SELECT (SELECT count(*)::int FROM notification n JOIN outbox_message m ON m.id = n.message_id WHERE m.engagement_id = $1) AS notifications,
              (SELECT count(*)::int FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id WHERE m.engagement_id = $1 AND d.status = 'delivered') AS delivered,
              (SELECT count(*)::int FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id WHERE m.engagement_id = $1 AND d.status <> 'delivered') AS undelivered,
              (SELECT count(*)::int FROM outbox_message WHERE engagement_id = $1 AND dispatched_at IS NULL) AS undispatched`,
      [id],
    )) as { notifications: number; delivered: number; undelivered: number; undispatched: number }[];
    expect(counts.undelivered).toBe(0);
    expect(counts.undispatched).toBe(0);
    expect(counts.notifications).toBe(counts.delivered);
    expect(counts.notifications).toBeGreaterThan(5);
  });
});
