import { auth, expectErrorShape, TestServer } from './support/harness';
import { Cast, castOf, decide, engagementOf, engagementWith, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

type HistoryRow = { type: string; from: string | null; to: string | null; actorId: string; version: number; payload: Record<string, unknown> };
type GateRow = { id: string; stage: string; round: number; status: string; decision: string | null; approvals: { approverId: string; decision: string }[]; quorum: { met: boolean; missing: { condition: string }[] }; scorecard: unknown };

describe('the roadmap: an engagement through all four gates over HTTP', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  // The history comes newest first; these tests read it oldest first.
  const history = async (): Promise<HistoryRow[]> => (await server.http.get(`/api/engagements/${id}/history?limit=200`).set(auth(cast.manager.token))).body.reverse();
  const gates = async (): Promise<GateRow[]> => (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.coordinator.token))).body;

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast);
  });
  afterAll(() => server.stop());

  it('seeds the assessment checklist and says why the stage cannot be submitted yet', async () => {
    const tasks = (await server.http.get(`/api/engagements/${id}/tasks`).set(auth(cast.coordinator.token))).body;
    expect(tasks.map((t: { key: string }) => t.key)).toEqual(
      expect.arrayContaining(['kpi-verification', 'kpi-gap-analysis', 'knowledge-transfer', 'stakeholder-engagement']),
    );
    for (const t of tasks) expect(t).toEqual(expect.objectContaining({ stage: 'assessment', status: 'open', assigneeId: null, dueDate: null, required: expect.any(Boolean) }));

    const view = await engagementOf(server, id, cast.coordinator.token);
    expect(view.allowedEvents).not.toContain('SUBMIT_FOR_REVIEW');
    expect(view.blockedEvents.SUBMIT_FOR_REVIEW.map((u) => u.condition)).toEqual(expect.arrayContaining(['task:kpi-verification:not-settled']));
    expect((await engagementOf(server, id, cast.manager.token)).allowedEvents).toEqual(expect.arrayContaining(['PUT_ON_HOLD', 'CANCEL']));
    expect((await engagementOf(server, id, cast.contributor.token)).allowedEvents).toEqual([]);
  });

  it('refuses an early submit with the unmet conditions, leaving state and history unchanged', async () => {
    const before = await engagementOf(server, id, cast.coordinator.token);
    const rowsBefore = (await history()).length;
    const res = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(res.status).toBe(409);
    expectErrorShape(res.body, 409, 'TRANSITION_REFUSED');
    const conditions = res.body.unmet.map((u: { condition: string }) => u.condition);
    expect(conditions).toContain('task:kpi-verification:not-settled');
    expect(conditions.some((c: string) => c.startsWith('kpi:'))).toBe(true);
    for (const u of res.body.unmet) expect(u.message).toEqual(expect.any(String));
    const after = await engagementOf(server, id, cast.coordinator.token);
    expect(after).toEqual(expect.objectContaining({ version: before.version, stage: 'assessment', step: 'inProgress' }));
    expect(await history()).toHaveLength(rowsBefore);
    expect(await gates()).toEqual([]);
  });

  it('answers a stale version with 409 STALE_VERSION and the current version', async () => {
    const { version } = await engagementOf(server, id, cast.manager.token);
    const res = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).send({ type: 'PUT_ON_HOLD', expectedVersion: version - 1 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(expect.objectContaining({ code: 'STALE_VERSION', currentVersion: version }));
    const viaHeader = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).set('If-Match', `"${version - 1}"`).send({ type: 'PUT_ON_HOLD' });
    expect(viaHeader.status).toBe(409);
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('assessment');
  });

  it('works the checklist: waiving needs a note, the assignee must be a member, every change is recorded', async () => {
    const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.coordinator.token))).body as { id: string; key: string }[];
    const gap = tasks.find((t) => t.key === 'kpi-gap-analysis')!;
    const patch = (body: Record<string, unknown>, token = cast.coordinator.token) =>
      server.http.patch(`/api/engagements/${id}/tasks/${gap.id}`).set(auth(token)).send(body);

    const noNote = await patch({ status: 'waived' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.details).toEqual([expect.objectContaining({ field: 'note' })]);
    const outsider = await server.person('member', 'Outsider');
    const badAssignee = await patch({ assigneeId: outsider.id });
    expect(badAssignee.status).toBe(400);
    const badDate = await patch({ dueDate: '31/12/2027' });
    expect(badDate.status).toBe(400);
    expect((await patch({ status: 'done' }, cast.verifier.token)).status).toBe(403);

    const assigned = await patch({ assigneeId: cast.contributor.id, dueDate: '2027-03-31', status: 'in_progress' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual(expect.objectContaining({ assigneeId: cast.contributor.id, dueDate: '2027-03-31', status: 'in_progress' }));
    const byAssignee = await patch({ status: 'waived', note: 'Done by the national statistics office this year' }, cast.contributor.token);
    expect(byAssignee.status).toBe(200);
    expect(byAssignee.body.status).toBe('waived');

    const updates = (await history()).filter((h) => h.type === 'TASK_UPDATED');
    expect(updates.at(-1)!.payload).toEqual(expect.objectContaining({ key: 'kpi-gap-analysis', changes: expect.objectContaining({ status: { from: 'in_progress', to: 'waived' } }) }));
    expect(updates.at(-1)!.actorId).toBe(cast.contributor.id);
  });

  it('opens a gate on submit; four-eyes, one decision per approver, and a request for changes sends the stage back', async () => {
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    expect((await engagementOf(server, id, cast.coordinator.token)).allowedEvents).toContain('SUBMIT_FOR_REVIEW');
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inReview' }));

    const [gate] = await gates();
    expect(gate).toEqual(expect.objectContaining({ stage: 'assessment', round: 1, status: 'open', decision: null }));
    expect(gate.quorum.missing.map((m) => m.condition).sort()).toEqual(['quorum:group:city_council', 'quorum:group:funding_partner', 'quorum:programme-manager']);

    expect((await decide(server, id, cast.contributor.token, 'approve')).status).toBe(403);
    const tasksLocked = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.coordinator.token))).body;
    expect((await server.http.patch(`/api/engagements/${id}/tasks/${tasksLocked[0].id}`).set(auth(cast.coordinator.token)).send({ note: 'late' })).status).toBe(409);

    const first = await decide(server, id, cast.council.token, 'approve');
    expect(first.status).toBe(200);
    expect(first.body.engagement).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inReview' }));
    expect(first.body.gate.approvals).toEqual([expect.objectContaining({ approverId: cast.council.id, decision: 'approve' })]);
    expect(first.body.gate.quorum.met).toBe(false);
    const again = await decide(server, id, cast.council.token, 'approve');
    expect(again.status).toBe(409);
    expectErrorShape(again.body, 409, 'ALREADY_DECIDED');

    const noComment = await decide(server, id, cast.partner.token, 'request_changes');
    expect(noComment.status).toBe(400);
    const viaEvents = await sendEvent(server, id, cast.partner.token, { type: 'REQUEST_CHANGES' });
    expect(viaEvents.status).toBe(400);
    expect(viaEvents.body.details).toEqual([expect.objectContaining({ field: 'comment' })]);
    const back = await decide(server, id, cast.partner.token, 'request_changes', 'The gap analysis must cover the transport KPIs');
    expect(back.status).toBe(200);
    expect(back.body.engagement).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inProgress' }));
    expect(back.body.gate).toEqual(expect.objectContaining({ status: 'changes_requested', decision: 'changes_requested' }));

    const rows = await history();
    expect(rows.slice(-3).map((h) => [h.type, h.from, h.to])).toEqual([
      ['SUBMIT_FOR_REVIEW', 'assessment.inProgress', 'assessment.inReview'],
      ['APPROVAL_RECORDED', 'assessment.inReview', 'assessment.inReview'],
      ['REQUEST_CHANGES', 'assessment.inReview', 'assessment.inProgress'],
    ]);
  });

  it('advances to design when the approval completing the quorum arrives, and seeds the design checklist', async () => {
    await passGate(server, id, cast, 'assessment');
    const view = await engagementOf(server, id, cast.manager.token);
    expect(view).toEqual(expect.objectContaining({ stage: 'design', step: 'inProgress' }));
    const all = await gates();
    expect(all.map((g) => [g.stage, g.round, g.status])).toEqual([
      ['assessment', 1, 'changes_requested'],
      ['assessment', 2, 'approved'],
    ]);
    expect(all[1].approvals).toHaveLength(3);
    expect(all[1].quorum.met).toBe(true);
    const design = (await server.http.get(`/api/engagements/${id}/tasks?stage=design`).set(auth(cast.coordinator.token))).body;
    expect(design.map((t: { key: string }) => t.key)).toEqual(expect.arrayContaining(['ssc-action-plan', 'procurement-plan']));
    expect((await history()).at(-1)).toEqual(expect.objectContaining({ type: 'APPROVE', from: 'assessment.inReview', to: 'design.inProgress', actorId: cast.manager.id }));
  });

  it('refuses the submitter approving their own gate (four-eyes); another programme manager sits in the seat', async () => {
    await settleTasks(server, id, cast, 'design');
    expect((await sendEvent(server, id, cast.manager.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    const own = await decide(server, id, cast.manager.token, 'approve');
    expect(own.status).toBe(403);
    expectErrorShape(own.body, 403, 'FOUR_EYES');
    expect((await engagementOf(server, id, cast.manager.token)).blockedEvents.APPROVE.map((u) => u.condition)).toEqual(['gate:four-eyes']);
    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(200);
    const partner = await decide(server, id, cast.partner.token, 'approve');
    expect(partner.body.gate.quorum.missing.map((m: { condition: string }) => m.condition)).toEqual(['quorum:programme-manager']);
    const admin = await decide(server, id, cast.admin.token, 'approve');
    expect(admin.status).toBe(200);
    expect(admin.body.engagement).toEqual(expect.objectContaining({ stage: 'financing', step: 'inProgress' }));
  });

  it('puts the engagement on hold and resumes it where it was', async () => {
    const held = await sendEvent(server, id, cast.manager.token, { type: 'PUT_ON_HOLD', reason: 'Municipal elections' });
    expect(held.status).toBe(200);
    expect(held.body).toEqual(expect.objectContaining({ stage: 'onHold', step: null }));
    expect(held.body.allowedEvents.sort()).toEqual(['CANCEL', 'RESUME']);
    const submit = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submit.status).toBe(409);
    expect(submit.body.unmet.map((u: { condition: string }) => u.condition)).toEqual(['state:event-not-accepted']);
    expect((await sendEvent(server, id, cast.coordinator.token, { type: 'RESUME' })).status).toBe(403);
    const resumed = await sendEvent(server, id, cast.manager.token, { type: 'RESUME' });
    expect(resumed.body).toEqual(expect.objectContaining({ stage: 'financing', step: 'inProgress' }));
  });

  it('completes after the financing and implementation gates, then opens the next cycle from the last measurements', async () => {
    const csv = 'code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,88,2026,Household survey\nEN-EN-AQ-1C,pm10,18,2026,Monitoring network\n';
    const imported = await server.http.post(`/api/engagements/${id}/kpi-values/import`).set(auth(cast.contributor.token)).set('Content-Type', 'text/csv').send(csv);
    expect(imported.status).toBe(200);
    await passGate(server, id, cast, 'financing');
    await passGate(server, id, cast, 'implementation');
    const done = await engagementOf(server, id, cast.manager.token);
    expect(done).toEqual(expect.objectContaining({ stage: 'completed', step: null, allowedEvents: [] }));
    expect((await gates()).filter((g) => g.status === 'approved').map((g) => g.stage)).toEqual(['assessment', 'design', 'financing', 'implementation']);

    expect((await server.http.post(`/api/engagements/${id}/next-cycle`).set(auth(cast.coordinator.token)).send({})).status).toBe(403);
    const next = await server.http.post(`/api/engagements/${id}/next-cycle`).set(auth(cast.manager.token)).send({});
    expect(next.status).toBe(201);
    expect(next.body).toEqual(expect.objectContaining({ cycle: 2, stage: 'assessment', step: 'inProgress', version: 1, previousEngagementId: id }));
    // The answer is the new engagement as its page shows it: with its baseline and members.
    expect(next.body.baseline).toEqual(expect.objectContaining({ fromEngagementId: id }));
    expect(next.body.members.length).toBeGreaterThan(0);
    const opened = await engagementOf(server, next.body.id, cast.coordinator.token);
    expect((opened as unknown as { baseline: unknown }).baseline).toEqual({
      fromEngagementId: id,
      takenAt: expect.any(String),
      values: [
        // Submitted, never verified: taken, flagged (workflows/next-cycle.ts).
        { code: 'EC-ICT-ICT-1C', dataPoint: null, value: 88, year: 2026, date: null, status: 'submitted', source: 'kpi_value', measurementId: null, verified: false, unverifiedNotTaken: null },
        { code: 'EN-EN-AQ-1C', dataPoint: 'pm10', value: 18, year: 2026, date: null, status: 'submitted', source: 'kpi_value', measurementId: null, verified: false, unverifiedNotTaken: null },
      ],
    });
    const members = (await server.http.get(`/api/engagements/${next.body.id}/members`).set(auth(cast.coordinator.token))).body;
    expect(members).toHaveLength(5);
    const twice = await server.http.post(`/api/engagements/${id}/next-cycle`).set(auth(cast.manager.token)).send({});
    expect(twice.status).toBe(409);
    const notDone = await server.http.post(`/api/engagements/${next.body.id}/next-cycle`).set(auth(cast.manager.token)).send({});
    expect(notDone.status).toBe(409);
    expectErrorShape(notDone.body, 409, 'TRANSITION_REFUSED');
  });
});

