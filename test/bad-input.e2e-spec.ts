import { auth, TestServer } from './support/harness';

/**
 * Every route of the OpenAPI description, fed malformed input: wrong types, missing fields, arrays
 * for objects, unknown ids. Whatever it is, the answer is a 4xx in the shared shape, never a 500.
 */
describe('no route answers bad input with a 500', () => {
  let server: TestServer;
  let paths: Record<string, Record<string, unknown>>;
  let engagementId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    const cityId = await server.city(server.adminToken, 'Fuzz City');
    engagementId = (await server.engagement(server.adminToken, cityId)).id;
    paths = (await server.http.get('/api/docs-json')).body.paths;
  });
  afterAll(() => server.stop());

  const bodies: unknown[] = [{}, [], [1, 2], 'text', 42, null, { value: 'NaN', year: '2020', type: 7, decision: {}, status: ['x'], target: 'far', dataPoint: 5, expectedVersion: -1 }];

  it('answers every route with a 4xx in the shared shape', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const [template, operations] of Object.entries(paths)) {
      for (const method of Object.keys(operations)) {
        if (template === '/api/auth/login') continue; // rate-limited; covered in auth.e2e-spec
        for (const id of [engagementId, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
          const path = template
            .replace('{id}', id)
            .replace('{code}', 'EC-ICT-ICT-1C')
            .replace(/\{[a-zA-Z]+\}/g, '00000000-0000-4000-8000-000000000001');
          for (const body of method === 'get' || method === 'delete' ? [undefined] : bodies) {
            const request = server.http[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](`${path}?limit=x&stage=7&sdg=abc&expectedVersion=z`).set(auth(server.adminToken));
            const res = body === undefined ? await request : await request.set('Content-Type', 'application/json').send(JSON.stringify(body));
            calls++;
            if (res.status >= 500) failures.push(`${method.toUpperCase()} ${path} ${JSON.stringify(body)} → ${res.status}`);
            else if (res.status >= 400 && !(res.body && typeof res.body.code === 'string' && res.body.statusCode === res.status)) {
              failures.push(`${method.toUpperCase()} ${path} ${JSON.stringify(body)} → ${res.status} without the shared error shape`);
            }
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 180_000);

  /**
   * Hostile bytes: NUL (U+0000), lone UTF-16 surrogates and JSON nested about 2,000 levels deep, in
   * the body, the query string and every path parameter. Only a 4xx in the shared shape will do:
   * never a 2xx (the input would have been taken), never a 5xx.
   */
  it('refuses NUL, lone surrogates and deep nesting on every route, in body, query and path', async () => {
    const deepObject = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
    const deepArray = '['.repeat(2000) + ']'.repeat(2000);
    const textFields = ['name', 'country', 'title', 'email', 'password', 'comment', 'note', 'reason', 'source', 'notes', 'justification', 'text', 'dataPoint', 'stakeholderGroup', 'type', 'decision', 'code'];
    const withEach = (value: string) => `{${textFields.map((f) => `"${f}":"${value}"`).join(',')}}`;
    const hostileBodies: [string, string][] = [
      ['NUL in every text field', withEach('x\\u0000y')],
      ['NUL nested', '{"items":[{"name":"ok"},{"name":"\\u0000"}]}'],
      ['NUL in a key', '{"na\\u0000me":"x"}'],
      ['lone high surrogate', withEach('\\ud800@x.org')],
      ['lone low surrogate', withEach('x\\udc00')],
      ['2,000 levels of objects', `{"name":"x","value":${deepObject}}`],
      ['2,000 levels of arrays', deepArray],
    ];
    const hostileQueries = ['limit=%00', 'stage=Econ%00omy', 'code=%ED%A0%80', 'x=%ED%B0%80y', 'sdg[a]=%00'];
    const hostileSegments = ['%00', 'EC-ICT-ICT-1C%00', `${engagementId}%00`, '%ED%A0%80', 'x%ED%B0%80'];
    const fill = (template: string, id: string, other = '00000000-0000-4000-8000-000000000001') =>
      template.replace('{id}', id).replace('{code}', 'EC-ICT-ICT-1C').replace(/\{[a-zA-Z]+\}/g, other);

    const failures: string[] = [];
    let calls = 0;
    const check = (what: string, res: { status: number; body: Record<string, unknown> }) => {
      calls++;
      if (res.status < 400 || res.status >= 500) failures.push(`${what} → ${res.status}`);
      else if (!(res.body && typeof res.body.code === 'string' && res.body.statusCode === res.status)) failures.push(`${what} → ${res.status} without the shared error shape`);
    };
    for (const [template, operations] of Object.entries(paths)) {
      for (const method of Object.keys(operations) as ('get' | 'post' | 'put' | 'patch' | 'delete')[]) {
        const path = fill(template, engagementId);
        if (method !== 'get' && method !== 'delete') {
          for (const [what, body] of hostileBodies) {
            check(`${method.toUpperCase()} ${path} ${what}`, await server.http[method](path).set(auth(server.adminToken)).set('Content-Type', 'application/json').send(body));
          }
        }
        for (const query of hostileQueries) {
          check(`${method.toUpperCase()} ${path}?${query}`, await server.http[method](`${path}?${query}`).set(auth(server.adminToken)));
        }
        const params = template.match(/\{[a-zA-Z]+\}/g) ?? [];
        for (const param of params) {
          for (const segment of hostileSegments) {
            const bad = fill(template.replace(param, segment), engagementId);
            check(`${method.toUpperCase()} ${bad}`, await server.http[method](bad).set(auth(server.adminToken)));
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);
});
