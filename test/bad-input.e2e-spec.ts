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
});
