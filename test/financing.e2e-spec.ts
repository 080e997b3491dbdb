import { auth, expectErrorShape, TestServer } from './support/harness';
import { Cast, castOf, decide, engagementOf, engagementWith, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

type Project = { id: string; amount: number; actionIds: string[]; allocations: { actionId: string; amount: number }[]; status: string; published: boolean; version: number };
type Line = { actionId: string; title: string; budget: number; covered: number; gap: number; surplus: number; financed: boolean };

const ICT = 'EC-ICT-ICT-1C';
const WATER = 'EC-I-WS-1C';

/**
 * Financing (issue 8): business cases, investment projects covering actions with an amount per
 * action, the financing plan, the marketplace for every signed-in user, and the Financing gate.
 */
describe('financing: business cases, investment projects, the financing plan, the marketplace and the Financing gate', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  let otherId: string;
  let otherAction: string;
  let outsider: { id: string; token: string };
  let fibre: string;
  let meters: string;
  let lights: string;
  const url = (path = '', engagementId = id) => `/api/engagements/${engagementId}${path}`;
  const post = (path: string, body: Record<string, unknown>, token = cast.coordinator.token) => server.http.post(url(path)).set(auth(token)).send(body);
  const patch = (path: string, body: Record<string, unknown>, token = cast.coordinator.token) => server.http.patch(url(path)).set(auth(token)).send(body);
  const get = (path: string, token = cast.manager.token) => server.http.get(url(path)).set(auth(token));
  const fields = (res: { body: { details?: { field: string }[] } }) => (res.body.details ?? []).map((d) => d.field);
  const newAction = async (title: string, budget: number, code = ICT, engagementId = id) => {
    const res = await server.http
      .post(url('/actions', engagementId))
      .set(auth(cast.manager.token))
      .send({ title, kpiCodes: [code], expectedValues: { [code]: 90 }, budget });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const plan = async () => (await get('/financing')).body as { actions: Line[]; totals: { budget: number; covered: number; gap: number } };
  const marketplace = async (token: string, query = '') => {
    const res = await server.http.get(`/api/marketplace${query}`).set(auth(token));
    expect(res.status).toBe(200);
    return res;
  };

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    outsider = await server.person('member', 'Otto Outsider');
    id = await engagementWith(server, cast, 'Finance City');
    await settleCoreKpis(server, id, cast);
    await passGate(server, id, cast, 'assessment');
    await passGate(server, id, cast, 'design');
    expect(await engagementOf(server, id, cast.manager.token)).toEqual(expect.objectContaining({ stage: 'financing', step: 'inProgress' }));
    fibre = await newAction('Municipal fibre backbone', 1000);
    meters = await newAction('Smart water meters', 500, WATER);
    lights = await newAction('Street lights (no cost to the city)', 0);
    otherId = await engagementWith(server, cast, 'Other City');
    otherAction = await newAction('Other city action', 100, ICT, otherId);
  });
  afterAll(() => server.stop());

  it('keeps business cases: payback computed from cost and yearly benefits unless given, each change in the history', async () => {
    const created = await post('/business-cases', { title: 'Fibre savings', actionIds: [fibre], kpiCodes: ['EC: ICT: ICT: 1C'], cost: 1000, benefits: 300, benefitsDescription: 'Leased lines' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ title: 'Fibre savings', actionIds: [fibre], kpiCodes: [ICT], cost: 1000, benefits: 300, paybackYears: 3.33, paybackSource: 'computed', version: 1, engagementVersion: expect.any(Number) }),
    );
    const caseId = created.body.id as string;

    const given = await patch(`/business-cases/${caseId}`, { paybackYears: 4, benefits: 0 });
    expect(given.status).toBe(200);
    expect(given.body).toEqual(expect.objectContaining({ paybackYears: 4, paybackSource: 'given', benefits: 0, version: 2 }));
    const none = await patch(`/business-cases/${caseId}`, { paybackYears: null });
    expect(none.body).toEqual(expect.objectContaining({ paybackYears: null, paybackSource: 'computed' }));
    expect((await get(`/business-cases/${caseId}`)).body.actionIds).toEqual([fibre]);
    expect((await get('/business-cases', cast.verifier.token)).body).toHaveLength(1);

    const gone = await server.http.delete(url(`/business-cases/${caseId}`)).set(auth(cast.coordinator.token));
    expect(gone.status).toBe(204);
    expect((await get(`/business-cases/${caseId}`)).status).toBe(404);
    const history = (await get('/history?limit=50')).body as { type: string; payload: Record<string, unknown> }[];
    expect(history.map((h) => h.type)).toEqual(expect.arrayContaining(['BUSINESS_CASE_CREATED', 'BUSINESS_CASE_UPDATED', 'BUSINESS_CASE_DELETED']));
    expect(history.find((h) => h.type === 'BUSINESS_CASE_UPDATED')!.payload.changes).toBeDefined();
  });

  it('refuses bad input in the shared shape, writing nothing', async () => {
    const before = (await engagementOf(server, id, cast.manager.token)).version;
    const project = { title: 'P', actionIds: [fibre], amount: 100, fundingSource: 'city_fund' };
    const cases: [string, Record<string, unknown> | string, string][] = [
      ['/investment-projects', { ...project, amount: -5 }, 'amount'],
      ['/investment-projects', { ...project, amount: 0 }, 'amount'],
      ['/investment-projects', { ...project, amount: 'lots' }, 'amount'],
      ['/investment-projects', '{"title":"P","actionIds":["' + fibre + '"],"amount":1e999,"fundingSource":"city_fund"}', 'amount'],
      ['/investment-projects', { ...project, fundingSource: 'lottery' }, 'fundingSource'],
      ['/investment-projects', { ...project, actionIds: [otherAction] }, 'actionIds'],
      ['/investment-projects', { ...project, actionIds: ['00000000-0000-4000-8000-000000000000'] }, 'actionIds'],
      ['/investment-projects', { ...project, actionIds: undefined, amount: 30, allocations: [{ actionId: fibre, amount: 20 }] }, 'amount'],
      ['/investment-projects', { ...project, actionIds: undefined, allocations: [{ actionId: fibre, amount: -1 }] }, 'allocations.0.amount'],
      ['/investment-projects', { ...project, actionIds: [fibre], amount: undefined }, 'amount'],
      ['/business-cases', { title: 'C', actionIds: [fibre], kpiCodes: ['NOT-A-KPI'], cost: 1, benefits: 1 }, 'kpiCodes[0]'],
      ['/business-cases', { title: 'C', actionIds: [otherAction], kpiCodes: [], cost: 1, benefits: 1 }, 'actionIds'],
      ['/business-cases', { title: 'C', actionIds: [fibre], kpiCodes: [], cost: -1, benefits: 1 }, 'cost'],
      ['/business-cases', '{"title":"C","actionIds":["' + fibre + '"],"kpiCodes":[],"cost":1,"benefits":-1e999}', 'benefits'],
    ];
    for (const [path, body, field] of cases) {
      const res =
        typeof body === 'string'
          ? await server.http.post(url(path)).set(auth(cast.coordinator.token)).set('Content-Type', 'application/json').send(body)
          : await post(path, body);
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(fields(res)).toContain(field);
    }
    // An action of another engagement is answered exactly as an unknown one.
    const foreign = await post('/investment-projects', { ...project, actionIds: [otherAction] });
    const unknown = await post('/investment-projects', { ...project, actionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(foreign.body).toEqual(unknown.body);
    expect((await engagementOf(server, id, cast.manager.token)).version).toBe(before);
    expect((await get('/investment-projects')).body).toEqual([]);
    // Someone who may read but not manage the financing: 403.
    expect((await post('/investment-projects', project, cast.contributor.token)).status).toBe(403);
  });

  it('shows per action the budget, the amount its projects cover (an amount per action) and the gap', async () => {
    const split = await post('/investment-projects', { title: 'Infrastructure bond', actionIds: [fibre, meters], amount: 900.01, fundingSource: 'public_budget' });
    expect(split.status).toBe(201);
    expect(split.body).toEqual(expect.objectContaining({ amount: 900.01, status: 'proposed', published: false }));
    expect((split.body as Project).allocations.find((a) => a.actionId === fibre)!.amount + (split.body as Project).allocations.find((a) => a.actionId === meters)!.amount).toBeCloseTo(900.01, 2);

    const exact = await post('/investment-projects', {
      title: 'Water utility loan',
      allocations: [{ actionId: meters, amount: 49.99 }],
      fundingSource: 'investment_project_facility',
      status: 'seeking_funding',
    });
    expect(exact.status).toBe(201);
    expect(exact.body.amount).toBe(49.99);
    // Re-allocated exactly: 600 to the fibre, 300 to the meters.
    const moved = await patch(`/investment-projects/${split.body.id}`, { allocations: [{ actionId: fibre, amount: 600 }, { actionId: meters, amount: 300 }] });
    expect(moved.status).toBe(200);
    expect(moved.body.amount).toBe(900);
    const cancelled = await post('/investment-projects', { title: 'Abandoned', actionIds: [fibre], amount: 400, fundingSource: 'private' });
    expect((await patch(`/investment-projects/${cancelled.body.id}`, { status: 'cancelled' })).body.status).toBe('cancelled');
    const refused = await patch(`/investment-projects/${cancelled.body.id}`, { status: 'funded' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'STATUS_TRANSITION_REFUSED');

    const { actions, totals } = await plan();
    expect(actions.map((l) => [l.title, l.budget, l.covered, l.gap])).toEqual([
      ['Municipal fibre backbone', 1000, 600, 400],
      ['Smart water meters', 500, 349.99, 150.01],
      ['Street lights (no cost to the city)', 0, 0, 0],
    ]);
    expect(totals).toEqual({ budget: 1500, covered: 949.99, gap: 550.01 });

    // An action the financing refers to is dropped, not deleted.
    const del = await server.http.delete(url(`/actions/${meters}`)).set(auth(cast.manager.token));
    expect(del.status).toBe(409);
    expectErrorShape(del.body, 409, 'ACTION_IN_USE');
    const history = ((await get('/history?limit=100')).body as { type: string }[]).map((h) => h.type);
    expect(history).toEqual(expect.arrayContaining(['INVESTMENT_PROJECT_CREATED', 'INVESTMENT_PROJECT_UPDATED']));
  });

  it('lists a published project on the marketplace for a user of another city, with its city, KPIs and SDGs and nothing private; never an unpublished one', async () => {
    const published = await post('/investment-projects', {
      title: 'Smart water for Finance City',
      description: 'Meters in every district',
      allocations: [{ actionId: meters, amount: 150.01 }],
      fundingSource: 'marketplace',
      status: 'seeking_funding',
      published: true,
    });
    expect(published.status).toBe(201);
    expect(published.body.publishedAt).toEqual(expect.any(String));
    const hidden = await post('/investment-projects', { title: 'Not yet public', actionIds: [lights], amount: 10, fundingSource: 'marketplace' });
    expect(hidden.status).toBe(201);

    // The outsider is no member of the engagement: it stays hidden from them, the marketplace does not.
    expect((await get('', outsider.token)).status).toBe(404);
    const res = await marketplace(outsider.token);
    const listed = res.body as Record<string, unknown>[];
    expect(listed.map((p) => p.id)).toEqual([published.body.id]);
    expect(res.headers['x-total-count']).toBe('1');
    const [item] = listed;
    expect(Object.keys(item).sort()).toEqual(['amount', 'city', 'description', 'fundingSource', 'id', 'kpis', 'publishedAt', 'sdgs', 'status', 'title']);
    expect(item).toEqual(
      expect.objectContaining({
        title: 'Smart water for Finance City',
        amount: 150.01,
        fundingSource: 'marketplace',
        status: 'seeking_funding',
        city: { id: expect.any(String), name: 'Finance City', country: 'Norway' },
        kpis: [{ code: WATER, name: expect.any(String), sdgs: expect.arrayContaining([6]) }],
        sdgs: expect.arrayContaining([6]),
      }),
    );
    const text = JSON.stringify(item);
    for (const secret of [id, meters, cast.manager.id, cast.coordinator.id, 'Smart water meters']) expect(text).not.toContain(secret);

    // Unpublished: gone from the marketplace; published again: back. Paged by limit and offset.
    expect((await patch(`/investment-projects/${published.body.id}`, { published: false })).status).toBe(200);
    expect((await marketplace(cast.partner.token)).body).toEqual([]);
    expect((await patch(`/investment-projects/${published.body.id}`, { published: true })).status).toBe(200);
    expect((await patch(`/investment-projects/${hidden.body.id}`, { published: true })).status).toBe(200);
    expect((await marketplace(outsider.token)).body).toHaveLength(2);
    const page = await marketplace(outsider.token, '?limit=1&offset=1');
    expect(page.body).toHaveLength(1);
    expect(page.headers['x-total-count']).toBe('2');
    expect((await server.http.get('/api/marketplace?limit=0').set(auth(outsider.token))).status).toBe(400);
    expect((await server.http.get('/api/marketplace')).status).toBe(401);
    expect((await patch(`/investment-projects/${hidden.body.id}`, { published: false })).status).toBe(200);

    // A project of a cancelled engagement leaves the marketplace.
    const elsewhere = await server.http
      .post(url('/investment-projects', otherId))
      .set(auth(cast.manager.token))
      .send({ title: 'Other city project', actionIds: [otherAction], amount: 100, fundingSource: 'marketplace', published: true });
    expect(elsewhere.status).toBe(201);
    expect(((await marketplace(outsider.token)).body as { id: string; city: { name: string } }[]).map((p) => p.city.name).sort()).toEqual(['Finance City', 'Other City']);
    expect((await sendEvent(server, otherId, cast.manager.token, { type: 'CANCEL', reason: 'The city withdrew' })).status).toBe(200);
    expect(((await marketplace(outsider.token)).body as { id: string }[]).map((p) => p.id)).toEqual([published.body.id]);
  });

  it('refuses the Financing gate naming each action not covered and its gap, then passes; financing is frozen while in review', async () => {
    await settleTasks(server, id, cast, 'financing');
    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'TRANSITION_REFUSED');
    expect(refused.body.unmet).toEqual([{ condition: `action:${fibre}:not-financed`, message: expect.stringContaining('"Municipal fibre backbone"') }]);
    expect(refused.body.unmet[0].message).toContain('gap 400.00');

    const more = await post('/investment-projects', { title: 'City fund top-up', actionIds: [fibre], amount: 400, fundingSource: 'city_fund', status: 'funded' });
    expect(more.status).toBe(201);
    expect((await plan()).totals.gap).toBe(0);
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);

    const frozen = [
      await post('/investment-projects', { title: 'Late', actionIds: [fibre], amount: 1, fundingSource: 'private' }),
      await patch(`/investment-projects/${more.body.id}`, { amount: 1 }),
      await server.http.delete(url(`/investment-projects/${more.body.id}`)).set(auth(cast.coordinator.token)),
      await post('/business-cases', { title: 'Late case', actionIds: [fibre], kpiCodes: [], cost: 1, benefits: 1 }),
      await post('/actions', { title: 'Late action', kpiCodes: [ICT], expectedValues: { [ICT]: 90 }, budget: 5 }),
    ];
    for (const res of frozen) {
      expect(res.status).toBe(409);
      expectErrorShape(res.body, 409, 'IN_REVIEW');
    }
    for (const person of [cast.council, cast.partner, cast.manager]) expect((await decide(server, id, person.token, 'approve')).status).toBe(200);
    expect(await engagementOf(server, id, cast.manager.token)).toEqual(expect.objectContaining({ stage: 'implementation', step: 'inProgress' }));
  });
});
