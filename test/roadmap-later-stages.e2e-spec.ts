import { randomUUID } from 'node:crypto';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { type Cast, castOf, decide, engagementOf, engagementWith, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

/** An advanced KPI in the lowest band at 10 % (single value): the Design gate needs an action or a deferral for it. */
const LOW = 'EC-ICT-WS-2A';
/** A core KPI with a verified baseline of 50 (2020). */
const ICT = 'EC-ICT-ICT-1C';

type GateRecord = {
  id: string;
  stage: string;
  status: string;
  criteria: {
    checked: string[];
    atSubmission: { unmet: { condition: string }[]; facts: Record<string, unknown>; evaluatedAt: string };
    atDecision: { unmet: { condition: string }[]; facts: Record<string, unknown>; evaluatedAt: string } | null;
  };
};
type BaselineValue = {
  code: string;
  dataPoint: string | null;
  value: number;
  verified: boolean;
  source: string;
  status: string;
  date: string | null;
  measurementId: string | null;
  unverifiedNotTaken: { value: number; date: string | null; source: string; status: string; measurementId: string | null } | null;
};

/**
 * One engagement taken through every later stage (issue 8): Design refused naming the lowest-band
 * KPI, then passed with the plan; Financing; Implementation refused naming the QA task and the
 * unmonitored KPI, then passed after measurements; completed; into its next cycle with the baseline
 * from the verified measurements (unverified ones flagged), target overrides carried, and the actions
 * not done offered and carried over. Each gate keeps what its criteria read.
 */
describe('an engagement from Assessment through Implementation to completed, and into its next cycle', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let wifi: string; // in progress, targets LOW and ICT, requires procurement
  let skills: string; // planned, targets ICT
  let verifiedMeasurement: string;
  let laterMeasurement: string;
  const url = (path = '', engagementId = id) => `/api/engagements/${engagementId}${path}`;
  const get = (path: string, token = cast.manager.token, engagementId = id) => server.http.get(url(path, engagementId)).set(auth(token));
  const post = (path: string, token: string, body: Record<string, unknown>, engagementId = id) => server.http.post(url(path, engagementId)).set(auth(token)).send(body);
  const gates = async (): Promise<GateRecord[]> => (await get('/gates')).body;
  const measure = (code: string, value: number, date: string) => post('/measurements', cast.contributor.token, { code, value, date, source: 'City survey' });

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Later Stages City');
    await settleCoreKpis(server, id, cast);
    const put = (code: string, value: number, year: number) => server.http.put(url(`/kpi-values/${code}`)).set(auth(cast.contributor.token)).send({ value, year, source: 'Statistics office' });
    expect((await put(ICT, 50, 2020)).status).toBe(200);
    expect((await post(`/kpi-values/${ICT}/verification`, cast.verifier.token, { decision: 'verified' })).status).toBe(200);
    // Submitted, never verified.
    expect((await put(LOW, 10, 2024)).status).toBe(200);
    await passGate(server, id, cast, 'assessment');
  });
  afterAll(() => server.stop());

  it('keeps on the Assessment gate the facts its criteria read: tasks and core KPI statuses', async () => {
    const [assessment] = await gates();
    expect(assessment.criteria.checked).toEqual(['required-tasks-settled', 'core-kpis-settled']);
    for (const at of [assessment.criteria.atSubmission, assessment.criteria.atDecision!]) {
      expect(at.unmet).toEqual([]);
      expect(at.facts.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'done' })]));
      expect(at.facts.coreKpis).toEqual(expect.any(Array));
    }
  });

  it('refuses the Design gate naming the lowest-band KPI, then passes with an action and its procurement item', async () => {
    await settleTasks(server, id, cast, 'design');
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'TRANSITION_REFUSED');
    expect(refused.body.unmet.map((u: { condition: string }) => u.condition)).toEqual([`gap:${LOW}:no-action`]);

    const a = await post('/actions', cast.coordinator.token, {
      title: 'Public Wi-Fi in every district',
      kpiCodes: [LOW, ICT],
      expectedValues: { [LOW]: 60, [ICT]: 90 },
      budget: 5000,
      startDate: '2021-01-01',
      endDate: '2030-12-31',
      requiresProcurement: true,
    });
    expect(a.status).toBe(201);
    wifi = a.body.id;
    const b = await post('/actions', cast.coordinator.token, { title: 'Digital skills for seniors', kpiCodes: [ICT], expectedValues: { [ICT]: 85 }, budget: 800 });
    expect(b.status).toBe(201);
    skills = b.body.id;
    const refusedAgain = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refusedAgain.body.unmet.map((u: { condition: string }) => u.condition)).toEqual([`action:${wifi}:no-procurement-item`]);
    expect((await post('/procurement-items', cast.coordinator.token, { actionId: wifi, title: 'Wi-Fi tender', method: 'open_tender', estimatedCost: 4000 })).status).toBe(201);

    await passGate(server, id, cast, 'design');
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('financing');
  });

  it('keeps on the Design gate the plan it was decided on, whatever the plan becomes afterwards', async () => {
    const design = (await gates()).find((g) => g.stage === 'design')!;
    expect(design.status).toBe('approved');
    expect(design.criteria.checked).toEqual(['required-tasks-settled', 'low-band-kpis-have-actions', 'procurement-items-for-actions']);
    const titles = (facts: Record<string, unknown>) => (facts.actions as { title: string }[]).map((x) => x.title);
    expect(titles(design.criteria.atSubmission.facts)).toEqual(['Public Wi-Fi in every district', 'Digital skills for seniors']);
    expect(titles(design.criteria.atDecision!.facts)).toEqual(['Public Wi-Fi in every district', 'Digital skills for seniors']);
    expect(design.criteria.atDecision!.facts.procurement).toEqual([expect.objectContaining({ actionId: wifi })]);
    expect(design.criteria.atDecision!.facts.lowBand).toEqual([expect.objectContaining({ code: LOW })]);

    // The plan changes after the decision: the gate record does not.
    const action = (await get(`/actions/${skills}`)).body;
    const renamed = await server.http.patch(url(`/actions/${skills}`)).set(auth(cast.coordinator.token)).send({ title: 'Digital skills for all ages', itemVersion: action.version });
    expect(renamed.status).toBe(200);
    const after = (await gates()).find((g) => g.stage === 'design')!;
    expect(titles(after.criteria.atDecision!.facts)).toEqual(['Public Wi-Fi in every district', 'Digital skills for seniors']);
    expect(after).toEqual(design);
  });

  it('passes the Financing gate once every action is covered by investment projects', async () => {
    await settleTasks(server, id, cast, 'financing');
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expect(refused.body.unmet.map((u: { condition: string }) => u.condition).sort()).toEqual([`action:${skills}:not-financed`, `action:${wifi}:not-financed`].sort());
    const project = await post('/investment-projects', cast.coordinator.token, {
      title: 'Digital city fund',
      allocations: [
        { actionId: wifi, amount: 5000 },
        { actionId: skills, amount: 800 },
      ],
      fundingSource: 'city_fund',
      published: true,
    });
    expect(project.status).toBe(201);
    const target = await server.http.put(url(`/targets/${ICT}`)).set(auth(cast.manager.token)).send({ target: 95, justification: 'National broadband plan' });
    expect(target.status).toBe(200);
    await passGate(server, id, cast, 'financing');
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('implementation');
  });

  it('refuses the Implementation gate naming the QA task and the unmonitored KPIs, then passes after measurements', async () => {
    const action = (await get(`/actions/${wifi}`)).body;
    expect((await server.http.patch(url(`/actions/${wifi}`)).set(auth(cast.coordinator.token)).send({ status: 'in_progress', itemVersion: action.version })).status).toBe(200);
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    const conditions = refused.body.unmet.map((u: { condition: string }) => u.condition);
    expect(conditions).toEqual(expect.arrayContaining(['task:implementation-plan-qa:not-done', `kpi:${LOW}:not-monitored`, `kpi:${ICT}:not-monitored`]));

    const first = await measure(ICT, 70, '2023-06-30');
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('submitted');
    verifiedMeasurement = first.body.id;
    const second = await measure(ICT, 75, '2024-06-30');
    laterMeasurement = second.body.id;
    expect((await measure(LOW, 25, '2024-06-30')).status).toBe(201);
    const wrong = await measure(LOW, 99, '2024-07-01');

    // Verification: verifiers only, a comment to reject, only submitted measurements.
    const verify = (measurementId: string, token: string, body: Record<string, unknown>) => post(`/measurements/${measurementId}/verification`, token, body);
    expect((await verify(verifiedMeasurement, cast.coordinator.token, { decision: 'verified' })).status).toBe(403);
    const noComment = await verify(wrong.body.id, cast.verifier.token, { decision: 'rejected' });
    expect(noComment.status).toBe(400);
    expectErrorShape(noComment.body, 400, 'VALIDATION_FAILED');
    const verified = await verify(verifiedMeasurement, cast.verifier.token, { decision: 'verified', comment: 'Matches the survey' });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual(expect.objectContaining({ id: verifiedMeasurement, status: 'verified', decidedBy: cast.verifier.id, engagementVersion: expect.any(Number) }));
    expect((await verify(wrong.body.id, cast.verifier.token, { decision: 'rejected', comment: 'Typo: 9.9' })).body.status).toBe('rejected');
    const twice = await verify(verifiedMeasurement, cast.verifier.token, { decision: 'rejected', comment: 'Changed my mind' });
    expect(twice.status).toBe(409);
    expectErrorShape(twice.body, 409, 'MEASUREMENT_NOT_SUBMITTED');
    expect((await verify(randomUUID(), cast.verifier.token, { decision: 'verified' })).status).toBe(404);

    // Monitoring keeps every measurement and shows its status.
    const monitoring = (await get('/monitoring')).body as { code: string; series: { id: string; status: string }[] }[];
    const series = monitoring.find((i) => i.code === ICT)!.series;
    expect(series.map((p) => p.status)).toEqual(['verified', 'submitted']);
    expect(monitoring.find((i) => i.code === LOW)!.series.map((p) => p.status)).toEqual(['submitted', 'rejected']);

    await settleTasks(server, id, cast, 'implementation');
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);
    for (const person of [cast.council, cast.partner, cast.manager]) expect((await decide(server, id, person.token, 'approve')).status).toBe(200);
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('completed');

    const implementation = (await gates()).find((g) => g.stage === 'implementation')!;
    const items = implementation.criteria.atDecision!.facts.targetedItems as { code: string; measuredAfterBaseline: number; measurements: { id: string; status: string }[] }[];
    expect(items.find((i) => i.code === ICT)).toEqual(expect.objectContaining({ measuredAfterBaseline: 2 }));
    expect(items.find((i) => i.code === ICT)!.measurements.map((m) => m.status)).toEqual(['verified', 'submitted']);
  });

  it('opens the next cycle: the baseline from the verified measurements, unverified ones flagged; targets carried; open actions offered', async () => {
    const next = await post('/next-cycle', cast.manager.token, {});
    expect(next.status).toBe(201);
    const newId = next.body.id as string;
    const values = next.body.baseline.values as BaselineValue[];
    // The last verified measurement, not the later unverified one (shown beside it).
    expect(values.find((v) => v.code === ICT)).toEqual(
      expect.objectContaining({
        value: 70,
        verified: true,
        source: 'measurement',
        measurementId: verifiedMeasurement,
        date: '2023-06-30',
        unverifiedNotTaken: expect.objectContaining({ value: 75, date: '2024-06-30', source: 'measurement', status: 'submitted', measurementId: laterMeasurement }),
      }),
    );
    // Nothing verified: the latest unverified measurement is taken, flagged (the rejected one never).
    expect(values.find((v) => v.code === LOW)).toEqual(expect.objectContaining({ value: 25, verified: false, source: 'measurement', status: 'submitted' }));
    expect(next.body.carryOver.fromEngagementId).toBe(id);
    expect(next.body.carryOver.actions.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [wifi, 'in_progress'],
      [skills, 'planned'],
    ]);

    // Target overrides carried, with a note naming the source.
    const targets = (await get('/targets', cast.manager.token, newId)).body as { code: string; target: number; origin: string; history: { payload: Record<string, unknown> }[] }[];
    const ict = targets.find((t) => t.code === ICT)!;
    expect(ict).toEqual(expect.objectContaining({ target: 95, origin: 'engagement' }));
    expect(ict.history.at(-1)!.payload).toEqual(expect.objectContaining({ carriedOverFrom: id }));

    // The new history links back and says what was carried.
    const history = (await get('/history?limit=100', cast.manager.token, newId)).body as { type: string; payload: Record<string, unknown> }[];
    const opened = history.find((h) => h.type === 'ENGAGEMENT_OPENED')!;
    expect(opened.payload).toEqual(
      expect.objectContaining({ previousEngagementId: id, targetsCarriedOver: [{ code: ICT, dataPoint: null }], actionsOffered: [wifi, skills], baselineUnverified: 1 }),
    );

    // Carry one action over: planned, with its targets; it is not offered twice.
    const offered = await get('/carry-over', cast.coordinator.token, newId);
    expect(offered.status).toBe(200);
    expect(offered.body.actions.map((a: { id: string }) => a.id)).toEqual([wifi, skills]);
    const bad = await post('/actions/carry-over', cast.coordinator.token, { actionIds: [randomUUID()] }, newId);
    expect(bad.status).toBe(400);
    expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
    const carried = await post('/actions/carry-over', cast.coordinator.token, { actionIds: [skills] }, newId);
    expect(carried.status).toBe(201);
    expect(carried.body.actions).toEqual([
      expect.objectContaining({ title: 'Digital skills for all ages', status: 'planned', targets: [{ code: ICT, dataPoint: null, expectedValue: 85 }], engagementId: newId }),
    ]);
    const plan = (await get('/actions', cast.manager.token, newId)).body as { title: string; status: string }[];
    expect(plan.map((a) => [a.title, a.status])).toEqual([['Digital skills for all ages', 'planned']]);
    const again = await post('/actions/carry-over', cast.coordinator.token, { actionIds: [skills] }, newId);
    expect(again.status).toBe(400);
    const left = (await get('/carry-over', cast.coordinator.token, newId)).body;
    expect(left.actions.map((a: { id: string; carriedOverAs: string | null }) => [a.id, a.carriedOverAs !== null])).toEqual([
      [wifi, false],
      [skills, true],
    ]);
    const newHistory = (await get('/history?limit=100', cast.manager.token, newId)).body as { type: string; payload: Record<string, unknown> }[];
    expect(newHistory.some((h) => h.type === 'ACTIONS_CARRIED_OVER' && (h.payload.fromEngagementId as string) === id)).toBe(true);
    // Monitoring of the new cycle starts from the carried baseline.
    expect((await get('/monitoring', cast.manager.token, newId)).body.find((i: { code: string }) => i.code === ICT).baseline).toEqual(
      expect.objectContaining({ value: 70, source: 'previous_cycle' }),
    );
  });
});

