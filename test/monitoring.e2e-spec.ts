import { randomUUID } from 'node:crypto';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { type Cast, castOf, engagementWith, engagementOf, passGate, sendEvent, settleCoreKpis, settleTasks } from './support/roadmap-steps';

/** An action of the plan, in progress since 2021, targeting these KPIs (as the manager enters it). */
async function insertAction(server: TestServer, engagementId: string, title: string, endDate: string, targets: { code: string; dataPoint?: string; expectedValue: number }[]): Promise<string> {
  const managerId = (await server.http.get(`/api/engagements/${engagementId}`).set(auth(server.adminToken))).body.managerId as string;
  const keys = targets.map((t) => (t.dataPoint ? `${t.code}/${t.dataPoint}` : t.code));
  const res = await server.http
    .post(`/api/engagements/${engagementId}/actions`)
    .set(auth(server.adminToken))
    .send({
      title,
      kpiCodes: keys,
      expectedValues: Object.fromEntries(keys.map((k, n) => [k, targets[n].expectedValue])),
      budget: 1000,
      ownerId: managerId,
      startDate: '2021-01-01',
      endDate,
      requiresProcurement: false,
      status: 'in_progress',
    });
  if (res.status !== 201) throw new Error(`creating action failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

describe('monitoring: KPI measurements as a time series, and progress toward the targets', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;

  const measure = (body: Record<string, unknown>, token = cast.contributor.token) =>
    server.http.post(`/api/engagements/${id}/measurements`).set(auth(token)).send(body);

  /** A verified value of reference year 2020: the baseline, dated 2020-12-31. */
  const verifiedBaseline = async (code: string, value: number) => {
    const put = await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(cast.contributor.token)).send({ value, year: 2020, source: 'Statistics office' });
    expect(put.status).toBe(200);
    const verified = await server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' });
    expect(verified.status).toBe(200);
  };

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Monitoring City');
    await verifiedBaseline('EC-ICT-ICT-1C', 50);
    await verifiedBaseline('EC-ICT-ICT-2C', 50);
    await verifiedBaseline('EC-P-EM-1C', 20);
    await verifiedBaseline('EC-ICT-WS-1C', 60);
    await verifiedBaseline('EC-ICT-T-2C', 50);
  });
  afterAll(() => server.stop());

  it('records measurements (201) and lists them newest first; a KPI no action targets is accepted and marked untargeted', async () => {
    const first = await measure({ code: 'EC-ICT-T-1C', value: 40, date: '2022-06-30', source: 'Regulator report' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual(
      expect.objectContaining({ code: 'EC-ICT-T-1C', dataPoint: null, value: 40, date: '2022-06-30', source: 'Regulator report', targeted: false, engagementVersion: expect.any(Number) }),
    );
    expect((await measure({ code: 'EC-ICT-T-1C', value: 45, date: '2023-06-30', source: 'Regulator report' })).status).toBe(201);
    const list = await server.http.get(`/api/engagements/${id}/measurements?code=EC-ICT-T-1C`).set(auth(cast.council.token));
    expect(list.status).toBe(200);
    expect(list.body.map((m: { date: string }) => m.date)).toEqual(['2023-06-30', '2022-06-30']);
    expect(list.body.every((m: { targeted: boolean }) => m.targeted === false)).toBe(true);
    const history = await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token));
    expect(history.body.some((h: { type: string; payload: { code?: string } }) => h.type === 'MEASUREMENT_RECORDED' && h.payload.code === 'EC-ICT-T-1C')).toBe(true);
  });

  it('takes dataPoint: null as no data point, as the other KPI routes do (a client may send back what it read)', async () => {
    const single = await measure({ code: 'EC-ICT-D-1A', dataPoint: null, value: 41, date: '2022-09-30', source: 'Regulator report' });
    expect(single.status).toBe(201);
    expect(single.body).toEqual(expect.objectContaining({ code: 'EC-ICT-D-1A', dataPoint: null, value: 41 }));
    const points = await measure({ code: 'EN-EN-AQ-1C', dataPoint: null, value: 12, date: '2022-09-30', source: 'Air station' });
    expect(points.status).toBe(400);
    expectErrorShape(points.body, 400, 'VALIDATION_FAILED');
    expect(points.body.details.map((d: { field: string }) => d.field)).toEqual(['dataPoint']);
  });

  it('deletes a wrong measurement (204), recorded in the history', async () => {
    const wrong = await measure({ code: 'EC-ICT-T-1C', value: 4, date: '2023-07-01', source: 'Typo' });
    expect(wrong.status).toBe(201);
    const { version } = await engagementOf(server, id, cast.manager.token);
    const del = await server.http.delete(`/api/engagements/${id}/measurements/${wrong.body.id}?expectedVersion=${version}`).set(auth(cast.coordinator.token));
    expect(del.status).toBe(204);
    const list = await server.http.get(`/api/engagements/${id}/measurements`).set(auth(cast.manager.token));
    expect(list.body.some((m: { id: string }) => m.id === wrong.body.id)).toBe(false);
    const history = await server.http.get(`/api/engagements/${id}/history`).set(auth(cast.manager.token));
    expect(history.body.some((h: { type: string; payload: { measurementId?: string } }) => h.type === 'MEASUREMENT_DELETED' && h.payload.measurementId === wrong.body.id)).toBe(true);
    expect((await server.http.delete(`/api/engagements/${id}/measurements/${randomUUID()}`).set(auth(cast.coordinator.token))).status).toBe(404);
  });

  it.each([
    ['an unknown KPI', { code: 'XX-NOPE-1C', value: 1, date: '2022-01-01', source: 's' }, 'code'],
    ['an unknown data point', { code: 'EC-ICT-T-1C', dataPoint: 'nope', value: 1, date: '2022-01-01', source: 's' }, 'dataPoint'],
    ['a value outside the possible range', { code: 'EC-ICT-T-1C', value: 150, date: '2022-01-01', source: 's' }, 'value'],
    ['a value that is not a number', { code: 'EC-ICT-T-1C', value: 'lots', date: '2022-01-01', source: 's' }, 'value'],
    ['a date that is not a date', { code: 'EC-ICT-T-1C', value: 1, date: '2022-02-30', source: 's' }, 'date'],
    ['a date in the future', { code: 'EC-ICT-T-1C', value: 1, date: `${new Date().getUTCFullYear() + 1}-01-01`, source: 's' }, 'date'],
    ['a date before the baseline', { code: 'EC-ICT-ICT-1C', value: 55, date: '2019-06-30', source: 's' }, 'date'],
    ['a date on the baseline date', { code: 'EC-ICT-ICT-1C', value: 55, date: '2020-12-31', source: 's' }, 'date'],
    ['no source', { code: 'EC-ICT-T-1C', value: 1, date: '2022-01-01' }, 'source'],
  ])('refuses %s in the shared shape, naming the field, and writes nothing', async (_what, body, field) => {
    const before = await engagementOf(server, id, cast.manager.token);
    const res = await measure(body);
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await engagementOf(server, id, cast.manager.token)).version).toBe(before.version);
  });

  it('refuses a non-finite value (1e400 is Infinity in JSON)', async () => {
    const res = await server.http
      .post(`/api/engagements/${id}/measurements`)
      .set({ ...auth(cast.contributor.token), 'Content-Type': 'application/json' })
      .send('{"code":"EC-ICT-T-1C","value":1e400,"date":"2022-01-01","source":"s"}');
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('value');
  });

  it('refuses a verifier (verification stays independent) and an observer', async () => {
    const body = { code: 'EC-ICT-T-1C', value: 1, date: '2022-01-01', source: 's' };
    expect((await measure(body, cast.verifier.token)).status).toBe(403);
    expect((await measure(body, cast.council.token)).status).toBe(403);
  });

  it('computes the Open SDG status per targeted KPI over HTTP, with its inputs; untargeted ones flagged', async () => {
    await insertAction(server, id, 'Broadband for every household', '2030-12-31', [
      { code: 'EC-ICT-ICT-1C', expectedValue: 100 },
      { code: 'EC-ICT-ICT-2C', expectedValue: 100 },
      { code: 'EC-ICT-WS-1C', expectedValue: 100 },
      { code: 'EC-ICT-T-2C', expectedValue: 100 },
    ]);
    await insertAction(server, id, 'Youth employment programme', '2030-12-31', [{ code: 'EC-P-EM-1C', expectedValue: 5 }]);
    // Baselines 2020-12-31, target date 2030-12-31, latest 2024-12-31 (4 years).
    // EC-ICT-T-2C: 50 → 61 in 4 years is about 5 % a year, where 100 by 2030 needs about 7.2 %: ratio ≈ 0.7.
    for (const [code, value] of [['EC-ICT-ICT-1C', 68], ['EC-ICT-ICT-2C', 45], ['EC-P-EM-1C', 19], ['EC-ICT-WS-1C', 100], ['EC-ICT-T-2C', 61]] as const) {
      const res = await measure({ code, value, date: '2024-12-31', source: 'Annual survey' });
      expect(res.status).toBe(201);
      expect(res.body.targeted).toBe(true);
    }
    const res = await server.http.get(`/api/engagements/${id}/monitoring`).set(auth(cast.council.token));
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((i: { code: string }) => [i.code, i]));
    expect(byCode['EC-ICT-ICT-1C']).toEqual(
      expect.objectContaining({
        targeted: true,
        baseline: { value: 50, date: '2020-12-31', source: 'assessment' },
        latest: expect.objectContaining({ value: 68, date: '2024-12-31' }),
        target: 100,
        targetDate: '2030-12-31',
        status: 'on_track',
        progress: 0.36,
        projectedYear: expect.any(Number),
      }),
    );
    expect(byCode['EC-ICT-ICT-1C'].inputs).toEqual(
      expect.objectContaining({ years: 4, cagrObserved: expect.any(Number), cagrRequired: expect.any(Number), ratio: expect.any(Number), thresholds: { onTrack: 0.95, needsAcceleration: 0.6, limitedProgress: 0 } }),
    );
    expect(byCode['EC-ICT-ICT-2C'].status).toBe('deterioration');
    expect(byCode['EC-P-EM-1C'].status).toBe('limited_progress');
    expect(byCode['EC-P-EM-1C'].inputs.cagrRequired).toBeLessThan(0);
    expect(byCode['EC-ICT-WS-1C'].status).toBe('target_reached');
    expect(byCode['EC-ICT-T-2C'].status).toBe('needs_acceleration');
    expect(byCode['EC-ICT-T-2C'].inputs.ratio).toBeGreaterThan(0.6);
    expect(byCode['EC-ICT-T-2C'].inputs.ratio).toBeLessThan(0.95);
    expect(byCode['EC-ICT-T-1C']).toEqual(expect.objectContaining({ targeted: false, actionIds: [], status: 'insufficient_data' }));
    expect(byCode['EC-ICT-T-1C'].series.map((p: { date: string }) => p.date)).toEqual(['2022-06-30', '2023-06-30']);
  });
});

describe('the Implementation gate: the QA done and every targeted KPI measured after its baseline', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Implementation City');
    await settleCoreKpis(server, id, cast);
    for (const stage of ['assessment', 'design', 'financing']) await passGate(server, id, cast, stage);
  });
  afterAll(() => server.stop());

  it('refuses, naming the QA task, the KPI and the action; then passes once both hold', async () => {
    expect((await engagementOf(server, id, cast.manager.token)).stage).toBe('implementation');
    await insertAction(server, id, 'Smart water meters', '2029-12-31', [{ code: 'EC-I-WS-1C', expectedValue: 100 }]);

    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    expectErrorShape(refused.body, 409, 'TRANSITION_REFUSED');
    const conditions = refused.body.unmet.map((u: { condition: string }) => u.condition);
    expect(conditions).toEqual(expect.arrayContaining(['task:implementation-plan-qa:not-done', 'kpi:EC-I-WS-1C:not-monitored']));
    const monitored = refused.body.unmet.find((u: { condition: string }) => u.condition === 'kpi:EC-I-WS-1C:not-monitored');
    expect(monitored.message).toContain('EC-I-WS-1C');
    expect(monitored.message).toContain('"Smart water meters"');

    await settleTasks(server, id, cast, 'implementation');
    const stillRefused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(stillRefused.status).toBe(409);
    expect(stillRefused.body.unmet.map((u: { condition: string }) => u.condition)).toEqual(['kpi:EC-I-WS-1C:not-monitored']);

    const m = await server.http
      .post(`/api/engagements/${id}/measurements`)
      .set(auth(cast.contributor.token))
      .send({ code: 'EC-I-WS-1C', value: 80, date: new Date().toISOString().slice(0, 10), source: 'Utility meter readings' });
    expect(m.status).toBe(201);
    const submitted = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(submitted.status).toBe(200);

    // In review, the measurements the gate decides on are frozen.
    const frozen = await server.http
      .post(`/api/engagements/${id}/measurements`)
      .set(auth(cast.contributor.token))
      .send({ code: 'EC-I-WS-1C', value: 81, date: new Date().toISOString().slice(0, 10), source: 'Utility meter readings' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('IN_REVIEW');
  });
});
