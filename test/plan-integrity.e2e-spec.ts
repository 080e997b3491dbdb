import { auth, expectErrorShape, TestServer } from './support/harness';
import { Cast, castOf, engagementWith } from './support/roadmap-steps';

/**
 * What a hostile review of the plan, the financing and the monitoring found, kept found: money
 * written with an exponent, references to a dropped action, a closed project rewritten, verified
 * evidence deleted.
 */
describe('plan, financing and monitoring integrity', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  const url = (path: string) => `/api/engagements/${id}${path}`;
  const post = (path: string, body: Record<string, unknown>, token = cast.manager.token) => server.http.post(url(path)).set(auth(token)).send(body);
  const patch = (path: string, body: Record<string, unknown>, token = cast.manager.token) => server.http.patch(url(path)).set(auth(token)).send(body);
  const action = (title: string, budget: unknown) =>
    post('/actions', { title, kpiCodes: ['EC-ICT-ICT-2C'], expectedValues: { 'EC-ICT-ICT-2C': 90 }, budget, requiresProcurement: false });

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Integrity City');
  });
  afterAll(() => server.stop());

  it('answers money written with an exponent with a 400, never a 500', async () => {
    for (const budget of [1e-7, 1e-9, 0.001, 1e21]) {
      const res = await action('Tiny', budget);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('budget');
    }
    expect((await action('Round', 1e3)).status).toBe(201);
  });

  it('refuses new procurement or financing for a dropped action, and keeps a closed project as it was', async () => {
    const dropped = await action('Abandoned', 100);
    expect((await patch(`/actions/${dropped.body.id}`, { status: 'dropped' })).status).toBe(200);
    const item = await post('/procurement-items', { actionId: dropped.body.id, title: 'Tender', method: 'open_tender', estimatedCost: 10 });
    expect(item.status).toBe(400);
    expect(item.body.details[0]).toEqual(expect.objectContaining({ field: 'actionId', rule: 'notDropped' }));
    const project = await post('/investment-projects', { title: 'Fund', actionIds: [dropped.body.id], amount: 50, fundingSource: 'city_fund', published: false });
    expect(project.status).toBe(400);
    expect(project.body.details[0]).toEqual(expect.objectContaining({ field: 'actionIds', rule: 'notDropped' }));

    const live = await action('Live', 100);
    const funded = await post('/investment-projects', { title: 'City fund', actionIds: [live.body.id], amount: 100, fundingSource: 'city_fund', published: false, status: 'funded' });
    expect(funded.status).toBe(201);
    expect((await patch(`/investment-projects/${funded.body.id}`, { status: 'closed' })).status).toBe(200);
    const rewrite = await patch(`/investment-projects/${funded.body.id}`, { amount: 70 });
    expect(rewrite.status).toBe(409);
    expectErrorShape(rewrite.body, 409, 'PROJECT_CLOSED');
    const plan = (await server.http.get(url('/financing')).set(auth(cast.manager.token))).body as { actions: { actionId: string; covered: number }[] };
    expect(plan.actions.find((a) => a.actionId === live.body.id)?.covered).toBe(100);
  });

  it('keeps a measurement a verifier decided: it is evidence, not deleted', async () => {
    const recorded = await post('/measurements', { code: 'EC-ICT-ICT-2C', value: 75, date: '2024-06-30', source: 'Regulator' }, cast.contributor.token);
    expect(recorded.status).toBe(201);
    expect((await post(`/measurements/${recorded.body.id}/verification`, { decision: 'verified' }, cast.verifier.token)).status).toBe(200);
    const deleted = await server.http.delete(url(`/measurements/${recorded.body.id}`)).set(auth(cast.coordinator.token));
    expect(deleted.status).toBe(409);
    expectErrorShape(deleted.body, 409, 'MEASUREMENT_DECIDED');
  });
});