describe('measurement verification: four-eyes', () => {
  let server: TestServer;
  let cast: Cast;
  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
  });
  afterAll(() => server.stop());

  it('never lets whoever recorded a measurement verify it (403 FOUR_EYES), even once they became a verifier', async () => {
    const id = await engagementWith(server, cast, 'Four Eyes Measurement City');
    const m = await server.http.post(`/api/engagements/${id}/measurements`).set(auth(cast.contributor.token)).send({ code: ICT, value: 60, date: '2024-01-31', source: 'Survey' });
    expect(m.status).toBe(201);
    const members = (await server.http.get(`/api/engagements/${id}/members`).set(auth(cast.manager.token))).body as { id: string; userId: string; role: string }[];
    const contributor = members.find((x) => x.userId === cast.contributor.id && x.role === 'data_contributor')!;
    expect((await server.http.delete(`/api/engagements/${id}/members/${contributor.id}`).set(auth(cast.manager.token))).status).toBe(204);
    await server.member(cast.manager.token, id, cast.contributor.id, 'verifier');
    const own = await server.http.post(`/api/engagements/${id}/measurements/${m.body.id}/verification`).set(auth(cast.contributor.token)).send({ decision: 'verified' });
    expect(own.status).toBe(403);
    expectErrorShape(own.body, 403, 'FOUR_EYES');
    const other = await server.http.post(`/api/engagements/${id}/measurements/${m.body.id}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' });
    expect(other.status).toBe(200);
  });
});
