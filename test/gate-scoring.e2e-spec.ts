import { auth, TestServer } from './support/harness';
import { Cast, castOf, decide, engagementOf, engagementWith, sendEvent, settleTasks } from './support/roadmap-steps';

type ScoreRow = { code: string; dataPoint: string | null; value: number | null; band: string; progress: number | null };
type Frozen = { kpis: ScoreRow[]; dimensions: { name: string; percent: number | null }[]; inputs: { catalogueEdition: string; values: unknown[] } };
type GateRow = { stage: string; status: string; scorecard: Frozen; scorecardAtSubmission: Frozen; scorecardAtDecision: Frozen | null };

/**
 * Scoring is invoked at every gate: the Assessment gate refuses until every core KPI is verified or
 * marked not available, and the scorecard each decision was made on stays on the gate record.
 */
describe('the Assessment gate and its frozen scorecard', () => {
  let server: TestServer;
  let cast: Cast;
  let id: string;
  const row = (card: Frozen, code: string) => card.kpis.find((k) => k.code === code && k.dataPoint === null)!;

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    id = await engagementWith(server, cast, 'Scored City');
    await settleTasks(server, id, cast, 'assessment');
  });
  afterAll(() => server.stop());

  it('refuses the gate until every core KPI is settled, naming the KPIs still missing', async () => {
    const csv = ['code,dataPoint,value,year,source', 'EC-ICT-ICT-1C,,50,2025,National statistics', 'EC-ICT-ICT-2C,,40,2025,Regulator'].join('\n');
    const imported = await server.http.post(`/api/engagements/${id}/kpi-values/import`).set(auth(cast.contributor.token)).set('Content-Type', 'text/csv').send(csv);
    expect(imported.status).toBe(200);

    const refused = await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' });
    expect(refused.status).toBe(409);
    const conditions: string[] = refused.body.unmet.map((u: { condition: string }) => u.condition);
    expect(conditions).toContain('kpi:EC-ICT-ICT-1C:not-settled'); // submitted, not verified yet
    expect(conditions).toContain('kpi:EN-EN-AQ-1C:pm10:not-settled'); // each data point counts
    const message = refused.body.unmet.find((u: { condition: string }) => u.condition === 'kpi:EC-ICT-ICT-1C:not-settled').message;
    expect(message).toMatch(/Household Internet Access.*not verified/);

    for (const code of ['EC-ICT-ICT-1C', 'EC-ICT-ICT-2C']) {
      const verified = await server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified' });
      expect(verified.status).toBe(200);
    }
    const core = (await server.http.get('/api/kpis?type=core').set(auth(cast.contributor.token))).body as { code: string }[];
    for (const kpi of core.filter((k) => !['EC-ICT-ICT-1C', 'EC-ICT-ICT-2C'].includes(k.code))) {
      const res = await server.http.put(`/api/engagements/${id}/kpi-values/${kpi.code}`).set(auth(cast.contributor.token)).send({ notAvailable: true, reason: 'Not collected this cycle' });
      expect(res.status).toBe(200);
    }
    expect((await engagementOf(server, id, cast.coordinator.token)).allowedEvents).toContain('SUBMIT_FOR_REVIEW');
  });

  it('freezes the scorecard with its inputs at submission and at the deciding approval', async () => {
    expect((await sendEvent(server, id, cast.coordinator.token, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
    let [gate] = (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body as GateRow[];
    // Household Internet Access: 50 % against a target of 100 % from 0 → progress 0.5, "between one and two thirds".
    expect(row(gate.scorecardAtSubmission, 'EC-ICT-ICT-1C')).toEqual(expect.objectContaining({ value: 50, progress: 0.5, band: 'one_to_two_thirds' }));
    expect(gate.scorecardAtSubmission.inputs.catalogueEdition).toBe('2022');
    expect(gate.scorecardAtDecision).toBeNull();
    expect(gate.scorecard).toEqual(gate.scorecardAtSubmission);

    for (const person of [cast.council, cast.partner, cast.manager]) expect((await decide(server, id, person.token, 'approve')).status).toBe(200);
    [gate] = (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body as GateRow[];
    expect(gate.status).toBe('approved');
    expect(row(gate.scorecardAtDecision!, 'EC-ICT-ICT-1C').band).toBe('one_to_two_thirds');
    expect(gate.scorecard).toEqual(gate.scorecardAtDecision);
  });

  it('keeps the numbers a decision was made on when the data changes afterwards', async () => {
    const override = await server.http
      .put(`/api/engagements/${id}/targets/EC-ICT-ICT-1C`)
      .set(auth(cast.manager.token))
      .send({ target: 60, justification: 'National broadband plan sets 60 % by 2027' });
    expect(override.status).toBe(200);
    const live = (await server.http.get(`/api/engagements/${id}/scorecard`).set(auth(cast.manager.token))).body as Frozen;
    // 50 / 60 → 0.83: "more than two thirds" now.
    expect(row(live, 'EC-ICT-ICT-1C').band).toBe('above_two_thirds');
    const [gate] = (await server.http.get(`/api/engagements/${id}/gates`).set(auth(cast.manager.token))).body as GateRow[];
    expect(row(gate.scorecard, 'EC-ICT-ICT-1C').band).toBe('one_to_two_thirds');
  });
});
