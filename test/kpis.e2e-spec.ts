import { auth, expectErrorShape, TestServer } from './support/harness';
import { ScorecardService } from '../src/scoring/scorecard.service';
import { coreKpisSettled } from '../src/kpis/core-kpis-settled';

type Person = { id: string; email: string; token: string };
type Row = Record<string, unknown>;

/** One engagement with its people: the manager opened it; the others are members in their roles. */
interface Setup {
  id: string;
  manager: Person;
  contributor: Person;
  coordinator: Person;
  verifier: Person;
  observer: Person;
}

describe('KPIs, values, verification, targets and scoring', () => {
  let server: TestServer;
  let manager: Person;
  let contributor: Person;
  let coordinator: Person;
  let verifier: Person;
  let observer: Person;
  let outsider: Person;
  let cityId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    contributor = await server.person('member', 'Dana Contributor');
    coordinator = await server.person('member', 'Cory Coordinator');
    verifier = await server.person('member', 'Vera Verifier');
    observer = await server.person('member', 'Otto Observer');
    outsider = await server.person('member', 'Olga Outsider');
    cityId = await server.city(manager.token, 'Kpiville');
  });
  afterAll(() => server.stop());

  async function engagement(): Promise<Setup> {
    const { id } = await server.engagement(manager.token, cityId);
    await server.member(manager.token, id, contributor.id, 'data_contributor');
    await server.member(manager.token, id, coordinator.id, 'city_coordinator');
    await server.member(manager.token, id, verifier.id, 'verifier');
    await server.member(manager.token, id, observer.id, 'observer');
    return { id, manager, contributor, coordinator, verifier, observer };
  }

  const put = (id: string, code: string, token: string, body: Row) =>
    server.http.put(`/api/engagements/${id}/kpi-values/${encodeURIComponent(code)}`).set(auth(token)).send(body);
  const decide = (id: string, code: string, token: string, body: Row) =>
    server.http.post(`/api/engagements/${id}/kpi-values/${code}/verification`).set(auth(token)).send(body);
  const importCsv = (id: string, token: string, csv: string, type = 'text/csv') =>
    server.http.post(`/api/engagements/${id}/kpi-values/import`).set(auth(token)).set('Content-Type', type).send(csv);
  const values = async (id: string, token = manager.token): Promise<Row[]> => {
    const res = await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(token));
    expect(res.status).toBe(200);
    return res.body as Row[];
  };
  const scorecard = async (id: string) => {
    const res = await server.http.get(`/api/engagements/${id}/scorecard`).set(auth(manager.token));
    expect(res.status).toBe(200);
    return res.body as {
      kpis: Row[];
      categories: Row[];
      subdimensions: Row[];
      dimensions: Row[];
      sdgs: Row[];
      completeness: { core: Row; advanced: Row };
    };
  };
  const value = (v: number, extra: Row = {}) => ({ value: v, year: 2024, source: 'Municipal statistics', ...extra });

  describe('the catalogue', () => {
    it('lists the 91 KPIs of the 2022 edition in the API shape, to any signed-in user', async () => {
      const res = await server.http.get('/api/kpis').set(auth(outsider.token));
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(91);
      expect(res.body.filter((k: Row) => k.type === 'core')).toHaveLength(54);
      expect(res.body[0]).toEqual(
        expect.objectContaining({
          code: 'EC-ICT-ICT-1C',
          officialCode: 'EC: ICT: ICT: 1C',
          name: 'Household Internet Access',
          dimension: 'Economy',
          subdimension: 'ICT',
          category: 'ICT Infrastructure',
          type: 'core',
          unit: 'Percentage',
          direction: 'higher',
          sdgs: [17],
          dataPoints: [],
          target: 100,
          start: 0,
          targetSource: expect.any(String),
          definition: expect.any(String),
          edition: '2022',
        }),
      );
      const air = res.body.find((k: Row) => k.code === 'EN-EN-AQ-1C');
      expect(air.dataPoints.map((d: Row) => d.key)).toEqual(['pm10', 'pm2-5', 'no2', 'so2', 'o3']);
      expect(air.dataPoints[0]).toEqual(expect.objectContaining({ key: 'pm10', label: 'PM10', target: 15, start: 70, targetSource: expect.any(String) }));

      const unauthenticated = await server.http.get('/api/kpis');
      expect(unauthenticated.status).toBe(401);
    });

    it('filters by dimension, sub-dimension, category, type and SDG, and refuses unknown filter values', async () => {
      const get = (query: string) => server.http.get(`/api/kpis?${query}`).set(auth(outsider.token));
      const core = await get('dimension=economy&type=core');
      expect(core.status).toBe(200);
      expect(core.body.length).toBeGreaterThan(0);
      expect(core.body.every((k: Row) => k.dimension === 'Economy' && k.type === 'core')).toBe(true);
      const ict = await get(`category=${encodeURIComponent('ICT Infrastructure')}&subdimension=ICT`);
      expect(ict.body.map((k: Row) => k.code)).toEqual(['EC-ICT-ICT-1C', 'EC-ICT-ICT-2C', 'EC-ICT-ICT-3C', 'EC-ICT-ICT-4C', 'EC-ICT-ICT-5A']);
      const water = await get('sdg=6');
      expect(water.body.length).toBeGreaterThan(0);
      expect(water.body.every((k: { sdgs: number[] }) => k.sdgs.includes(6))).toBe(true);

      for (const [query, field] of [
        ['sdg=99', 'sdg'],
        ['sdg=abc', 'sdg'],
        ['type=basic', 'type'],
        ['dimension=Nowhere', 'dimension'],
        ['category=Space', 'category'],
        ['colour=red', 'colour'],
      ]) {
        const res = await get(query);
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: Row) => d.field)).toEqual([field]);
      }
    });

    it('serves one KPI by URL-safe or official code, and 404 for an unknown one', async () => {
      const one = await server.http.get('/api/kpis/EC-ICT-ICT-4C').set(auth(outsider.token));
      expect(one.status).toBe(200);
      expect(one.body.dataPoints.map((d: Row) => d.key)).toEqual(['3g', '4g']);
      const official = await server.http.get(`/api/kpis/${encodeURIComponent('EC: ICT: ICT: 1C')}`).set(auth(outsider.token));
      expect(official.body.code).toBe('EC-ICT-ICT-1C');
      const unknown = await server.http.get('/api/kpis/XX-NOPE-1C').set(auth(outsider.token));
      expect(unknown.status).toBe(404);
      expectErrorShape(unknown.body, 404, 'NOT_FOUND');
    });

    it('keeps the edition in the database, as loaded by its migration', async () => {
      const editions = await server.dataSource.query('SELECT edition, is_current FROM kpi_catalogue_edition');
      expect(editions).toEqual([{ edition: '2022', is_current: true }]);
      const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM kpi WHERE edition = '2022'`);
      expect(count).toBe(91);
    });
  });

  describe('values', () => {
    let e: Setup;
    beforeAll(async () => (e = await engagement()));

    it('refuses bad values in the shared error shape, naming the field, and writes nothing', async () => {
      const cases: [string, Row, string][] = [
        ['EC-ICT-ICT-1C', value(0, { value: 'abc' }), 'value'],
        ['EC-ICT-ICT-1C', value(120), 'value'],
        ['EC-ICT-ICT-1C', value(-1), 'value'],
        ['EC-ICT-ICT-4C', value(80), 'dataPoint'],
        ['EC-ICT-ICT-4C', value(80, { dataPoint: '5g' }), 'dataPoint'],
        ['EC-ICT-ICT-1C', value(80, { dataPoint: '3g' }), 'dataPoint'],
        ['EC-ICT-ICT-1C', value(80, { year: 1800 }), 'year'],
        ['EC-ICT-ICT-1C', value(80, { year: 2024.5 }), 'year'],
        ['EC-ICT-ICT-1C', value(80, { year: new Date().getUTCFullYear() + 1 }), 'year'],
        ['EC-ICT-ICT-1C', value(80, { source: '  ' }), 'source'],
        ['EC-ICT-ICT-1C', value(80, { evidenceUrl: 'not a url' }), 'evidenceUrl'],
        ['EC-ICT-ICT-1C', value(80, { dataQuality: 'excellent' }), 'dataQuality'],
        ['EC-ICT-ICT-1C', value(80, { colour: 'red' }), 'colour'],
        ['EC-ICT-ICT-1C', { notAvailable: true }, 'reason'],
        ['EC-ICT-ICT-1C', { notAvailable: true, reason: 'not collected', value: 3 }, 'value'],
      ];
      for (const [code, body, field] of cases) {
        const res = await put(e.id, code, contributor.token, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
        expect({ body, fields: res.body.details.map((d: Row) => d.field) }).toEqual({ body, fields: [field] });
      }
      const range = await put(e.id, 'EC-ICT-ICT-1C', contributor.token, value(120));
      expect(range.body.details[0].message).toBe('value must be between 0 and 100 (Percentage)');

      const unknown = await put(e.id, 'XX-NOPE-1C', contributor.token, value(1));
      expect(unknown.status).toBe(404);
      expectErrorShape(unknown.body, 404, 'NOT_FOUND');

      expect(await values(e.id)).toEqual([]);
    });

    it('records a value as submitted, with its quality, source and evidence', async () => {
      const res = await put(e.id, 'EC-ICT-ICT-1C', contributor.token, {
        value: 87.5,
        year: 2024,
        source: 'Statistics Norway',
        dataQuality: 'survey_extrapolation',
        evidenceUrl: 'https://www.ssb.no/en/statbank/table/12345',
        notes: 'households with access / all households',
        dataOrigin: 'National statistics office',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          code: 'EC-ICT-ICT-1C',
          dataPoint: null,
          status: 'submitted',
          value: 87.5,
          year: 2024,
          source: 'Statistics Norway',
          dataQuality: 'survey_extrapolation',
          evidenceUrl: 'https://www.ssb.no/en/statbank/table/12345',
          submittedBy: contributor.id,
          engagementVersion: expect.any(Number),
        }),
      );
      const official = await put(e.id, 'EC: ICT: ICT: 4C', coordinator.token, value(95, { dataPoint: '4g' }));
      expect(official.status).toBe(200);
      expect(official.body).toEqual(expect.objectContaining({ code: 'EC-ICT-ICT-4C', dataPoint: '4g', status: 'submitted' }));

      const listed = await values(e.id, observer.token);
      expect(listed.map((v) => [v.code, v.dataPoint, v.status])).toEqual([
        ['EC-ICT-ICT-1C', null, 'submitted'],
        ['EC-ICT-ICT-4C', '4g', 'submitted'],
      ]);
      expect(listed[0].history).toEqual([
        expect.objectContaining({ type: 'KPI_VALUE_SUBMITTED', actorId: contributor.id, payload: expect.objectContaining({ value: 87.5, toStatus: 'submitted', via: 'api' }) }),
      ]);
    });

    it('takes null for the optional texts (evidence, notes, data origin) as none, as it takes blank ones', async () => {
      const own = await engagement();
      const res = await put(own.id, 'EC-ICT-ICT-1C', contributor.token, value(60, { evidenceUrl: null, notes: null, dataOrigin: null, dataQuality: null }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ value: 60, status: 'submitted', evidenceUrl: null, notes: null, dataOrigin: null, dataQuality: null }));
    });

    it('marks a KPI not available with a reason', async () => {
      const res = await put(e.id, 'EC-ICT-ICT-4C', contributor.token, { dataPoint: '3g', notAvailable: true, reason: '3G switched off in 2023' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ dataPoint: '3g', status: 'not_available', value: null, notAvailableReason: '3G switched off in 2023' }));

      // Without a data point, a KPI with data points is not available as a whole: every data point.
      const whole = await put(e.id, 'EN-EN-AQ-1C', contributor.token, { notAvailable: true, reason: 'No monitoring station' });
      expect(whole.status).toBe(200);
      expect(whole.body.engagementVersion).toEqual(expect.any(Number));
      expect(whole.body.values.map((v: Row) => [v.dataPoint, v.status, v.notAvailableReason])).toEqual(
        ['pm10', 'pm2-5', 'no2', 'so2', 'o3'].map((dp) => [dp, 'not_available', 'No monitoring station']),
      );
      const wrongPoint = await put(e.id, 'EN-EN-AQ-1C', contributor.token, { notAvailable: true, reason: 'x', dataPoint: 'pm1' });
      expect(wrongPoint.status).toBe(400);
      expect(wrongPoint.body.details.map((d: Row) => d.field)).toEqual(['dataPoint']);
    });

    it('lets only the city side, the manager and programme staff submit; never a verifier', async () => {
      for (const token of [verifier.token, observer.token]) {
        const res = await put(e.id, 'EC-ICT-ICT-2C', token, value(30));
        expect(res.status).toBe(403);
        expectErrorShape(res.body, 403, 'FORBIDDEN');
      }
      expect((await put(e.id, 'EC-ICT-ICT-2C', manager.token, value(30))).status).toBe(200);
      expect((await put(e.id, 'EC-ICT-ICT-2C', server.adminToken, value(31))).status).toBe(200);

      // A verifier cannot even be made a data contributor of the same engagement: independence.
      const both = await server.http.post(`/api/engagements/${e.id}/members`).set(auth(manager.token)).send({ userId: verifier.id, role: 'data_contributor' });
      expect(both.status).toBe(409);
      expectErrorShape(both.body, 409, 'ROLE_CONFLICT');
      expect(both.body.message).toContain('independent');
      expect((await put(e.id, 'EC-ICT-ICT-2C', verifier.token, value(32))).status).toBe(403);
    });

    it('refuses a stale expectedVersion with 409 STALE_VERSION', async () => {
      const current = (await server.http.get(`/api/engagements/${e.id}`).set(auth(manager.token))).body.version as number;
      const ok = await put(e.id, 'EC-ICT-ICT-2C', contributor.token, value(33, { expectedVersion: current }));
      expect(ok.status).toBe(200);
      expect(ok.body.engagementVersion).toBe(current + 1);
      const stale = await put(e.id, 'EC-ICT-ICT-2C', contributor.token, value(34, { expectedVersion: current }));
      expect(stale.status).toBe(409);
      expectErrorShape(stale.body, 409, 'STALE_VERSION');
      expect(stale.body.currentVersion).toBe(current + 1);
    });

    it('writes parallel submissions without losing one', async () => {
      const codes = ['EC-ICT-WS-1C', 'EC-ICT-WS-2A', 'EC-ICT-D-1A', 'EC-ICT-ES-1C', 'EC-ICT-ES-2A', 'EC-ICT-ES-3A', 'EC-ICT-T-1C', 'EC-ICT-T-2C'];
      const before = (await server.http.get(`/api/engagements/${e.id}`).set(auth(manager.token))).body.version as number;
      const results = await Promise.all(codes.map((code, i) => put(e.id, code, contributor.token, value(10 + i))));
      expect(results.map((r) => r.status)).toEqual(codes.map(() => 200));
      expect(new Set(results.map((r) => r.body.engagementVersion)).size).toBe(codes.length);
      const after = (await server.http.get(`/api/engagements/${e.id}`).set(auth(manager.token))).body.version as number;
      expect(after).toBe(before + codes.length);
      const listed = await values(e.id);
      for (const [i, code] of codes.entries()) expect(listed.find((v) => v.code === code)?.value).toBe(10 + i);
    });

    it('records every change in the engagement history too', async () => {
      const res = await server.http.get(`/api/engagements/${e.id}/history`).set(auth(manager.token));
      expect(res.status).toBe(200);
      const types = res.body.map((h: Row) => h.type);
      expect(types).toContain('KPI_VALUE_SUBMITTED');
      expect(types).toContain('KPI_VALUE_NOT_AVAILABLE');
    });
  });

  describe('CSV import', () => {
    let e: Setup;
    beforeAll(async () => (e = await engagement()));

    it('refuses a file with a bad row, naming row and column, and writes nothing', async () => {
      const csv =
        'code,dataPoint,value,year,source\n' +
        'EC-ICT-ICT-1C,,80,2024,Statistics Norway\n' +
        'EC-ICT-ICT-2C,,abc,2024,Statistics Norway\n' +
        'EC-ICT-ICT-4C,4g,150,2024,Regulator\n' +
        'EN-EN-AQ-1C,,20,2024,Air monitoring\n';
      const res = await importCsv(e.id, contributor.token, csv);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: Row) => d.field)).toEqual(['row 3: value', 'row 4: value', 'row 5: dataPoint']);
      expect(res.body.message).toContain('nothing was written');
      expect(await values(e.id)).toEqual([]);
      const history = await server.http.get(`/api/engagements/${e.id}/history`).set(auth(manager.token));
      expect(history.body.map((h: Row) => h.type)).not.toContain('KPI_VALUE_SUBMITTED');
    });

    it('refuses an empty file, a wrong header and a wrong content type', async () => {
      const empty = await importCsv(e.id, contributor.token, '');
      expect(empty.status).toBe(400);
      expectErrorShape(empty.body, 400, 'VALIDATION_FAILED');
      const header = await importCsv(e.id, contributor.token, 'code,value\nEC-ICT-ICT-1C,80\n');
      expect(header.status).toBe(400);
      expect(header.body.details[0]).toEqual(expect.objectContaining({ field: 'header', message: expect.stringContaining('missing columns dataPoint, year, source') }));
      const json = await server.http
        .post(`/api/engagements/${e.id}/kpi-values/import`)
        .set(auth(contributor.token))
        .send({ code: 'EC-ICT-ICT-1C', value: 80 });
      expect(json.status).toBe(415);
      expectErrorShape(json.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const plain = await importCsv(e.id, contributor.token, 'code,dataPoint,value,year,source\n', 'text/plain');
      expect(plain.status).toBe(415);
      const refused = await importCsv(e.id, verifier.token, 'code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,80,2024,x\n');
      expect(refused.status).toBe(403);
      expect(await values(e.id)).toEqual([]);
    });

    it('writes every row of a good file in one change, with a result per row', async () => {
      const before = (await server.http.get(`/api/engagements/${e.id}`).set(auth(manager.token))).body.version as number;
      const csv =
        'code,dataPoint,value,year,source,dataQuality,evidenceUrl\n' +
        'EC-ICT-ICT-1C,,80,2024,Statistics Norway,accurate_measurement,https://example.org/ssb\n' +
        '"EC: ICT: ICT: 4C",3g,99.5,2023,"Regulator, coverage map",,\n' +
        'EC-ICT-ICT-4C,4g,97,2023,Regulator,,\n' +
        'EN-EN-AQ-1C,pm2-5,8.2,2024,Air monitoring,accurate_measurement,\n';
      const res = await importCsv(e.id, coordinator.token, csv);
      expect(res.status).toBe(200);
      expect(res.body.imported).toBe(4);
      expect(res.body.engagementVersion).toBe(before + 1);
      expect(res.body.rows.map((r: Row) => [r.row, r.code, r.dataPoint, r.outcome, r.status])).toEqual([
        [2, 'EC-ICT-ICT-1C', null, 'created', 'submitted'],
        [3, 'EC-ICT-ICT-4C', '3g', 'created', 'submitted'],
        [4, 'EC-ICT-ICT-4C', '4g', 'created', 'submitted'],
        [5, 'EN-EN-AQ-1C', 'pm2-5', 'created', 'submitted'],
      ]);
      const listed = await values(e.id);
      expect(listed.map((v) => [v.code, v.dataPoint, v.value, v.status])).toEqual([
        ['EC-ICT-ICT-1C', null, 80, 'submitted'],
        ['EC-ICT-ICT-4C', '3g', 99.5, 'submitted'],
        ['EC-ICT-ICT-4C', '4g', 97, 'submitted'],
        ['EN-EN-AQ-1C', 'pm2-5', 8.2, 'submitted'],
      ]);
      expect(listed[0]).toEqual(expect.objectContaining({ dataQuality: 'accurate_measurement', evidenceUrl: 'https://example.org/ssb', source: 'Statistics Norway' }));
      expect(listed[1].source).toBe('Regulator, coverage map');
      expect(listed[1].history).toEqual([expect.objectContaining({ type: 'KPI_VALUE_SUBMITTED', payload: expect.objectContaining({ via: 'csv', row: 3 }) })]);

      const again = await importCsv(e.id, coordinator.token, 'code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,82,2024,Statistics Norway\n');
      expect(again.body.rows[0].outcome).toBe('updated');
    });
  });

  describe('verification and questions', () => {
    let e: Setup;
    beforeAll(async () => {
      e = await engagement();
      await put(e.id, 'EC-ICT-ICT-1C', contributor.token, value(60));
      await put(e.id, 'EC-ICT-ICT-4C', contributor.token, value(90, { dataPoint: '3g' }));
      await put(e.id, 'EC-ICT-ICT-4C', contributor.token, value(99, { dataPoint: '4g' }));
    });

    it('lets only verifiers decide, not the manager, programme staff or the city', async () => {
      for (const token of [manager.token, server.adminToken, contributor.token, coordinator.token, observer.token]) {
        const res = await decide(e.id, 'EC-ICT-ICT-1C', token, { decision: 'verified' });
        expect(res.status).toBe(403);
        expectErrorShape(res.body, 403, 'FORBIDDEN');
      }
      expect((await values(e.id))[0].status).toBe('submitted');
    });

    it('rejects with a comment only, then the corrected value is verified; every step is kept', async () => {
      const bare = await decide(e.id, 'EC-ICT-ICT-1C', verifier.token, { decision: 'rejected' });
      expect(bare.status).toBe(400);
      expect(bare.body.details.map((d: Row) => d.field)).toEqual(['comment']);
      const bad = await decide(e.id, 'EC-ICT-ICT-1C', verifier.token, { decision: 'maybe' });
      expect(bad.status).toBe(400);

      const rejected = await decide(e.id, 'EC-ICT-ICT-1C', verifier.token, { decision: 'rejected', comment: 'The survey counts people, not households' });
      expect(rejected.status).toBe(200);
      expect(rejected.body.values).toEqual([
        expect.objectContaining({ status: 'rejected', decidedBy: verifier.id, decisionComment: 'The survey counts people, not households' }),
      ]);
      const twice = await decide(e.id, 'EC-ICT-ICT-1C', verifier.token, { decision: 'verified' });
      expect(twice.status).toBe(409);
      expectErrorShape(twice.body, 409, 'VALUE_NOT_SUBMITTED');
      expect(twice.body.message).toContain('EC-ICT-ICT-1C is rejected');

      const corrected = await put(e.id, 'EC-ICT-ICT-1C', contributor.token, value(72, { notes: 'households, from the 2024 survey' }));
      expect(corrected.status).toBe(200);
      expect(corrected.body).toEqual(expect.objectContaining({ status: 'submitted', value: 72, decidedBy: null, decisionComment: null }));
      const verified = await decide(e.id, 'EC-ICT-ICT-1C', verifier.token, { decision: 'verified', comment: 'Matches SSB' });
      expect(verified.status).toBe(200);

      const [v] = await values(e.id);
      expect(v).toEqual(expect.objectContaining({ status: 'verified', value: 72, decidedBy: verifier.id }));
      expect((v.history as Row[]).map((h) => [h.type, (h.payload as Row).value, (h.payload as Row).toStatus])).toEqual([
        ['KPI_VALUE_SUBMITTED', 60, 'submitted'],
        ['KPI_VALUE_REJECTED', 60, 'rejected'],
        ['KPI_VALUE_SUBMITTED', 72, 'submitted'],
        ['KPI_VALUE_VERIFIED', 72, 'verified'],
      ]);
      expect((v.history as Row[])[1].payload).toEqual(expect.objectContaining({ comment: 'The survey counts people, not households', fromStatus: 'submitted' }));

      const list = (query: string) => server.http.get(`/api/engagements/${e.id}/kpi-values?${query}`).set(auth(verifier.token));
      expect((await list('status=verified')).body.map((r: Row) => r.code)).toEqual(['EC-ICT-ICT-1C']);
      expect((await list('code=EC-ICT-ICT-4C')).body.map((r: Row) => r.dataPoint)).toEqual(['3g', '4g']);
      for (const query of ['status=approved', 'code=XX-NOPE-1C']) {
        const bad = await list(query);
        expect(bad.status).toBe(400);
        expectErrorShape(bad.body, 400, 'VALIDATION_FAILED');
      }
    });

    it('decides every data point of a KPI when no data point is named', async () => {
      const wrongPoint = await decide(e.id, 'EC-ICT-ICT-4C', verifier.token, { decision: 'verified', dataPoint: '5g' });
      expect(wrongPoint.status).toBe(400);
      const res = await decide(e.id, 'EC-ICT-ICT-4C', verifier.token, { decision: 'verified' });
      expect(res.status).toBe(200);
      expect(res.body.values.map((v: Row) => [v.dataPoint, v.status])).toEqual([
        ['3g', 'verified'],
        ['4g', 'verified'],
      ]);
      const none = await decide(e.id, 'EC-ICT-ICT-2C', verifier.token, { decision: 'verified' });
      expect(none.status).toBe(409);
      expectErrorShape(none.body, 409, 'VALUE_NOT_SUBMITTED');
    });

    it('keeps a question thread with the value: the verifier asks, the city answers', async () => {
      await put(e.id, 'EN-EN-AQ-1C', contributor.token, value(18, { dataPoint: 'pm10' }));
      const ask = (token: string, body: Row) => server.http.post(`/api/engagements/${e.id}/kpi-values/EN-EN-AQ-1C/questions`).set(auth(token)).send(body);
      expect((await ask(contributor.token, { dataPoint: 'pm10', text: 'Why?' })).status).toBe(403);
      expect((await ask(manager.token, { dataPoint: 'pm10', text: 'Why?' })).status).toBe(403);
      expect((await ask(verifier.token, { text: 'Which station?' })).status).toBe(400);
      expect((await ask(verifier.token, { dataPoint: 'no2', text: 'Which station?' })).status).toBe(404);

      const asked = await ask(verifier.token, { dataPoint: 'pm10', text: 'Which monitoring stations are included?' });
      expect(asked.status).toBe(201);
      expect(asked.body).toEqual(expect.objectContaining({ code: 'EN-EN-AQ-1C', dataPoint: 'pm10', status: 'open', answers: [], askedBy: verifier.id }));

      const answer = (token: string, text: string) =>
        server.http.post(`/api/engagements/${e.id}/kpi-values/EN-EN-AQ-1C/questions/${asked.body.id}/answers`).set(auth(token)).send({ text });
      // (Verifiers may follow up in the thread and resolve it: test/data-integrity.e2e-spec.ts.)
      expect((await answer(observer.token, 'Me too')).status).toBe(403);
      const wrongKpi = await server.http
        .post(`/api/engagements/${e.id}/kpi-values/EC-ICT-ICT-1C/questions/${asked.body.id}/answers`)
        .set(auth(contributor.token))
        .send({ text: 'x' });
      expect(wrongKpi.status).toBe(404);
      const answered = await answer(contributor.token, 'All four urban background stations, annual mean');
      expect(answered.status).toBe(201);
      expect(answered.body).toEqual(
        expect.objectContaining({ status: 'answered', answers: [expect.objectContaining({ text: 'All four urban background stations, annual mean', answeredBy: contributor.id })] }),
      );

      const pm10 = (await values(e.id)).find((v) => v.code === 'EN-EN-AQ-1C' && v.dataPoint === 'pm10') as Row;
      expect(pm10.questions).toEqual([
        expect.objectContaining({
          text: 'Which monitoring stations are included?',
          status: 'answered',
          answers: [expect.objectContaining({ text: 'All four urban background stations, annual mean' })],
        }),
      ]);
      expect((pm10.history as Row[]).map((h) => h.type)).toEqual(['KPI_VALUE_SUBMITTED', 'KPI_QUESTION_RAISED', 'KPI_QUESTION_ANSWERED']);
      // The value stays submitted: a question is not a decision.
      expect(pm10.status).toBe('submitted');
    });
  });

  describe('scorecard, targets and gaps', () => {
    let e: Setup;
    beforeAll(async () => {
      e = await engagement();
      const csv =
        'code,dataPoint,value,year,source\n' +
        'EC-ICT-ICT-1C,,96,2024,s\n' + // (96−0)/(100−0) = 0.96 → reached, 4 points
        'EC-ICT-ICT-2C,,50,2024,s\n' + // 0.50 → one_to_two_thirds, 2
        'EC-ICT-ICT-3C,,20000,2024,s\n' + // 20000/100000 = 0.20 → below_one_third, 1
        'EC-ICT-ICT-4C,3g,70,2024,s\n' + // 0.70 → above_two_thirds, 3
        'EC-ICT-ICT-4C,4g,100,2024,s\n' + // 1.00 → reached, 4
        'EC-ICT-ICT-5A,,12,2024,s\n' + // no default target → no_target, left out
        'EC-P-EM-1C,,10,2024,s\n' + // lower is better: (10−25)/(5−25) = 0.75 → above_two_thirds, 3
        'SC-SH-SI-1C,,0.8,2024,s\n'; // band: 1 − |0.8−1|/|1−0| = 0.8 → above_two_thirds, 3
      expect((await importCsv(e.id, contributor.token, csv)).status).toBe(200);
    });

    it('scores each item and aggregates by the official rule (numbers worked out by hand)', async () => {
      const card = await scorecard(e.id);
      expect(Object.keys(card).sort()).toEqual(['categories', 'completeness', 'dataQuality', 'dimensions', 'kpis', 'sdgs', 'subdimensions']);
      const item = (code: string, dataPoint: string | null = null) => card.kpis.find((k) => k.code === code && k.dataPoint === dataPoint);
      expect(item('EC-ICT-ICT-1C')).toEqual({ code: 'EC-ICT-ICT-1C', dataPoint: null, value: 96, target: 100, start: 0, progress: 0.96, band: 'reached', points: 4 });
      expect(item('EC-ICT-ICT-2C')).toEqual(expect.objectContaining({ progress: 0.5, band: 'one_to_two_thirds', points: 2 }));
      expect(item('EC-ICT-ICT-3C')).toEqual(expect.objectContaining({ progress: 0.2, band: 'below_one_third', points: 1 }));
      expect(item('EC-ICT-ICT-4C', '3g')).toEqual(expect.objectContaining({ progress: 0.7, band: 'above_two_thirds', points: 3 }));
      expect(item('EC-ICT-ICT-4C', '4g')).toEqual(expect.objectContaining({ progress: 1, band: 'reached', points: 4 }));
      expect(item('EC-ICT-ICT-5A')).toEqual(expect.objectContaining({ value: 12, target: null, progress: null, band: 'no_target', points: null }));
      expect(item('EC-P-EM-1C')).toEqual(expect.objectContaining({ target: 5, start: 25, progress: 0.75, band: 'above_two_thirds', points: 3 }));
      expect(item('SC-SH-SI-1C')).toEqual(expect.objectContaining({ progress: 0.8, band: 'above_two_thirds', points: 3 }));
      expect(item('EC-ICT-WS-1C')).toEqual(expect.objectContaining({ value: null, band: 'no_data', points: null }));
      expect(card.kpis).toHaveLength(112);

      // ICT Infrastructure: 4 + 2 + 1 + 3 + 4 = 14 of 4 × 5 = 20 → 70 % (5A has no target: left out).
      const ictInfra = card.categories.find((c) => c.name === 'ICT Infrastructure');
      expect(ictInfra).toEqual({ name: 'ICT Infrastructure', points: 14, maxPoints: 20, percent: 70, band: 'above_two_thirds', counts: { scored: 5, noTarget: 1, noData: 0 } });
      // The ICT sub-dimension has other categories without data: they leave the denominator.
      expect(card.subdimensions.find((c) => c.name === 'ICT')).toEqual(expect.objectContaining({ points: 14, maxPoints: 20, percent: 70 }));
      // Economy: ICT (14 / 20) + Productivity (3 / 4) = 17 / 24 = 70.83 %.
      const economy = card.dimensions.find((d) => d.name === 'Economy') as Row;
      expect(economy).toEqual(expect.objectContaining({ points: 17, maxPoints: 24, band: 'above_two_thirds' }));
      expect(economy.percent).toBeCloseTo((17 / 24) * 100, 9);
      // Society and Culture: Gender Income Equity only, 3 / 4 = 75 %.
      expect(card.dimensions.find((d) => d.name === 'Society and Culture')).toEqual(expect.objectContaining({ points: 3, maxPoints: 4, percent: 75 }));
      expect(card.dimensions.find((d) => d.name === 'Environment')).toEqual(expect.objectContaining({ points: 0, maxPoints: 0, percent: null, band: 'no_data' }));
      // SDG 9: 3C (1) + 4C 3g (3) + 4C 4g (4) = 8 / 12 = 66.7 % → above two thirds; SDG 17 adds 1C and 2C: 14 / 20.
      const sdg9 = card.sdgs.find((s) => s.name === 9) as Row;
      expect(sdg9).toEqual(expect.objectContaining({ points: 8, maxPoints: 12, band: 'above_two_thirds' }));
      expect(sdg9.percent).toBeCloseTo(66.6667, 3);
      expect(card.sdgs.find((s) => s.name === 17)).toEqual(expect.objectContaining({ points: 14, maxPoints: 20, percent: 70 }));
      // SDG 8: Unemployment (3) + Gender Income Equity (3) = 6 / 8.
      expect(card.sdgs.find((s) => s.name === 8)).toEqual(expect.objectContaining({ points: 6, maxPoints: 8, percent: 75 }));
      expect(card.sdgs.map((s) => s.name)).toEqual([...card.sdgs.map((s) => s.name as number)].sort((a, b) => a - b));

      // Reported: 1C, 2C, 3C, 4C (both points), EM-1C, SI-1C = 6 core KPIs; 5A advanced.
      expect(card.completeness.core).toEqual(expect.objectContaining({ total: 54, reported: 6, verified: 0 }));
      expect(card.completeness.advanced).toEqual(expect.objectContaining({ total: 37, reported: 1, verified: 0 }));
    });

    it('counts verified values and leaves rejected ones out', async () => {
      expect((await decide(e.id, 'EC-ICT-ICT-1C', verifier.token, { decision: 'verified' })).status).toBe(200);
      expect((await decide(e.id, 'EC-ICT-ICT-3C', verifier.token, { decision: 'rejected', comment: 'per 100 000, not total' })).status).toBe(200);
      const card = await scorecard(e.id);
      expect(card.completeness.core).toEqual(expect.objectContaining({ reported: 5, verified: 1 }));
      // Without 3C: 4 + 2 + 3 + 4 = 13 of 16 = 81.25 %.
      expect(card.categories.find((c) => c.name === 'ICT Infrastructure')).toEqual(expect.objectContaining({ points: 13, maxPoints: 16, percent: 81.25 }));
      expect(card.kpis.find((k) => k.code === 'EC-ICT-ICT-3C')).toEqual(expect.objectContaining({ value: null, band: 'no_data' }));
      expect((await put(e.id, 'EC-ICT-ICT-3C', contributor.token, value(20000))).status).toBe(200);
    });

    it('moves a band when the engagement overrides a target, and keeps the justification and history', async () => {
      const setTarget = (code: string, token: string, body: Row) =>
        server.http.put(`/api/engagements/${e.id}/targets/${code}`).set(auth(token)).send(body);
      expect((await setTarget('EC-ICT-ICT-2C', contributor.token, { target: 60, justification: 'x' })).status).toBe(403);
      expect((await setTarget('EC-ICT-ICT-2C', verifier.token, { target: 60, justification: 'x' })).status).toBe(403);
      for (const [body, field] of [
        [{ target: 60 }, 'justification'],
        [{ target: 60, justification: '   ' }, 'justification'],
        [{ target: 'sixty', justification: 'x' }, 'target'],
        [{ target: 160, justification: 'x' }, 'target'],
        [{ target: 0, justification: 'x' }, 'target'],
        [{ target: 60, justification: 'x', dataPoint: '3g' }, 'dataPoint'],
      ] as [Row, string][]) {
        const res = await setTarget('EC-ICT-ICT-2C', manager.token, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
        expect({ body, fields: res.body.details.map((d: Row) => d.field) }).toEqual({ body, fields: [field] });
      }
      expect((await setTarget('EC-ICT-ICT-4C', manager.token, { target: 90, justification: 'x' })).status).toBe(400);
      expect((await setTarget('XX-NOPE-1C', manager.token, { target: 90, justification: 'x' })).status).toBe(404);

      const before = await scorecard(e.id);
      expect(before.kpis.find((k) => k.code === 'EC-ICT-ICT-2C')).toEqual(expect.objectContaining({ band: 'one_to_two_thirds', points: 2 }));

      const set = await setTarget('EC-ICT-ICT-2C', manager.token, { target: 60, justification: 'National broadband plan: 60 % by 2030' });
      expect(set.status).toBe(200);
      expect(set.body).toEqual(expect.objectContaining({ code: 'EC-ICT-ICT-2C', target: 60, start: 0, origin: 'engagement', justification: 'National broadband plan: 60 % by 2030' }));

      // 50 / 60 = 0.8333 → above_two_thirds, 3 points; the category: 4 + 3 + 1 + 3 + 4 = 15 of 20 = 75 %.
      const after = await scorecard(e.id);
      const twoC = after.kpis.find((k) => k.code === 'EC-ICT-ICT-2C') as Row;
      expect(twoC).toEqual(expect.objectContaining({ target: 60, band: 'above_two_thirds', points: 3 }));
      expect(twoC.progress).toBeCloseTo(50 / 60, 9);
      expect(after.categories.find((c) => c.name === 'ICT Infrastructure')).toEqual(expect.objectContaining({ points: 15, maxPoints: 20, percent: 75 }));

      // Overriding again keeps the previous target in the history.
      expect((await setTarget('EC-ICT-ICT-2C', server.adminToken, { target: 55, justification: 'Revised plan' })).status).toBe(200);
      const targets = await server.http.get(`/api/engagements/${e.id}/targets`).set(auth(observer.token));
      expect(targets.status).toBe(200);
      expect(targets.body).toHaveLength(112);
      const overridden = targets.body.find((t: Row) => t.code === 'EC-ICT-ICT-2C');
      expect(overridden).toEqual(expect.objectContaining({ target: 55, origin: 'engagement', justification: 'Revised plan', catalogueTarget: 100 }));
      expect(overridden.history.map((h: Row) => [(h.payload as { previous: Row }).previous.target, (h.payload as Row).target])).toEqual([
        [100, 60],
        [60, 55],
      ]);
      expect(targets.body.find((t: Row) => t.code === 'EC-ICT-ICT-1C')).toEqual(
        expect.objectContaining({ target: 100, start: 0, origin: 'catalogue', justification: null, targetSource: expect.any(String), history: [] }),
      );
    });

    it('needs a start to override a KPI whose catalogue has none', async () => {
      const setTarget = (body: Row) => server.http.put(`/api/engagements/${e.id}/targets/EC-I-ES-2C`).set(auth(manager.token)).send(body);
      const missing = await setTarget({ target: 60, justification: 'SAIDI target of the regulator' });
      expect(missing.status).toBe(400);
      expect(missing.body.details.map((d: Row) => d.field)).toEqual(['start']);
      const ok = await setTarget({ target: 60, start: 600, justification: 'SAIDI target of the regulator' });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual(expect.objectContaining({ target: 60, start: 600, direction: 'lower' }));
      expect((await put(e.id, 'EC-I-ES-2C', contributor.token, value(150))).status).toBe(200);
      // (150 − 600) / (60 − 600) = 0.8333 → above_two_thirds
      const card = await scorecard(e.id);
      expect(card.kpis.find((k) => k.code === 'EC-I-ES-2C')).toEqual(expect.objectContaining({ band: 'above_two_thirds', points: 3 }));
    });

    it('ranks the gaps: core not reported first, then not verified, by distance to target', async () => {
      const res = await server.http.get(`/api/engagements/${e.id}/gap-analysis`).set(auth(observer.token));
      expect(res.status).toBe(200);
      const gaps = res.body as Row[];
      expect(gaps[0]).toEqual(expect.objectContaining({ band: 'no_data', type: 'core', reason: 'not_reported', actionIds: [] }));
      const reasons = gaps.map((g) => `${g.type}:${g.reason}`);
      const firstNotVerified = reasons.indexOf('core:not_verified');
      expect(reasons.lastIndexOf('core:not_reported')).toBeLessThan(firstNotVerified);
      const notVerified = gaps.filter((g) => g.reason === 'not_verified');
      expect(notVerified.map((g) => [g.code, g.dataPoint, g.band])).toEqual([
        ['EC-ICT-ICT-3C', null, 'below_one_third'],
        ['EC-ICT-ICT-4C', '3g', 'above_two_thirds'],
        ['EC-P-EM-1C', null, 'above_two_thirds'],
        ['SC-SH-SI-1C', null, 'above_two_thirds'],
        ['EC-I-ES-2C', null, 'above_two_thirds'],
        ['EC-ICT-ICT-2C', null, 'above_two_thirds'],
      ]);
      expect(notVerified[0]).toEqual(expect.objectContaining({ value: 20000, target: 100000, distance: 0.8 }));
      // Reached items and items without a target are not gaps.
      expect(gaps.find((g) => g.code === 'EC-ICT-ICT-1C')).toBeUndefined();
      expect(gaps.find((g) => g.code === 'EC-ICT-ICT-5A')).toBeUndefined();
    });

    it('exposes the scorecard with its inputs and the Assessment gate facts, inside a transaction', async () => {
      const scoring = server.app.get(ScorecardService);
      const { frozen, facts } = await server.dataSource.transaction(async (tx) => ({
        frozen: await scoring.scorecardFor(e.id, tx),
        facts: await scoring.assessmentGateFacts(e.id, tx),
      }));
      expect(frozen.inputs.catalogueEdition).toBe('2022');
      expect(frozen.inputs.targets).toEqual(
        expect.arrayContaining([
          { code: 'EC-ICT-ICT-2C', dataPoint: null, target: 55 },
          { code: 'EC-I-ES-2C', dataPoint: null, target: 60, start: 600 },
        ]),
      );
      expect(frozen.inputs.values).toContainEqual({ code: 'EC-ICT-ICT-1C', dataPoint: null, value: 96, status: 'verified' });
      // The frozen scorecard is the scorecard's numbers; the data-quality summary beside them is the answer's alone.
      const { dataQuality, ...numbers } = (await scorecard(e.id)) as unknown as Record<string, unknown>;
      expect(dataQuality).toEqual(expect.objectContaining({ reported: expect.any(Number) }));
      expect(frozen.scorecard).toEqual(numbers);

      // Every core item: 54 core KPIs, the ones with data points counted per point.
      expect(facts.filter((f) => f.code === 'EN-EN-AQ-1C').map((f) => f.dataPoint)).toEqual(['pm10', 'pm2-5', 'no2', 'so2', 'o3']);
      expect(facts.find((f) => f.code === 'EC-ICT-ICT-1C')).toEqual({ code: 'EC-ICT-ICT-1C', dataPoint: null, name: 'Household Internet Access', status: 'verified' });
      expect(facts.find((f) => f.code === 'EC-ICT-ICT-5A')).toBeUndefined();
      const unmet = coreKpisSettled(facts);
      expect(unmet.map((u) => u.condition)).toContain('kpi:EC-ICT-ICT-2C:not-settled');
      expect(unmet.map((u) => u.condition)).toContain('kpi:EN-EN-AQ-1C:pm10:not-settled');
      expect(unmet.map((u) => u.condition)).not.toContain('kpi:EC-ICT-ICT-1C:not-settled');
    });
  });

  describe('access', () => {
    it('answers 404 to a non-member on every engagement route, and 404 for an unknown engagement', async () => {
      const e = await engagement();
      const base = `/api/engagements/${e.id}`;
      const calls = [
        server.http.get(`${base}/kpi-values`),
        server.http.put(`${base}/kpi-values/EC-ICT-ICT-1C`).send(value(50)),
        server.http.post(`${base}/kpi-values/import`).set('Content-Type', 'text/csv').send('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,50,2024,x\n'),
        server.http.post(`${base}/kpi-values/EC-ICT-ICT-1C/verification`).send({ decision: 'verified' }),
        server.http.post(`${base}/kpi-values/EC-ICT-ICT-1C/questions`).send({ text: 'why?' }),
        server.http.post(`${base}/kpi-values/EC-ICT-ICT-1C/questions/00000000-0000-4000-8000-000000000000/answers`).send({ text: 'because' }),
        server.http.get(`${base}/targets`),
        server.http.put(`${base}/targets/EC-ICT-ICT-1C`).send({ target: 90, justification: 'x' }),
        server.http.get(`${base}/scorecard`),
        server.http.get(`${base}/gap-analysis`),
      ];
      for (const call of calls) {
        const res = await call.set(auth(outsider.token));
        expect({ url: res.request.url, status: res.status }).toEqual({ url: res.request.url, status: 404 });
        expectErrorShape(res.body, 404, 'NOT_FOUND');
      }
      const unknown = await server.http.get('/api/engagements/00000000-0000-4000-8000-000000000000/scorecard').set(auth(manager.token));
      expect(unknown.status).toBe(404);
      const notUuid = await server.http.get('/api/engagements/not-an-id/kpi-values').set(auth(manager.token));
      expect(notUuid.status).toBe(404);
      expect(await values(e.id)).toEqual([]);
    });

    it('describes every KPI route in the OpenAPI document', async () => {
      const res = await server.http.get('/api/docs-json');
      expect(res.status).toBe(200);
      const paths = res.body.paths as Record<string, Record<string, unknown>>;
      expect(Object.keys(paths['/api/kpis'])).toEqual(['get']);
      expect(Object.keys(paths['/api/kpis/{code}'])).toEqual(['get']);
      expect(Object.keys(paths['/api/engagements/{id}/kpi-values']).sort()).toEqual(['get']);
      expect(Object.keys(paths['/api/engagements/{id}/kpi-values/{code}'])).toEqual(['put']);
      expect(Object.keys(paths['/api/engagements/{id}/kpi-values/import'])).toEqual(['post']);
      expect(Object.keys(paths['/api/engagements/{id}/kpi-values/{code}/verification'])).toEqual(['post']);
      expect(Object.keys(paths['/api/engagements/{id}/kpi-values/{code}/questions'])).toEqual(['post']);
      expect(Object.keys(paths['/api/engagements/{id}/kpi-values/{code}/questions/{questionId}/answers'])).toEqual(['post']);
      expect(Object.keys(paths['/api/engagements/{id}/targets/{code}'])).toEqual(['put']);
      expect(Object.keys(paths['/api/engagements/{id}/targets'])).toEqual(['get']);
      expect(Object.keys(paths['/api/engagements/{id}/scorecard'])).toEqual(['get']);
      expect(Object.keys(paths['/api/engagements/{id}/gap-analysis'])).toEqual(['get']);
      const schemas = res.body.components.schemas as Record<string, { properties: Record<string, unknown> }>;
      expect(Object.keys(schemas.PutKpiValueDto.properties).sort()).toEqual(
        ['dataOrigin', 'dataPoint', 'dataQuality', 'evidenceUrl', 'expectedVersion', 'itemVersion', 'notAvailable', 'notes', 'reason', 'source', 'value', 'year'].sort(),
      );
      expect(Object.keys(schemas.ScorecardView.properties).sort()).toEqual(['categories', 'completeness', 'dimensions', 'kpis', 'sdgs', 'subdimensions']);
    });
  });
});
