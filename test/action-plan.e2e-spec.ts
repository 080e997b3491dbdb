import { randomUUID } from 'node:crypto';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { Cast, castOf, decide, engagementOf, engagementWith, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

type Action = {
  id: string;
  title: string;
  kpiCodes: string[];
  expectedValues: Record<string, number>;
  targets: { code: string; dataPoint: string | null; expectedValue: number }[];
  budget: number;
  procurementTotal: number;
  overBudget: boolean;
  ownerId: string | null;
  status: string;
  version: number;
  engagementVersion: number;
};
type Gap = { code: string; dataPoint: string | null; band: string; actionIds: string[]; deferral: { reason: string; by: string; at: string } | null };

/** Two advanced KPIs in the lowest band: 10 % of 100 % (single value), and 20 % of one data point. */
const LOW = 'EC-ICT-WS-2A';
const LOW_DP = 'EC-ICT-PS-1A';

/**
 * The action plan and the smart public procurement plan (issue 8): actions linked to KPIs with
 * expected values, procurement items against their budget, the actions and deferrals on each gap,
 * and the Design gate that needs them, frozen while it is in review.
 */
describe('the action plan, the procurement plan and the Design gate', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let otherId: string;
  let outsider: { id: string; token: string };
  const url = (path = '') => `/api/engagements/${id}${path}`;
  const post = (path: string, token: string, body: Record<string, unknown>) => server.http.post(url(path)).set(auth(token)).send(body);
  const patch = (path: string, token: string, body: Record<string, unknown>) => server.http.patch(url(path)).set(auth(token)).send(body);
  const get = (path: string, token = cast.manager.token) => server.http.get(url(path)).set(auth(token));
  const action = (extra: Record<string, unknown> = {}) => ({
    title: 'Public Wi-Fi in every district',
    kpiCodes: [LOW],
    expectedValues: { [LOW]: 60 },
    budget: 1000,
    ...extra,
  });
  const fields = (res: { body: { details?: { field: string }[] } }) => (res.body.details ?? []).map((d) => d.field);
  const gaps = async (): Promise<Gap[]> => (await get('/gap-analysis')).body;
  const gapOf = async (code: string, dataPoint: string | null = null) => (await gaps()).find((g) => g.code === code && g.dataPoint === dataPoint)!;

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    outsider = await server.person('member', 'Otto Outsider');
    id = await engagementWith(server, cast, 'Plan City');
    await settleCoreKpis(server, id, cast);
    for (const [code, dataPoint, value] of [[LOW, undefined, 10], [LOW_DP, 'percent', 20]] as const) {
      const res = await server.http
        .put(url(`/kpi-values/${code}`))
        .set(auth(cast.contributor.token))
        .send({ value, year: 2025, source: 'City survey', ...(dataPoint ? { dataPoint } : {}) });
      expect(res.status).toBe(200);
    }
    await passGate(server, id, cast, 'assessment');
    expect(await engagementOf(server, id, cast.manager.token)).toEqual(expect.objectContaining({ stage: 'design', step: 'inProgress' }));
    otherId = await engagementWith(server, cast, 'Other City');
  });
  afterAll(() => server.stop());

  it('refuses the Design gate while a lowest-band KPI has no action, naming each KPI and data point', async () => {
    await settleTasks(server, id, cast, 'design');
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'TRANSITION_REFUSED');
    const conditions = refused.body.unmet.map((u: { condition: string }) => u.condition);
    expect(conditions).toEqual(expect.arrayContaining([`gap:${LOW}:no-action`, `gap:${LOW_DP}:percent:no-action`]));
    expect(refused.body.unmet.find((u: { condition: string }) => u.condition === `gap:${LOW}:no-action`).message).toMatch(/lowest band/);
    expect((await engagementOf(server, id, cast.manager.token)).step).toBe('inProgress');
  });

  it('adds, reads, changes and deletes actions, each change in the history with what changed', async () => {
    const { version } = await engagementOf(server, id, cast.manager.token);
    const created = await post('/actions', cast.coordinator.token, action({ ownerId: cast.contributor.id, startDate: '2027-01-01', endDate: '2027-12-31', expectedVersion: version }));
    expect(created.status).toBe(201);
    const a = created.body as Action;
    expect(a).toEqual(
      expect.objectContaining({
        title: 'Public Wi-Fi in every district',
        kpiCodes: [LOW],
        expectedValues: { [LOW]: 60 },
        targets: [{ code: LOW, dataPoint: null, expectedValue: 60 }],
        budget: 1000,
        procurementTotal: 0,
        overBudget: false,
        ownerId: cast.contributor.id,
        status: 'planned',
        requiresProcurement: false,
        version: 1,
        engagementVersion: version + 1,
      }),
    );

    // Official codes and data points (`<code>/<dataPoint>`) as the KPI routes accept them.
    const official = await post('/actions', cast.manager.token, action({ title: 'Payment kiosks', kpiCodes: ['EC: ICT: PS: 1A/percent'], expectedValues: { 'EC-ICT-PS-1A/percent': 70 }, budget: 500.5 }));
    expect(official.status).toBe(201);
    expect(official.body).toEqual(expect.objectContaining({ kpiCodes: [`${LOW_DP}/percent`], targets: [{ code: LOW_DP, dataPoint: 'percent', expectedValue: 70 }], budget: 500.5 }));

    expect((await get('/actions', cast.verifier.token)).body.map((x: Action) => x.id)).toEqual([a.id, official.body.id]);
    expect((await get(`/actions/${a.id}`, cast.verifier.token)).body).toEqual(expect.objectContaining({ id: a.id, title: a.title }));
    expect((await get(`/actions/${randomUUID()}`)).status).toBe(404);

    const changed = await patch(`/actions/${a.id}`, cast.coordinator.token, { title: 'Public Wi-Fi in every district and park', expectedValues: { [LOW]: 75 }, itemVersion: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual(expect.objectContaining({ version: 2, expectedValues: { [LOW]: 75 }, title: 'Public Wi-Fi in every district and park' }));
    const stale = await patch(`/actions/${a.id}`, cast.coordinator.token, { budget: 2000, itemVersion: 1 });
    expect(stale.status).toBe(409);
    expectErrorShape(stale.body, 409, 'STALE_VERSION');
    expect(stale.body.currentVersion).toBe(2);

    const moved = await patch(`/actions/${a.id}`, cast.coordinator.token, { status: 'in_progress' });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('in_progress');

    const doomed = (await post('/actions', cast.coordinator.token, action({ title: 'To be deleted' }))).body as Action;
    const deleted = await server.http.delete(url(`/actions/${doomed.id}?itemVersion=1`)).set(auth(cast.coordinator.token));
    expect(deleted.status).toBe(204);
    expect((await get(`/actions/${doomed.id}`)).status).toBe(404);

    const history = (await get('/history?limit=100')).body as { type: string; payload: Record<string, unknown> }[];
    const types = history.map((h) => h.type);
    expect(types).toEqual(expect.arrayContaining(['ACTION_CREATED', 'ACTION_UPDATED', 'ACTION_DELETED']));
    const update = history.find((h) => h.type === 'ACTION_UPDATED' && (h.payload.changes as Record<string, unknown>).title)!;
    expect(update.payload).toEqual(
      expect.objectContaining({
        actionId: a.id,
        changes: {
          title: { from: 'Public Wi-Fi in every district', to: 'Public Wi-Fi in every district and park' },
          expectedValues: { from: { [LOW]: 60 }, to: { [LOW]: 75 } },
        },
      }),
    );
  });

  it('refuses bad actions in the shared shape, naming the field, and writes nothing', async () => {
    const before = await engagementOf(server, id, cast.manager.token);
    const count = (await get('/actions')).body.length;
    const cases: [Record<string, unknown>, string][] = [
      [action({ kpiCodes: ['XX-NOT-A-KPI'], expectedValues: { 'XX-NOT-A-KPI': 1 } }), 'kpiCodes[0]'],
      [action({ kpiCodes: [`${LOW_DP}/nope`], expectedValues: { [`${LOW_DP}/nope`]: 1 } }), 'kpiCodes[0]'],
      [action({ kpiCodes: [LOW_DP], expectedValues: { [LOW_DP]: 1 } }), 'kpiCodes[0]'], // a data point is required
      [action({ expectedValues: { [LOW]: 150 } }), `expectedValues.${LOW}`], // outside 0–100 %
      [action({ expectedValues: {} }), `expectedValues.${LOW}`],
      [action({ budget: -1 }), 'budget'],
      [action({ budget: '100' }), 'budget'],
      [action({ startDate: '2027-06-01', endDate: '2027-01-01' }), 'endDate'],
      [action({ ownerId: outsider.id }), 'ownerId'],
      [action({ status: 'done' }), 'status'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/actions', cast.coordinator.token, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(fields(res)).toContain(field);
    }
    // A non-finite amount: JSON reads 1e999 as Infinity.
    const infinite = await server.http
      .post(url('/actions'))
      .set(auth(cast.coordinator.token))
      .set('Content-Type', 'application/json')
      .send(`{"title":"Infinite","kpiCodes":["${LOW}"],"expectedValues":{"${LOW}":1e999},"budget":1e999}`);
    expect(infinite.status).toBe(400);
    expectErrorShape(infinite.body, 400, 'VALIDATION_FAILED');
    expect(fields(infinite)).toContain('budget');

    // A change that names no value for a field that must have one, or made on a stale engagement version.
    const first = ((await get('/actions')).body as Action[])[0];
    for (const field of ['title', 'budget', 'kpiCodes', 'expectedValues', 'status', 'requiresProcurement']) {
      const res = await patch(`/actions/${first.id}`, cast.coordinator.token, { [field]: null });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(fields(res)).toContain(field);
    }
    const stale = await post('/actions', cast.coordinator.token, action({ expectedVersion: before.version - 1 }));
    expect(stale.status).toBe(409);
    expectErrorShape(stale.body, 409, 'STALE_VERSION');
    expect(stale.body.currentVersion).toBe(before.version);

    expect((await get('/actions')).body.length).toBe(count);
    expect((await engagementOf(server, id, cast.manager.token)).version).toBe(before.version);
  });

  it('refuses a status move the plan does not allow (409, with the allowed ones), and the people who may not manage actions', async () => {
    const a = (await post('/actions', cast.coordinator.token, action({ title: 'Moves' }))).body as Action;
    const refused = await patch(`/actions/${a.id}`, cast.coordinator.token, { status: 'done' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'STATUS_TRANSITION_REFUSED');
    expect(refused.body.allowed).toEqual(['in_progress', 'dropped']);
    expect((await patch(`/actions/${a.id}`, cast.coordinator.token, { status: 'dropped' })).status).toBe(200);
    const final = await patch(`/actions/${a.id}`, cast.coordinator.token, { status: 'planned' });
    expect(final.status).toBe(409);
    expect(final.body.allowed).toEqual([]);

    for (const person of [cast.contributor, cast.verifier, cast.council]) {
      const res = await post('/actions', person.token, action());
      expect(res.status).toBe(403);
      expectErrorShape(res.body, 403, 'FORBIDDEN');
    }
    expect((await server.http.get(url('/actions')).set(auth(outsider.token))).status).toBe(404);
  });

  it('keeps procurement items against the action budget, refuses an action of another engagement as an unknown one, and a deleted action with items', async () => {
    const a = (await post('/actions', cast.coordinator.token, action({ title: 'Fibre backbone', budget: 1000, requiresProcurement: true }))).body as Action;
    const item = await post('/procurement-items', cast.coordinator.token, { actionId: a.id, title: 'Works tender', method: 'open_tender', estimatedCost: 800, scheduledStart: '2027-02-01', scheduledEnd: '2027-05-31' });
    expect(item.status).toBe(201);
    expect(item.body).toEqual(expect.objectContaining({ actionId: a.id, method: 'open_tender', estimatedCost: 800, status: 'planned', version: 1 }));
    const second = await post('/procurement-items', cast.manager.token, { actionId: a.id, title: 'Equipment', method: 'framework_call_off', estimatedCost: 400.25 });
    expect(second.status).toBe(201);
    let view = (await get(`/actions/${a.id}`)).body as Action;
    expect(view).toEqual(expect.objectContaining({ procurementTotal: 1200.25, overBudget: true }));

    const cancelled = await patch(`/procurement-items/${second.body.id}`, cast.coordinator.token, { status: 'cancelled', itemVersion: 1 });
    expect(cancelled.status).toBe(200);
    view = (await get(`/actions/${a.id}`)).body;
    expect(view).toEqual(expect.objectContaining({ procurementTotal: 800, overBudget: false }));
    expect((await get(`/procurement-items?actionId=${a.id}`)).body).toHaveLength(2);

    const foreign = (await server.http.post(`/api/engagements/${otherId}/actions`).set(auth(cast.manager.token)).send(action({ title: 'Elsewhere' }))).body as Action;
    expect(foreign.id).toBeDefined();
    const cross = await post('/procurement-items', cast.coordinator.token, { actionId: foreign.id, title: 'Sneaky', method: 'negotiated', estimatedCost: 1 });
    const unknown = await post('/procurement-items', cast.coordinator.token, { actionId: randomUUID(), title: 'Sneaky', method: 'negotiated', estimatedCost: 1 });
    expect(cross.status).toBe(400);
    expectErrorShape(cross.body, 400, 'VALIDATION_FAILED');
    expect(fields(cross)).toEqual(['actionId']);
    expect({ message: cross.body.message, details: cross.body.details }).toEqual({ message: unknown.body.message, details: unknown.body.details });

    for (const [body, field] of [
      [{ actionId: a.id, title: 'Bad', method: 'open_tender', estimatedCost: -5 }, 'estimatedCost'],
      [{ actionId: a.id, title: 'Bad', method: 'auction', estimatedCost: 5 }, 'method'],
      [{ actionId: a.id, title: 'Bad', method: 'open_tender', estimatedCost: 5, status: 'signed' }, 'status'],
      [{ actionId: a.id, title: 'Bad', method: 'open_tender', estimatedCost: 5, scheduledStart: '2027-05-01', scheduledEnd: '2027-01-01' }, 'scheduledEnd'],
    ] as const) {
      const res = await post('/procurement-items', cast.coordinator.token, body);
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
    }
    for (const field of ['actionId', 'title', 'method', 'estimatedCost', 'status']) {
      const res = await patch(`/procurement-items/${item.body.id}`, cast.coordinator.token, { [field]: null });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(fields(res)).toContain(field);
    }
    const infinite = await server.http
      .post(url('/procurement-items'))
      .set(auth(cast.coordinator.token))
      .set('Content-Type', 'application/json')
      .send(`{"actionId":"${a.id}","title":"Infinite","method":"open_tender","estimatedCost":1e999}`);
    expect(infinite.status).toBe(400);
    expect(fields(infinite)).toContain('estimatedCost');

    const inUse = await server.http.delete(url(`/actions/${a.id}`)).set(auth(cast.coordinator.token));
    expect(inUse.status).toBe(409);
    expectErrorShape(inUse.body, 409, 'ACTION_IN_USE');
    expect((await get(`/actions/${a.id}`)).status).toBe(200);

    const types = ((await get('/history?limit=100')).body as { type: string }[]).map((h) => h.type);
    expect(types).toEqual(expect.arrayContaining(['PROCUREMENT_ITEM_CREATED', 'PROCUREMENT_ITEM_UPDATED']));
  });

  it('shows on each gap the actions (not dropped) that address it, and a deferral of a lowest-band gap with its reason', async () => {
    const actions = (await get('/actions')).body as Action[];
    const addressing = actions.filter((x) => x.status !== 'dropped' && x.kpiCodes.includes(LOW)).map((x) => x.id);
    const dropped = actions.filter((x) => x.status === 'dropped').map((x) => x.id);
    expect(dropped.length).toBeGreaterThan(0);
    const gap = await gapOf(LOW);
    expect(gap.band).toBe('below_one_third');
    expect([...gap.actionIds].sort()).toEqual([...addressing].sort());
    expect(gap.deferral).toBeNull();

    // The data-point action goes away; the data point is deferred instead.
    const dpAction = actions.find((x) => x.kpiCodes.includes(`${LOW_DP}/percent`))!;
    expect((await patch(`/actions/${dpAction.id}`, cast.coordinator.token, { status: 'dropped' })).status).toBe(200);
    expect((await gapOf(LOW_DP, 'percent')).actionIds).toEqual([]);

    const noDataPoint = await server.http.put(url(`/gap-deferrals/${LOW_DP}`)).set(auth(cast.coordinator.token)).send({ reason: 'Later' });
    expect(noDataPoint.status).toBe(400);
    expect(fields(noDataPoint)).toContain('dataPoint');
    const notLowest = await server.http.put(url('/gap-deferrals/EC-ICT-D-1A')).set(auth(cast.coordinator.token)).send({ reason: 'Later' });
    expect(notLowest.status).toBe(409);
    expectErrorShape(notLowest.body, 409, 'GAP_NOT_DEFERRABLE');
    const noReason = await server.http.put(url(`/gap-deferrals/${LOW_DP}`)).set(auth(cast.coordinator.token)).send({ dataPoint: 'percent', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(fields(noReason)).toContain('reason');

    const deferred = await server.http
      .put(url(`/gap-deferrals/${LOW_DP}`))
      .set(auth(cast.coordinator.token))
      .send({ dataPoint: 'percent', reason: 'Covered by the national e-government programme next cycle' });
    expect(deferred.status).toBe(200);
    expect((await gapOf(LOW_DP, 'percent')).deferral).toEqual({
      reason: 'Covered by the national e-government programme next cycle',
      by: cast.coordinator.id,
      at: expect.any(String),
    });
    const withdrawn = await server.http.delete(url(`/gap-deferrals/${LOW_DP}?dataPoint=percent`)).set(auth(cast.coordinator.token));
    expect(withdrawn.status).toBe(204);
    expect((await gapOf(LOW_DP, 'percent')).deferral).toBeNull();
    expect((await server.http.delete(url(`/gap-deferrals/${LOW_DP}?dataPoint=percent`)).set(auth(cast.coordinator.token))).status).toBe(404);
    expect((await server.http.put(url(`/gap-deferrals/${LOW_DP}`)).set(auth(cast.coordinator.token)).send({ dataPoint: 'percent', reason: 'Next cycle' })).status).toBe(200);

    const types = ((await get('/history?limit=100')).body as { type: string }[]).map((h) => h.type);
    expect(types).toEqual(expect.arrayContaining(['GAP_DEFERRED', 'GAP_DEFERRAL_REMOVED']));
  });

  it('refuses the Design gate naming an action that needs procurement and has none, then passes, freezing the plan while in review', async () => {
    const needy = (await post('/actions', cast.coordinator.token, action({ title: 'Smart street lighting', requiresProcurement: true }))).body as Action;
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expect(refused.body.unmet).toEqual([{ condition: `action:${needy.id}:no-procurement-item`, message: expect.stringContaining('Smart street lighting') }]);

    const item = await post('/procurement-items', cast.coordinator.token, { actionId: needy.id, title: 'Lighting tender', method: 'innovation_partnership', estimatedCost: 900 });
    expect(item.status).toBe(201);
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);

    // In review: what the Design gate reads is frozen.
    const frozen = [
      await post('/actions', cast.coordinator.token, action({ title: 'Late idea' })),
      await patch(`/actions/${needy.id}`, cast.coordinator.token, { budget: 5 }),
      await server.http.delete(url(`/actions/${needy.id}`)).set(auth(cast.coordinator.token)),
      await post('/procurement-items', cast.coordinator.token, { actionId: needy.id, title: 'More', method: 'open_tender', estimatedCost: 1 }),
      await patch(`/procurement-items/${item.body.id}`, cast.coordinator.token, { estimatedCost: 1 }),
      await server.http.delete(url(`/gap-deferrals/${LOW_DP}?dataPoint=percent`)).set(auth(cast.coordinator.token)),
    ];
    for (const res of frozen) {
      expect(res.status).toBe(409);
      expectErrorShape(res.body, 409, 'IN_REVIEW');
    }

    for (const person of [cast.council, cast.partner, cast.manager]) expect((await decide(server, id, person.token, 'approve')).status).toBe(200);
    expect(await engagementOf(server, id, cast.manager.token)).toEqual(expect.objectContaining({ stage: 'financing', step: 'inProgress' }));
  });
});
