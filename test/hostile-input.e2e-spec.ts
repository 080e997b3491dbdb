import { auth, expectErrorShape, TestServer } from './support/harness';
import { castOf, Cast, engagementOf, engagementWith } from './support/roadmap-steps';

type Problem = { field: string; message: string; rule?: string };

/**
 * Bytes the database refuses or silently mangles (NUL, lone UTF-16 surrogates), bodies nested deep
 * enough to overflow a recursive reader, and blank names: each answered 400 VALIDATION_FAILED
 * naming the field, before anything is written.
 */
describe('hostile input is refused with a 400 naming the field', () => {
  let server: TestServer;
  let cast: Cast;
  let engagementId: string;
  let cityId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cast = await castOf(server);
    engagementId = await engagementWith(server, cast, 'Hostile City');
    cityId = await server.city(cast.manager.token, 'Blank Engagement City');
  });
  afterAll(() => server.stop());

  const fieldsOf = (body: { details?: Problem[] }) => (body.details ?? []).map((d) => d.field);
  const rawJson = (method: 'post' | 'put' | 'patch', path: string, json: string, token = server.adminToken) =>
    server.http[method](path).set(auth(token)).set('Content-Type', 'application/json').send(json);

  describe('NUL (U+0000)', () => {
    it('in a body text field, at any depth', async () => {
      const city = await server.http.post('/api/cities').set(auth(server.adminToken)).send({ name: 'Os\u0000lo', country: 'Norway' });
      expect(city.status).toBe(400);
      expectErrorShape(city.body, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(city.body)).toEqual(['name']);

      const value = await server.http
        .put(`/api/engagements/${engagementId}/kpi-values/EC-ICT-ICT-1C`)
        .set(auth(cast.contributor.token))
        .send({ value: 50, year: 2024, source: 'Statistics', notes: 'see\u0000annex' });
      expect(value.status).toBe(400);
      expectErrorShape(value.body, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(value.body)).toEqual(['notes']);

      const nested = await server.http
        .post('/api/cities')
        .set(auth(server.adminToken))
        .send({ name: 'Bergen', country: 'Norway', items: [{ name: 'ok' }, { name: 'x' }, { name: 'bad\u0000' }] });
      expect(nested.status).toBe(400);
      expect(fieldsOf(nested.body)).toEqual(['items.2.name']);

      const key = await rawJson('post', '/api/cities', '{"name":"Bergen","country":"Norway","na\\u0000me":"x"}');
      expect(key.status).toBe(400);
      expectErrorShape(key.body, 400, 'VALIDATION_FAILED');

      const cities = (await server.http.get('/api/cities').set(auth(server.adminToken))).body as { name: string }[];
      expect(cities.map((c) => c.name)).not.toContain('Bergen');
    });

    it('in a query string parameter, read by the route or not', async () => {
      const kpis = await server.http.get('/api/kpis?dimension=Econ%00omy').set(auth(server.adminToken));
      expect(kpis.status).toBe(400);
      expectErrorShape(kpis.body, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(kpis.body)).toEqual(['dimension']);

      const me = await server.http.get('/api/me?x=%00').set(auth(server.adminToken));
      expect(me.status).toBe(400);
      expect(fieldsOf(me.body)).toEqual(['x']);
    });

    it('in a path parameter', async () => {
      for (const path of ['/api/kpis/EC-ICT%00-ICT-1C', `/api/engagements/${engagementId}%00`, `/api/engagements/${engagementId}/kpi-values/EC-ICT-ICT-1C%00/verification`]) {
        const res = await server.http.get(path).set(auth(server.adminToken));
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
    });

    it('in a CSV import, naming the line', async () => {
      const res = await server.http
        .post(`/api/engagements/${engagementId}/kpi-values/import`)
        .set(auth(cast.contributor.token))
        .set('Content-Type', 'text/csv')
        .send('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,50,2024,Stat\u0000istics\n');
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.message).toMatch(/line 2/);
    });
  });

  describe('deeply nested JSON', () => {
    const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    it('refuses a body nested about 2,000 levels deep with a 400, and the server keeps answering', async () => {
      for (const [path, body] of [
        ['/api/cities', `{"name":"Deep","country":"Norway","population":${nested(2000)}}`],
        ['/api/cities', '['.repeat(2000) + ']'.repeat(2000)],
        ['/api/users', `{"email":"deep@x.org","name":"Deep","password":"password-123","role":"member","x":${nested(2000)}}`],
      ]) {
        const res = await rawJson('post', path, body);
        expect(res.status).toBe(400);
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
        expect(res.body.message).toMatch(/32 levels/);
      }
      const fine = await server.http.post('/api/cities').set(auth(server.adminToken)).send({ name: 'Shallow', country: 'Norway' });
      expect(fine.status).toBe(201);
    });

    it('takes 32 levels, refuses 33', async () => {
      // The body itself is level 1.
      const at = (depth: number) => `{"name":"Depth","country":"Norway","x":${nested(depth - 1)}}`;
      const ok = await rawJson('post', '/api/cities', at(32));
      expect(ok.status).toBe(400);
      expect(fieldsOf(ok.body)).toEqual(['x']); // refused by the DTO: an unknown field, not by the depth rule
      const deep = await rawJson('post', '/api/cities', at(33));
      expect(deep.status).toBe(400);
      expect(deep.body.message).toMatch(/32 levels/);
    });
  });

  describe('lone UTF-16 surrogates', () => {
    it('refuses one in any string, naming the field', async () => {
      const email = await rawJson('post', '/api/users', '{"email":"\\ud800@x.org","name":"Lone","password":"password-123","role":"member"}');
      expect(email.status).toBe(400);
      expectErrorShape(email.body, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(email.body)).toEqual(['email']);

      const name = await rawJson('post', '/api/cities', '{"name":"Troms\\udc00","country":"Norway"}');
      expect(name.status).toBe(400);
      expect(fieldsOf(name.body)).toEqual(['name']);

      const pair = await rawJson('post', '/api/cities', '{"name":"Emoji \\ud83c\\udf0d","country":"Norway"}');
      expect(pair.status).toBe(201);
      expect(pair.body.name).toBe('Emoji \u{1F30D}');
    });
  });

  describe('blank names and reasons', () => {
    const blank = '  \t ';

    it('refuses whitespace-only names, titles, groups and notes', async () => {
      const cases: [string, ReturnType<typeof server.http.post>, string][] = [
        ['city name', server.http.post('/api/cities').set(auth(server.adminToken)).send({ name: blank, country: 'Norway' }), 'name'],
        ['city country', server.http.post('/api/cities').set(auth(server.adminToken)).send({ name: 'Blankville', country: ' ' }), 'country'],
        [
          'user name',
          server.http.post('/api/users').set(auth(server.adminToken)).send({ email: 'blank@u4ssc.test', name: blank, password: 'password-123', role: 'member' }),
          'name',
        ],
        ['engagement title', server.http.post('/api/engagements').set(auth(cast.manager.token)).send({ cityId, title: blank }), 'title'],
        [
          'stakeholder group',
          server.http.post(`/api/engagements/${engagementId}/members`).set(auth(cast.manager.token)).send({ userId: cast.admin.id, role: 'approver', stakeholderGroup: blank }),
          'stakeholderGroup',
        ],
        ['event reason', server.http.post(`/api/engagements/${engagementId}/events`).set(auth(cast.manager.token)).send({ type: 'PUT_ON_HOLD', expectedVersion: 1, reason: blank }), 'reason'],
        ['approval comment', server.http.post(`/api/engagements/${engagementId}/approvals`).set(auth(cast.council.token)).send({ decision: 'request_changes', comment: blank }), 'comment'],
        ['next cycle title', server.http.post(`/api/engagements/${engagementId}/next-cycle`).set(auth(cast.manager.token)).send({ title: blank }), 'title'],
        [
          'rejection comment',
          server.http.post(`/api/engagements/${engagementId}/kpi-values/EC-ICT-ICT-1C/verification`).set(auth(cast.verifier.token)).send({ decision: 'rejected', comment: blank }),
          'comment',
        ],
        ['target justification', server.http.put(`/api/engagements/${engagementId}/targets/EC-ICT-ICT-1C`).set(auth(cast.manager.token)).send({ target: 90, justification: blank }), 'justification'],
        ['not-available reason', server.http.put(`/api/engagements/${engagementId}/kpi-values/EC-ICT-ICT-1C`).set(auth(cast.contributor.token)).send({ notAvailable: true, reason: blank }), 'reason'],
      ];
      const tasks = (await server.http.get(`/api/engagements/${engagementId}/tasks`).set(auth(cast.coordinator.token))).body as { id: string }[];
      cases.push(['task note', server.http.patch(`/api/engagements/${engagementId}/tasks/${tasks[0].id}`).set(auth(cast.coordinator.token)).send({ status: 'in_progress', note: blank }), 'note']);

      const failures: string[] = [];
      for (const [what, request, field] of cases) {
        const res = await request;
        if (res.status !== 400 || !fieldsOf(res.body).includes(field)) failures.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
        else expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      expect(failures).toEqual([]);
      const cities = (await server.http.get('/api/cities').set(auth(server.adminToken))).body as { name: string }[];
      expect(cities.map((c) => c.name)).not.toContain('');
      expect(cities.map((c) => c.name)).not.toContain('Blankville');
    });
  });

  describe('bytes and headers', () => {
    it('refuses a body that is not UTF-8, an unknown or broken content encoding, and reads the auth scheme in any case', async () => {
      const invalid = await server.http
        .post('/api/cities')
        .set(auth(server.adminToken))
        .set('Content-Type', 'application/json')
        // Raw bytes, as they come: not JSON-encoded again by the client.
        .serialize((bytes) => bytes)
        .send(Buffer.from([...Buffer.from('{"name":"'), 0xff, 0xfe, ...Buffer.from('","country":"Norway"}')]) as unknown as string);
      expect(invalid.status).toBe(400);
      expectErrorShape(invalid.body, 400, 'MALFORMED_BODY');
      const foo = await server.http.post('/api/cities').set(auth(server.adminToken)).set('Content-Type', 'application/json').set('Content-Encoding', 'foo').send('{}');
      expect(foo.status).toBe(415);
      expectErrorShape(foo.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const gzip = await server.http.post('/api/cities').set(auth(server.adminToken)).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"not":"gzip"}');
      expect(gzip.status).toBe(400);
      expectErrorShape(gzip.body, 400, 'MALFORMED_BODY');
      expect(gzip.body.message).not.toMatch(/header check/);
      const lower = await server.http.get('/api/me').set('Authorization', `bearer ${server.adminToken}`);
      expect(lower.status).toBe(200);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the same body with its fields in another order', async () => {
      const key = { 'Idempotency-Key': 'city-order-1' };
      const first = await server.http
        .post('/api/cities')
        .set(auth(server.adminToken))
        .set(key)
        .set('Content-Type', 'application/json')
        .send('{"name":"Ordered","country":"Norway","population":1000}');
      expect(first.status).toBe(201);
      const again = await server.http
        .post('/api/cities')
        .set(auth(server.adminToken))
        .set(key)
        .set('Content-Type', 'application/json')
        .send('{"population":1000, "country":"Norway","name":"Ordered"}');
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);

      const other = await server.http.post('/api/cities').set(auth(server.adminToken)).set(key).send({ population: 1001, country: 'Norway', name: 'Ordered' });
      expect(other.status).toBe(422);
      expectErrorShape(other.body, 422, 'IDEMPOTENCY_KEY_REUSED');
      const cities = (await server.http.get('/api/cities').set(auth(server.adminToken))).body as { name: string }[];
      expect(cities.filter((c) => c.name === 'Ordered')).toHaveLength(1);
    });

    it('also orders nested objects, but keeps array order', async () => {
      const { version } = await engagementOf(server, engagementId, cast.manager.token);
      const key = { 'Idempotency-Key': 'member-order-1' };
      const post = (json: string) =>
        server.http.post(`/api/engagements/${engagementId}/members`).set(auth(cast.manager.token)).set(key).set('Content-Type', 'application/json').send(json);
      const first = await post(`{"userId":"${cast.admin.id}","role":"observer","expectedVersion":${version}}`);
      expect(first.status).toBe(201);
      const again = await post(`{"expectedVersion":${version},"role":"observer","userId":"${cast.admin.id}"}`);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('does not replay a request that acts on another version (If-Match) under the same key', async () => {
      const { version } = await engagementOf(server, engagementId, cast.manager.token);
      const key = { 'Idempotency-Key': 'hold-if-match-1' };
      const event = (ifMatch: number) =>
        server.http.post(`/api/engagements/${engagementId}/events`).set(auth(cast.manager.token)).set(key).set('If-Match', `"${ifMatch}"`).send({ type: 'PUT_ON_HOLD' });
      const stale = await event(version + 5);
      expect(stale.body.code).toBe('STALE_VERSION');
      const current = await event(version);
      expect(current.status).toBe(422);
      expectErrorShape(current.body, 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });
});
