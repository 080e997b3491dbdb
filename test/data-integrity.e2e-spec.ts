import { auth, expectErrorShape, TestServer } from './support/harness';

type Person = { id: string; email: string; token: string };
type Row = Record<string, unknown>;

/**
 * Data integrity: plausible and possible ranges of KPI values, non-finite numbers, the database's
 * own constraints, forged history rows, the verifier's side of a question thread, and history pages.
 */
describe('data integrity', () => {
  let server: TestServer;
  let manager: Person;
  let contributor: Person;
  let verifier: Person;
  let secondVerifier: Person;
  let cityId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    contributor = await server.person('member', 'Dana Contributor');
    verifier = await server.person('member', 'Vera Verifier');
    secondVerifier = await server.person('member', 'Val Verifier');
    cityId = await server.city(manager.token, 'Integrity City');
  });
  afterAll(() => server.stop());

  async function engagement(): Promise<string> {
    const { id } = await server.engagement(manager.token, cityId);
    await server.member(manager.token, id, contributor.id, 'data_contributor');
    await server.member(manager.token, id, verifier.id, 'verifier');
    await server.member(manager.token, id, secondVerifier.id, 'verifier');
    return id;
  }

  const put = (id: string, code: string, body: Row, token = contributor.token) =>
    server.http.put(`/api/engagements/${id}/kpi-values/${encodeURIComponent(code)}`).set(auth(token)).send(body);
  const importCsv = (id: string, csv: string) =>
    server.http.post(`/api/engagements/${id}/kpi-values/import`).set(auth(contributor.token)).set('Content-Type', 'text/csv').send(csv);
  const value = (v: number, extra: Row = {}) => ({ value: v, year: 2024, source: 'Municipal statistics', ...extra });
  const values = async (id: string, token = verifier.token): Promise<Row[]> => {
    const res = await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(token));
    expect(res.status).toBe(200);
    return res.body as Row[];
  };

  describe('possible and plausible ranges', () => {
    let id: string;
    beforeAll(async () => (id = await engagement()));

    it('gives every KPI and data point of the catalogue a possible and a plausible range, with where they come from', async () => {
      const res = await server.http.get('/api/kpis').set(auth(contributor.token));
      expect(res.status).toBe(200);
      const life = (res.body as Row[]).find((k) => k.code === 'SC-EH-H-1C') as Row;
      expect(life).toEqual(
        expect.objectContaining({
          possible: { min: 0, max: 125 },
          plausible: { min: 40, max: 95 },
          rangeSource: expect.stringMatching(/\S/),
        }),
      );
      for (const k of res.body as Row[]) {
        expect(k).toEqual(expect.objectContaining({ possible: expect.any(Object), plausible: expect.any(Object), rangeSource: expect.any(String) }));
        for (const d of k.dataPoints as Row[]) {
          expect(d).toEqual(expect.objectContaining({ possible: expect.any(Object), plausible: expect.any(Object), rangeSource: expect.any(String) }));
        }
      }
    });

    it('refuses a value that cannot be right (a life expectancy of 500 years), naming the field and the range', async () => {
      const res = await put(id, 'SC-EH-H-1C', value(500));
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'value', message: expect.stringMatching(/between 0 and 125/) })]);
      const negative = await put(id, 'EC-ICT-ICT-5A', value(-1));
      expect(negative.status).toBe(400);
      expect(negative.body.details).toEqual([expect.objectContaining({ field: 'value' })]);
      const gini = await put(id, 'SC-SH-SI-2C', value(1.2));
      expect(gini.status).toBe(400);
      expect((await values(id)).filter((v) => ['SC-EH-H-1C', 'EC-ICT-ICT-5A', 'SC-SH-SI-2C'].includes(v.code as string))).toEqual([]);
    });

    it('accepts an implausible value with a warning flag that the verifier sees, and drops it when corrected', async () => {
      const res = await put(id, 'SC-EH-H-1C', value(25));
      expect(res.status).toBe(200);
      const flag = expect.objectContaining({
        rule: 'plausible-range',
        severity: 'warning',
        message: expect.stringMatching(/between 40 and 95/),
        range: { min: 40, max: 95 },
        compared: [expect.objectContaining({ code: 'SC-EH-H-1C', value: 25 }), expect.objectContaining({ value: 40 }), expect.objectContaining({ value: 95 })],
        source: expect.stringMatching(/Verification Manual/),
        open: true,
      });
      expect(res.body.flags).toEqual([flag]);
      const listed = (await values(id)).find((v) => v.code === 'SC-EH-H-1C') as Row;
      expect(listed).toEqual(expect.objectContaining({ value: 25, status: 'submitted', flags: [flag] }));

      const fixed = await put(id, 'SC-EH-H-1C', value(82.5));
      expect(fixed.status).toBe(200);
      expect(fixed.body.flags).toEqual([]);
      expect(((await values(id)).find((v) => v.code === 'SC-EH-H-1C') as Row).flags).toEqual([]);
    });

    it('flags implausible values of data points and of a CSV import as well', async () => {
      const csv = 'code,dataPoint,value,year,source\nEN-EN-AQ-1C,pm2-5,400,2024,s\nEN-EN-AQ-1C,pm10,20,2024,s\n';
      const res = await importCsv(id, csv);
      expect(res.status).toBe(200);
      const listed = await values(id);
      const pm25 = listed.find((v) => v.code === 'EN-EN-AQ-1C' && v.dataPoint === 'pm2-5') as Row;
      const pm10 = listed.find((v) => v.code === 'EN-EN-AQ-1C' && v.dataPoint === 'pm10') as Row;
      expect(pm25.flags).toEqual([expect.objectContaining({ rule: 'plausible-range', severity: 'warning' })]);
      expect(pm10.flags).toEqual([]);
    });
  });

  describe('numbers that are not finite', () => {
    let id: string;
    beforeAll(async () => (id = await engagement()));

    it('answers 400 to a JSON number too large to be finite, and to NaN written in the body', async () => {
      const huge = await server.http
        .put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-3C`)
        .set(auth(contributor.token))
        .set('Content-Type', 'application/json')
        .send('{"value": 1e999, "year": 2024, "source": "s"}');
      expect(huge.status).toBe(400);
      expectErrorShape(huge.body, 400);
      const nan = await server.http
        .put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-3C`)
        .set(auth(contributor.token))
        .set('Content-Type', 'application/json')
        .send('{"value": NaN, "year": 2024, "source": "s"}');
      expect(nan.status).toBe(400);
      expectErrorShape(nan.body, 400);
    });

    it.each(['NaN', 'Infinity', '-Infinity', '1e999'])('refuses a CSV value %p with 400, writing nothing', async (cell) => {
      const res = await importCsv(id, `code,dataPoint,value,year,source\nEC-ICT-ICT-3C,,${cell},2024,s\n`);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400);
      expect(await values(id)).toEqual([]);
    });

    it('is refused by the database itself', async () => {
      expect((await put(id, 'EC-ICT-ICT-3C', value(20000))).status).toBe(200);
      for (const bad of ['NaN', 'Infinity', '-Infinity']) {
        await expect(server.dataSource.query(`UPDATE kpi_value SET value = $1::float8 WHERE engagement_id = $2`, [bad, id])).rejects.toThrow(/check constraint/);
      }
    });
  });

  describe('constraints in the database', () => {
    it('refuses unknown stages, steps, statuses and a version below 1', async () => {
      const id = await engagement();
      expect((await put(id, 'EC-ICT-ICT-1C', value(80))).status).toBe(200);
      const db = server.dataSource;
      const refused = (sql: string, params: unknown[] = [id]) => expect(db.query(sql, params)).rejects.toThrow(/check constraint/);
      await refused(`UPDATE engagement SET stage = 'nowhere' WHERE id = $1`);
      await refused(`UPDATE engagement SET step = 'sideways' WHERE id = $1`);
      await refused(`UPDATE engagement SET step = NULL WHERE id = $1`); // an active stage has a step
      await refused(`UPDATE engagement SET stage = 'completed' WHERE id = $1`); // completed has no step
      await refused(`UPDATE engagement SET version = 0 WHERE id = $1`);
      await refused(`UPDATE task SET stage = 'nowhere' WHERE engagement_id = $1`);
      await refused(`UPDATE task SET status = 'lost' WHERE engagement_id = $1`);
      await refused(`UPDATE kpi_value SET status = 'lost' WHERE engagement_id = $1`);
      await refused(
        `INSERT INTO gate (engagement_id, stage, round, status, submitted_by, quorum_rule, criteria, seats)
         VALUES ($1, 'nowhere', 1, 'withdrawn', $2, '{}'::jsonb, '[]'::jsonb, '{"seats": [], "advisers": []}'::jsonb)`,
        [id, manager.id],
      );
      // Allowed values still pass.
      await db.query(`UPDATE engagement SET stage = 'onHold', step = NULL WHERE id = $1`, [id]);
      await db.query(`UPDATE engagement SET stage = 'assessment', step = 'inProgress' WHERE id = $1`, [id]);
    });
  });

  describe('the history table', () => {
    it('refuses a history row whose version is not the engagement’s current version', async () => {
      const id = await engagement();
      const engagementNow = await server.http.get(`/api/engagements/${id}`).set(auth(manager.token));
      const version = engagementNow.body.version as number;
      const insert = (v: number) =>
        server.dataSource.query(`INSERT INTO engagement_history (engagement_id, actor_id, type, version) VALUES ($1, $2, 'FORGED', $3)`, [id, manager.id, v]);
      await expect(insert(version + 1)).rejects.toThrow(/version/);
      await expect(insert(version - 1)).rejects.toThrow(/version/);
      await expect(insert(1)).rejects.toThrow(/version/);
      const forged = await server.dataSource.query(`SELECT id FROM engagement_history WHERE engagement_id = $1 AND type = 'FORGED'`, [id]);
      expect(forged).toEqual([]);
      // The application's own writes (several rows of one version, a whole KPI not available) still pass.
      const na = await put(id, 'EN-EN-AQ-1C', { notAvailable: true, reason: 'No monitoring station' });
      expect(na.status).toBe(200);
      const rows = await server.dataSource.query(`SELECT version FROM engagement_history WHERE engagement_id = $1 AND type = 'KPI_VALUE_NOT_AVAILABLE'`, [id]);
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r: { version: number }) => r.version)).size).toBe(1);
    });
  });

  describe('the verifier in a question thread', () => {
    let id: string;
    beforeAll(async () => {
      id = await engagement();
      expect((await put(id, 'EC-ICT-ICT-1C', value(87))).status).toBe(200);
    });
    const base = () => `/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C/questions`;

    it('lets verifiers answer, resolves the thread, then refuses answers with 409', async () => {
      const asked = await server.http.post(base()).set(auth(verifier.token)).send({ text: 'Which survey year?' });
      expect(asked.status).toBe(201);
      const qid = asked.body.id as string;
      const answer = (token: string, text: string) => server.http.post(`${base()}/${qid}/answers`).set(auth(token)).send({ text });
      const resolve = (token: string, body: Row = {}) => server.http.post(`${base()}/${qid}/resolve`).set(auth(token)).send(body);

      expect((await answer(contributor.token, 'The 2023 household survey')).status).toBe(201);
      const follow = await answer(verifier.token, 'Please attach the survey report');
      expect(follow.status).toBe(201);
      const other = await answer(secondVerifier.token, 'And its sample size');
      expect(other.status).toBe(201);
      expect(other.body.answers.map((a: Row) => a.answeredBy)).toEqual([contributor.id, verifier.id, secondVerifier.id]);

      expect((await resolve(contributor.token)).status).toBe(403);
      const resolved = await resolve(secondVerifier.token);
      expect(resolved.status).toBe(200);
      expect(resolved.body).toEqual(
        expect.objectContaining({ id: qid, status: 'resolved', resolvedBy: secondVerifier.id, resolvedAt: expect.any(String), engagementVersion: expect.any(Number) }),
      );

      const late = await answer(contributor.token, 'One more thing');
      expect(late.status).toBe(409);
      expectErrorShape(late.body, 409, 'QUESTION_RESOLVED');
      const again = await resolve(verifier.token);
      expect(again.status).toBe(409);
      expectErrorShape(again.body, 409, 'QUESTION_RESOLVED');

      const listed = (await values(id)).find((v) => v.code === 'EC-ICT-ICT-1C') as Row;
      expect(listed.questions).toEqual([
        expect.objectContaining({ id: qid, status: 'resolved', resolvedBy: secondVerifier.id, resolvedAt: expect.any(String), answers: expect.any(Array) }),
      ]);
      expect((listed.history as Row[]).map((h) => h.type)).toEqual([
        'KPI_VALUE_SUBMITTED',
        'KPI_QUESTION_RAISED',
        'KPI_QUESTION_ANSWERED',
        'KPI_QUESTION_ANSWERED',
        'KPI_QUESTION_ANSWERED',
        'KPI_QUESTION_RESOLVED',
      ]);
    });

    it('answers 404 for a question of another KPI and keeps stale versions out', async () => {
      const asked = await server.http.post(base()).set(auth(verifier.token)).send({ text: 'Mobile included?' });
      const wrong = await server.http
        .post(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-2C/questions/${asked.body.id}/resolve`)
        .set(auth(verifier.token))
        .send({});
      expect(wrong.status).toBe(404);
      const stale = await server.http.post(`${base()}/${asked.body.id}/resolve`).set(auth(verifier.token)).send({ expectedVersion: 1 });
      expect(stale.status).toBe(409);
      expectErrorShape(stale.body, 409, 'STALE_VERSION');
    });
  });

  describe('history pages', () => {
    it('pages newest first with limit and an opaque cursor for the next page', async () => {
      const id = await engagement(); // opened + 3 members = 4 rows, versions 1..4
      expect((await put(id, 'EC-ICT-ICT-1C', value(50))).status).toBe(200); // version 5
      const url = `/api/engagements/${id}/history`;

      const all = await server.http.get(url).set(auth(manager.token));
      expect(all.status).toBe(200);
      expect(all.body.map((h: Row) => h.version)).toEqual([5, 4, 3, 2, 1]);
      expect(all.headers['x-next-cursor']).toBeUndefined();

      const first = await server.http.get(`${url}?limit=2`).set(auth(manager.token));
      expect(first.status).toBe(200);
      expect(first.body.map((h: Row) => h.version)).toEqual([5, 4]);
      const cursor = first.headers['x-next-cursor'] as string;
      expect(cursor).toEqual(expect.any(String));
      expect(first.headers.link).toContain('rel="next"');
      expect(first.headers.link).toContain(`cursor=${encodeURIComponent(cursor)}`);

      const second = await server.http.get(`${url}?limit=2&cursor=${encodeURIComponent(cursor)}`).set(auth(manager.token));
      expect([second.status, second.body]).toEqual([200, expect.any(Array)]);
      expect(second.body.map((h: Row) => h.version)).toEqual([3, 2]);
      const third = await server.http.get(`${url}?limit=2&cursor=${encodeURIComponent(second.headers['x-next-cursor'])}`).set(auth(manager.token));
      expect(third.body.map((h: Row) => [h.version, h.type])).toEqual([[1, 'ENGAGEMENT_OPENED']]);
      expect(third.headers['x-next-cursor']).toBeUndefined();
      expect(third.headers.link).toBeUndefined();
      expect(all.body[0]).toEqual(expect.objectContaining({ at: expect.any(String), actorId: contributor.id, type: 'KPI_VALUE_SUBMITTED', from: null, to: null, payload: expect.any(Object) }));
    });

    it.each(['limit=0', 'limit=201', 'limit=abc', 'limit=1.5', 'cursor=nonsense', 'cursor=', `cursor=${Buffer.from('{"id":"x"}').toString('base64url')}`])(
      'answers 400 to %s',
      async (query) => {
        const id = await engagement();
        const res = await server.http.get(`/api/engagements/${id}/history?${query}`).set(auth(manager.token));
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400);
      },
    );
  });
});
