import { randomUUID } from 'node:crypto';
import { auth, expectErrorShape, TestServer } from './support/harness';

/**
 * The City Simulation Tool over HTTP: POST …/simulation scores the engagement as if the chosen
 * actions reached their expected values, beside today's scorecard; a reader may ask, nothing is written.
 * (The action plan's tables arrive with src/plans/: an engagement without actions simulates to today.)
 */
describe('simulation', () => {
  let server: TestServer;
  let manager: { id: string; token: string };
  let observer: { id: string; token: string };
  let outsider: { id: string; token: string };
  let id: string;

  const simulate = (body: Record<string, unknown>, token = observer.token) =>
    server.http.post(`/api/engagements/${id}/simulation`).set(auth(token)).send(body);

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    observer = await server.person('member', 'Olga Observer');
    outsider = await server.person('member', 'Otto Outsider');
    const cityId = await server.city(manager.token, 'Simulation City');
    id = (await server.engagement(manager.token, cityId)).id;
    await server.member(manager.token, id, observer.id, 'observer');
    for (const [code, value] of [['EC-ICT-ICT-1C', 40], ['EC-ICT-ICT-2C', 90]] as const) {
      const put = await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(manager.token)).send({ value, year: 2025, source: 'Census' });
      expect(put.status).toBe(200);
    }
  });
  afterAll(() => server.stop());

  it('with no actions: projected equals current, which is the scorecard, nothing changes — and an observer may ask', async () => {
    const scorecard = await server.http.get(`/api/engagements/${id}/scorecard`).set(auth(observer.token));
    expect(scorecard.status).toBe(200);
    for (const body of [{}, { actionIds: [] }]) {
      const res = await simulate(body);
      expect(res.status).toBe(200);
      const { dataQuality: _quality, ...numbers } = scorecard.body;
      expect(res.body.current).toEqual(numbers);
      expect(res.body.projected).toEqual(res.body.current);
      expect(res.body.changes).toEqual({ kpis: [], categories: [], subdimensions: [], dimensions: [], sdgs: [] });
      expect(res.body.actions).toEqual([]);
    }
    expect(scorecard.body.kpis.find((k: { code: string }) => k.code === 'EC-ICT-ICT-1C')).toEqual(expect.objectContaining({ value: 40 }));
  });

  it('refuses actionIds that are not actions of this engagement, naming actionIds', async () => {
    const unknown = randomUUID();
    const res = await simulate({ actionIds: [unknown] });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'actionIds', message: `${unknown} is not an action of this engagement` }]);
  });

  it('refuses malformed input in the shared shape: not a list, null, not uuids, unknown fields', async () => {
    for (const body of [{ actionIds: 'all' }, { actionIds: null }, { actionIds: ['not-an-id'] }, { actionIds: [42] }, { actions: [] }]) {
      const res = await simulate(body);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect([...new Set(res.body.details.map((d: { field: string }) => d.field))]).toEqual([Object.keys(body)[0]]);
    }
  });

  it('is hidden from whoever may not read the engagement (404), and writes nothing', async () => {
    const before = (await server.http.get(`/api/engagements/${id}`).set(auth(manager.token))).body;
    const history = (await server.http.get(`/api/engagements/${id}/history`).set(auth(manager.token))).body;
    const res = await simulate({}, outsider.token);
    expect(res.status).toBe(404);
    expectErrorShape(res.body, 404);
    expect((await simulate({}, manager.token)).status).toBe(200);
    const after = (await server.http.get(`/api/engagements/${id}`).set(auth(manager.token))).body;
    expect(after.version).toBe(before.version);
    expect((await server.http.get(`/api/engagements/${id}/history`).set(auth(manager.token))).body).toEqual(history);
  });

  it('raises the projected score with an action at its target; a dropped action is left out, and naming it is 400', async () => {
    const post = (body: Record<string, unknown>) => server.http.post(`/api/engagements/${id}/actions`).set(auth(manager.token)).send(body);
    const action = await post({ title: 'Fibre for all', kpiCodes: ['EC-ICT-ICT-1C'], expectedValues: { 'EC-ICT-ICT-1C': 100 }, budget: 1000, requiresProcurement: false, status: 'planned' });
    expect(action.status).toBe(201);
    const res = await simulate({});
    expect(res.status).toBe(200);
    expect(res.body.actions).toEqual([action.body.id]);
    const [kpi] = res.body.changes.kpis;
    expect(kpi).toEqual(expect.objectContaining({ code: 'EC-ICT-ICT-1C', valueBefore: 40, valueAfter: 100 }));
    expect(kpi.pointsAfter).toBeGreaterThan(kpi.pointsBefore);
    const category = res.body.changes.categories[0];
    expect(category.percentAfter).toBeGreaterThan(category.percentBefore);
    const dimension = res.body.changes.dimensions.find((d: { name: string }) => d.name === 'Economy');
    expect(dimension.percentAfter).toBeGreaterThan(dimension.percentBefore);

    const dropped = await post({ title: 'Abandoned idea', kpiCodes: ['EC-ICT-ICT-2C'], expectedValues: { 'EC-ICT-ICT-2C': 100 }, budget: 0, requiresProcurement: false, status: 'planned' });
    expect(dropped.status).toBe(201);
    const drop = await server.http.patch(`/api/engagements/${id}/actions/${dropped.body.id}`).set(auth(manager.token)).send({ status: 'dropped' });
    expect(drop.status).toBe(200);
    expect((await simulate({})).body.actions).toEqual([action.body.id]);
    const naming = await simulate({ actionIds: [dropped.body.id] });
    expect(naming.status).toBe(400);
    expect(naming.body.details[0].field).toBe('actionIds');
  });
});