describe('cancel, reopen, idempotency and concurrency', () => {
  let server: TestServer;
  let cast: Cast;
  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
  });
  afterAll(() => server.stop());

  it('cancels (withdrawing the open gate) and reopens with a reason at the same stage', async () => {
    const id = await engagementWith(server, cast, 'Cancel City');
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    expect((await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    expect((await sendEvent(server, id, cast.coordinator.token, { type: 'CANCEL' })).status).toBe(403);
    const cancelled = await sendEvent(server, id, cast.manager.token, { type: 'CANCEL', reason: 'City withdrew' });
    expect(cancelled.body).toEqual(expect.objectContaining({ stage: 'cancelled', step: null }));
    const [gate] = (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body;
    expect(gate.status).toBe('withdrawn');

    const noReason = await sendEvent(server, id, cast.manager.token, { type: 'REOPEN' });
    expect(noReason.status).toBe(409);
    expect(noReason.body.unmet).toEqual([expect.objectContaining({ condition: 'reopen:reason-required' })]);
    expect((await sendEvent(server, id, cast.council.token, { type: 'REOPEN', reason: 'x' })).status).toBe(403);
    const reopened = await sendEvent(server, id, cast.manager.token, { type: 'REOPEN', reason: 'New mayor rejoined the programme' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inProgress' }));
    const rows = (await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token))).body;
    expect(rows[0]).toEqual(expect.objectContaining({ type: 'REOPEN', from: 'cancelled', to: 'assessment.inProgress', payload: expect.objectContaining({ reason: 'New mayor rejoined the programme' }) }));
  });

  it('replays a repeated POST with the same Idempotency-Key, refuses the key with another body', async () => {
    const id = await engagementWith(server, cast, 'Idempotent City');
    const { version } = await engagementOf(server, id, cast.manager.token);
    const post = (body: Record<string, unknown>) =>
      server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).set('Idempotency-Key', 'hold-1').send(body);
    const first = await post({ type: 'PUT_ON_HOLD', expectedVersion: version });
    expect(first.status).toBe(200);
    const repeat = await post({ type: 'PUT_ON_HOLD', expectedVersion: version });
    expect(repeat.status).toBe(200);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    const other = await post({ type: 'CANCEL', expectedVersion: version });
    expect(other.status).toBe(422);
    expectErrorShape(other.body, 422, 'IDEMPOTENCY_KEY_REUSED');
    const holds = (await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token))).body.filter((h: { type: string }) => h.type === 'PUT_ON_HOLD');
    expect(holds).toHaveLength(1);

    // A refused first request is replayed as refused too.
    const refusedFirst = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).set('Idempotency-Key', 'hold-2').send({ type: 'PUT_ON_HOLD', expectedVersion: 1 });
    const refusedAgain = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).set('Idempotency-Key', 'hold-2').send({ type: 'PUT_ON_HOLD', expectedVersion: 1 });
    expect([refusedFirst.status, refusedAgain.status]).toEqual([409, 409]);
    expect(refusedAgain.body).toEqual(refusedFirst.body);
  });

  it('answers a repeat while the first request is still running with 409', async () => {
    const id = await engagementWith(server, cast, 'In Flight City');
    const { version } = await engagementOf(server, id, cast.manager.token);
    const send = () =>
      server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).set('Idempotency-Key', 'flight-1').send({ type: 'PUT_ON_HOLD', expectedVersion: version });
    const statuses = (await Promise.all([send(), send(), send()])).map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const holds = (await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token))).body.filter((h: { type: string }) => h.type === 'PUT_ON_HOLD');
    expect(holds).toHaveLength(1);
  });

  it('takes over a key whose first request died in flight long ago', async () => {
    const id = await engagementWith(server, cast, 'Abandoned Key City');
    await server.dataSource.query(
      `INSERT INTO idempotent_request (user_id, key, request_hash, state, created_at) VALUES ($1, 'died-1', 'x', 'in_flight', now() - interval '1 hour')`,
      [cast.manager.id],
    );
    const { version } = await engagementOf(server, id, cast.manager.token);
    const res = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).set('Idempotency-Key', 'died-1').send({ type: 'PUT_ON_HOLD', expectedVersion: version });
    expect(res.status).toBe(200);
    expect(res.body.stage).toBe('onHold');
  });

  it(`lets exactly one of 20 concurrent events with the same expectedVersion through (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const id = await engagementWith(server, cast, 'Race City');
    const { version } = await engagementOf(server, id, cast.manager.token);
    const rowsBefore = (await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token))).body.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).send({ type: 'PUT_ON_HOLD', expectedVersion: version })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const rows = (await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token))).body;
    expect(rows).toHaveLength(rowsBefore + 1);
  });

  it('moves an engagement stored with machine version 1 to version 2 on its next event', async () => {
    const id = await engagementWith(server, cast, 'Legacy City');
    const v1 = {
      status: 'active',
      value: { design: 'inProgress' },
      historyValue: {},
      context: {},
      children: {},
    };
    await server.dataSource.query(`UPDATE engagement SET snapshot = $1, machine_version = 1, stage = 'design', step = 'inProgress' WHERE id = $2`, [JSON.stringify(v1), id]);
    const held = await sendEvent(server, id, cast.manager.token, { type: 'PUT_ON_HOLD' });
    expect(held.status).toBe(200);
    expect(held.body).toEqual(expect.objectContaining({ stage: 'onHold', machineVersion: 2 }));
    const resumed = await sendEvent(server, id, cast.manager.token, { type: 'RESUME' });
    expect(resumed.body).toEqual(expect.objectContaining({ stage: 'design', step: 'inProgress', machineVersion: 2 }));
  });
});
