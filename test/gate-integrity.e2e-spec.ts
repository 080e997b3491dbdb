import { auth, expectErrorShape, TestServer } from './support/harness';
import { inbox } from './support/outbox';
import { Cast, castOf, decide, engagementOf, engagementWith, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

type GateRow = {
  id: string;
  stage: string;
  status: string;
  seats: { seat: string; holders: string[] }[];
  quorum: { met: boolean; missing: { condition: string; message: string }[] };
};

/**
 * A gate decides on what was submitted, by the people it needs: seats fixed when the gate opens, one
 * seat per person, what the criteria read frozen in review and evaluated again at the deciding
 * approval, four-eyes on verification, closed gates kept as history, and no event without a version.
 */
describe('gate integrity', () => {
  let server: TestServer;
  let cast: Cast;

  const gatesOf = async (id: string): Promise<GateRow[]> => (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body;
  const membersOf = async (id: string): Promise<{ id: string; userId: string; role: string }[]> =>
    (await server.http.get(`/api/engagements/${id}`).set(auth(cast.manager.token))).body.members;
  const removeMember = async (id: string, userId: string, role = 'approver') => {
    const member = (await membersOf(id)).find((m) => m.userId === userId && m.role === role)!;
    return server.http.delete(`/api/engagements/${id}/members/${member.id}`).set(auth(cast.manager.token));
  };
  /** An engagement whose Assessment stage is ready to submit. */
  const readyEngagement = async (name: string): Promise<string> => {
    const id = await engagementWith(server, cast, name);
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    return id;
  };
  const submit = async (id: string, token = cast.coordinator.token) => {
    const res = await sendEvent(server, id, token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
  });
  afterAll(() => server.stop());

  it('keeps the seats fixed when the gate opens: removing approvers in review does not let the manager approve alone', async () => {
    const id = await readyEngagement('Seat City');
    await submit(id);
    expect((await removeMember(id, cast.council.id)).status).toBe(204);
    expect((await removeMember(id, cast.partner.id)).status).toBe(204);
    const alone = await decide(server, id, cast.manager.token, 'approve');
    expect(alone.status).toBe(200);
    expect(alone.body.engagement).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inReview' }));
    const [gate] = await gatesOf(id);
    expect(gate.quorum.met).toBe(false);
    expect(gate.quorum.missing.map((m) => m.condition).sort()).toEqual(['quorum:group:city_council', 'quorum:group:funding_partner']);
    expect(gate.seats.map((s) => s.seat)).toEqual(['programme-manager', 'group:city_council', 'group:funding_partner']);
  });

  it('lets one person fill one seat only: a manager who is also a group approver fills the manager seat alone', async () => {
    const id = await readyEngagement('One Seat City');
    await removeMember(id, cast.partner.id);
    await server.member(cast.manager.token, id, cast.manager.id, 'approver', 'u4ssc');
    await server.member(cast.manager.token, id, cast.partner.id, 'approver', 'u4ssc');
    await submit(id);
    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(200);
    const byManager = await decide(server, id, cast.manager.token, 'approve');
    expect(byManager.status).toBe(200);
    expect(byManager.body.engagement.step).toBe('inReview');
    expect(byManager.body.gate.quorum.missing.map((m: { condition: string }) => m.condition)).toEqual(['quorum:group:u4ssc']);
    const last = await decide(server, id, cast.partner.token, 'approve');
    expect(last.body.engagement).toEqual(expect.objectContaining({ stage: 'design', step: 'inProgress' }));
  });

  it('refuses to open a gate whose stakeholder group has nobody but the manager to approve', async () => {
    const id = await readyEngagement('Lonely Group City');
    await server.member(cast.manager.token, id, cast.manager.id, 'approver', 'u4ssc');
    const res = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(res.status).toBe(409);
    expectErrorShape(res.body, 409, 'TRANSITION_REFUSED');
    expect(res.body.unmet).toEqual([expect.objectContaining({ condition: 'quorum:group:u4ssc:no-eligible-approver' })]);
  });

  it('gives no seat to an approver added during review', async () => {
    const id = await readyEngagement('Late Approver City');
    await submit(id);
    const late = await server.person('member', 'Lee Late');
    await server.member(cast.manager.token, id, late.id, 'approver', 'city_council');
    const res = await decide(server, id, late.token, 'request_changes', 'I was not here when it opened');
    expect(res.status).toBe(403);
    expectErrorShape(res.body, 403, 'NO_SEAT');
    expect((await engagementOf(server, id, late.token)).blockedEvents.APPROVE.map((u) => u.condition)).toContain('gate:no-seat');
  });

  it('freezes what the criteria read while the stage is in review (409 IN_REVIEW), and reads it again at the deciding approval', async () => {
    const id = await engagementWith(server, cast, 'Frozen City');
    await settleTasks(server, id, cast, 'assessment');
    await settleCoreKpis(server, id, cast);
    const code = 'EC-ICT-ICT-1C';
    expect((await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value: 50, year: 2025, source: 'Census' })).status).toBe(200);
    expect((await server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' })).status).toBe(200);
    await submit(id);

    const edit = await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value: 10, year: 2025, source: 'Census' });
    expect(edit.status).toBe(409);
    expectErrorShape(edit.body, 409, 'IN_REVIEW');
    expect(edit.body.message).toMatch(/assessment gate/i);
    const csv = await server.http.post(`/api/engagements/${id}/kpi-values/import`).set(auth(cast.contributor.token)).set('Content-Type', 'text/csv').send(`code,dataPoint,value,year,source\n${code},,20,2025,Census`);
    expect(csv.status).toBe(409);
    expect(csv.body.code).toBe('IN_REVIEW');
    const target = await server.http.put(`/api/engagements/${id}/targets/${code}`).set(auth(cast.manager.token)).send({ target: 60, justification: 'National plan' });
    expect(target.status).toBe(409);
    expect(target.body.code).toBe('IN_REVIEW');
    const tasks = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.coordinator.token))).body as { id: string }[];
    const task = await server.http.patch(`/api/engagements/${id}/tasks/${tasks[0].id}`).set(auth(cast.coordinator.token)).send({ note: 'late note' });
    expect(task.status).toBe(409);
    expect(task.body.code).toBe('IN_REVIEW');
    const values = (await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(cast.manager.token))).body as { code: string; value: number; status: string }[];
    expect(values.find((v) => v.code === code)).toEqual(expect.objectContaining({ value: 50, status: 'verified' }));

    // A write path that slipped past the freeze (simulated in the database) is caught at the deciding approval.
    await server.dataSource.query(`UPDATE kpi_value SET status = 'rejected' WHERE engagement_id = $1 AND kpi_code = $2`, [id, code]);
    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(200);
    expect((await decide(server, id, cast.partner.token, 'approve')).status).toBe(200);
    const blocked = await engagementOf(server, id, cast.manager.token);
    expect(blocked.allowedEvents).not.toContain('APPROVE');
    expect(blocked.blockedEvents.APPROVE.map((u) => u.condition)).toContain(`kpi:${code}:not-settled`);
    const last = await decide(server, id, cast.manager.token, 'approve');
    expect(last.status).toBe(409);
    expectErrorShape(last.body, 409, 'TRANSITION_REFUSED');
    expect(last.body.unmet.map((u: { condition: string }) => u.condition)).toContain(`kpi:${code}:not-settled`);
    const after = await engagementOf(server, id, cast.manager.token);
    expect(after).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inReview' }));
    const [gate] = await gatesOf(id);
    expect(gate.status).toBe('open');
  });

  it('keeps a completed or cancelled engagement read-only, apart from REOPEN', async () => {
    const id = await engagementWith(server, cast, 'Cancelled City');
    expect((await server.http.put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-2C`).set(auth(cast.contributor.token)).send({ value: 90, year: 2025, source: 'Regulator' })).status).toBe(200);
    const asked = await server.http.post(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-2C/questions`).set(auth(cast.verifier.token)).send({ text: 'Which year?' });
    expect(asked.status).toBe(201);
    expect((await sendEvent(server, id, cast.manager.token, { type: 'CANCEL', reason: 'City withdrew' })).status).toBe(200);
    const thread = `/api/engagements/${id}/kpi-values/EC-ICT-ICT-2C/questions/${asked.body.id}`;
    expect((await server.http.post(`${thread}/answers`).set(auth(cast.contributor.token)).send({ text: '2025' })).body.code).toBe('ENGAGEMENT_CLOSED');
    expect((await server.http.post(`${thread}/resolve`).set(auth(cast.verifier.token)).send({})).body.code).toBe('ENGAGEMENT_CLOSED');
    const put = await server.http.put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C`).set(auth(cast.contributor.token)).send({ value: 50, year: 2025, source: 'Census' });
    expect(put.status).toBe(409);
    expectErrorShape(put.body, 409, 'ENGAGEMENT_CLOSED');
    const newcomer = await server.person('member', 'Nia Newcomer');
    const add = await server.http.post(`/api/engagements/${id}/members`).set(auth(cast.manager.token)).send({ userId: newcomer.id, role: 'observer' });
    expect(add.status).toBe(409);
    expect(add.body.code).toBe('ENGAGEMENT_CLOSED');
    const pm = await server.person('programme_manager', 'Rita Reopener');
    expect((await sendEvent(server, id, pm.token, { type: 'REOPEN', reason: 'City is back' })).status).toBe(200);
    expect((await server.http.put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C`).set(auth(cast.contributor.token)).send({ value: 50, year: 2025, source: 'Census' })).status).toBe(200);
  });

  it('never lets the submitter of a KPI value verify or reject it, nor the city or the manager become verifiers', async () => {
    const id = await engagementWith(server, cast, 'Four Eyes City');
    const code = 'EC-ICT-ICT-2C';
    expect((await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value: 90, year: 2025, source: 'Regulator' })).status).toBe(200);
    // While a contributor, they cannot also be a verifier; once the city role is gone, four-eyes still holds.
    const both = await server.http.post(`/api/engagements/${id}/members`).set(auth(cast.manager.token)).send({ userId: cast.contributor.id, role: 'verifier' });
    expect(both.status).toBe(409);
    expectErrorShape(both.body, 409, 'ROLE_CONFLICT');
    expect((await removeMember(id, cast.contributor.id, 'data_contributor')).status).toBe(204);
    await server.member(cast.manager.token, id, cast.contributor.id, 'verifier');
    const own = await server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.contributor.token)).send({ decision: 'verified' });
    expect(own.status).toBe(403);
    expectErrorShape(own.body, 403, 'FOUR_EYES');
    const rejectOwn = await server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.contributor.token)).send({ decision: 'rejected', comment: 'Mine, but wrong' });
    expect(rejectOwn.body.code).toBe('FOUR_EYES');

    // The manager (and programme staff) never verify: the membership itself is refused.
    const managers = await server.http.post(`/api/engagements/${id}/members`).set(auth(cast.manager.token)).send({ userId: cast.manager.id, role: 'verifier' });
    expect(managers.body.code).toBe('ROLE_CONFLICT');
    const staff = await server.person('programme_manager', 'Stan Staff');
    expect((await server.http.post(`/api/engagements/${id}/members`).set(auth(cast.manager.token)).send({ userId: staff.id, role: 'verifier' })).body.code).toBe('ROLE_CONFLICT');
    const values = (await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(cast.manager.token))).body as { code: string; status: string }[];
    expect(values.filter((v) => v.status !== 'submitted')).toEqual([]);
    // Another verifier may.
    expect((await server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' })).status).toBe(200);
  });

  it('keeps a seat with its holder when their membership changes in review, and lets an administrator send back a gate nobody can finish', async () => {
    const id = await readyEngagement('Vacated Seat City');
    await submit(id);
    // The partner's approver role becomes an observer role: their seat stays theirs.
    expect((await removeMember(id, cast.partner.id)).status).toBe(204);
    await server.member(cast.manager.token, id, cast.partner.id, 'observer');
    expect((await engagementOf(server, id, cast.partner.token)).allowedEvents).toContain('APPROVE');
    expect((await decide(server, id, cast.partner.token, 'approve')).status).toBe(200);
    // The council approver leaves the engagement altogether: their seat cannot be filled now.
    expect((await removeMember(id, cast.council.id)).status).toBe(204);
    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(404);
    const byAdmin = await decide(server, id, cast.admin.token, 'approve');
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.gate.quorum.missing.map((m: { condition: string }) => m.condition)).toEqual(['quorum:programme-manager', 'quorum:group:city_council']);
    const [gate] = await gatesOf(id);
    expect(gate.status).toBe('open');
  });

  it('lets an administrator request changes on a gate whose seat was vacated', async () => {
    const id = await readyEngagement('Stuck Gate City');
    await submit(id);
    expect((await removeMember(id, cast.council.id)).status).toBe(204);
    const back = await decide(server, id, cast.admin.token, 'request_changes', 'The council approver left: add a new one and resubmit');
    expect(back.status).toBe(200);
    expect(back.body.engagement).toEqual(expect.objectContaining({ stage: 'assessment', step: 'inProgress' }));
  });

  it('keeps a closed gate as it was decided, whatever happens to the membership afterwards', async () => {
    const id = await readyEngagement('History City');
    await passGate(server, id, cast, 'assessment');
    await removeMember(id, cast.council.id);
    const newcomer = await server.person('member', 'Gus Group');
    await server.member(cast.manager.token, id, newcomer.id, 'approver', 'new_group');
    const [gate] = await gatesOf(id);
    expect(gate.status).toBe('approved');
    expect(gate.quorum).toEqual(expect.objectContaining({ met: true, missing: [] }));
    expect(gate.seats.map((s) => s.seat)).toEqual(['programme-manager', 'group:city_council', 'group:funding_partner']);
  });

  it('requires the version on a roadmap event (428), not on an approval', async () => {
    const id = await readyEngagement('Version City');
    const bare = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.manager.token)).send({ type: 'PUT_ON_HOLD' });
    expect(bare.status).toBe(428);
    expectErrorShape(bare.body, 428, 'VERSION_REQUIRED');
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('assessment');
    const { version } = await engagementOf(server, id, cast.manager.token);
    const viaHeader = await server.http.post(`/api/engagements/${id}/events`).set(auth(cast.coordinator.token)).set('If-Match', `"${version}"`).send({ type: 'SUBMIT_FOR_REVIEW' });
    expect(viaHeader.status).toBe(200);
    expect((await decide(server, id, cast.council.token, 'approve')).status).toBe(200);
  });

  it('seats an administrator, not any programme manager, when the manager submitted the gate', async () => {
    const id = await readyEngagement('Delegate City');
    await submit(id, cast.manager.token);
    // The administrators fill the manager's seat now: they are told the gate waits for them.
    const opened = (await inbox(server, cast.admin.token)).filter((n) => n.type === 'gate.opened' && n.engagementId === id);
    expect(opened).toHaveLength(1);
    for (const person of [cast.council, cast.partner]) expect((await decide(server, id, person.token, 'approve')).status).toBe(200);
    const [gate] = await gatesOf(id);
    const seat = gate.quorum.missing.find((m) => m.condition === 'quorum:programme-manager')!;
    expect(seat.message).toMatch(/an administrator must approve in the programme manager's seat/);
    const otherPm = await server.person('programme_manager', 'Olga Other');
    const byOther = await decide(server, id, otherPm.token, 'approve');
    expect(byOther.status).toBe(403);
    const byAdmin = await decide(server, id, cast.admin.token, 'approve');
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.engagement.stage).toBe('design');
  });

  it('lets two contributors edit different KPIs on their items’ own versions, and guards each item', async () => {
    const id = await engagementWith(server, cast, 'Item Version City');
    const second = await server.person('member', 'Sam Second');
    await server.member(cast.manager.token, id, second.id, 'data_contributor');
    const put = (token: string, code: string, body: Record<string, unknown>) => server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(token)).send({ year: 2025, source: 'Census', ...body });
    const a = await put(cast.contributor.token, 'EC-ICT-ICT-1C', { value: 50 });
    const b = await put(second.token, 'EC-ICT-ICT-2C', { value: 80 });
    expect([a.body.version, b.body.version]).toEqual([1, 1]);
    // Each edits their own KPI on its version while the other has moved the engagement on: no conflict.
    expect((await put(cast.contributor.token, 'EC-ICT-ICT-1C', { value: 55, itemVersion: 1 })).status).toBe(200);
    expect((await put(second.token, 'EC-ICT-ICT-2C', { value: 85, itemVersion: 1 })).body.version).toBe(2);
    // A stale item version is refused with the item's current version, and nothing changes.
    const stale = await put(second.token, 'EC-ICT-ICT-1C', { value: 1, itemVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual(expect.objectContaining({ code: 'STALE_VERSION', currentVersion: 2 }));
    const values = (await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(cast.manager.token))).body as { code: string; value: number }[];
    expect(values.find((v) => v.code === 'EC-ICT-ICT-1C')!.value).toBe(55);

    const [task] = (await server.http.get(`/api/engagements/${id}/tasks?stage=assessment`).set(auth(cast.coordinator.token))).body as { id: string; version: number }[];
    expect(task.version).toBe(1);
    const patch = (body: Record<string, unknown>) => server.http.patch(`/api/engagements/${id}/tasks/${task.id}`).set(auth(cast.coordinator.token)).send(body);
    expect((await patch({ status: 'in_progress', itemVersion: 1 })).body.version).toBe(2);
    const staleTask = await patch({ status: 'done', itemVersion: 1 });
    expect(staleTask.status).toBe(409);
    expect(staleTask.body).toEqual(expect.objectContaining({ code: 'STALE_VERSION', currentVersion: 2 }));
  });
});
