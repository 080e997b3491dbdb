import type { Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { auth, expectErrorShape, TestServer } from './support/harness';

describe('bad input gets a clear 4xx in one shape', () => {
  let server: TestServer;
  beforeAll(async () => (server = await TestServer.start()));
  afterAll(() => server.stop());

  it('lists each field and rule broken', async () => {
    const res = await server.http.post('/api/cities').set(auth(server.adminToken)).send({ name: '', population: 'many', mayor: 'x' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['country', 'mayor', 'name', 'population']);
    for (const d of res.body.details) expect(d).toEqual({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) });
  });

  it('answers malformed JSON with 400', async () => {
    const res = await server.http.post('/api/cities').set(auth(server.adminToken)).set('Content-Type', 'application/json').send('{"name": "Oslo",');
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'MALFORMED_JSON');
  });

  it('answers a 3 MB body with 413', async () => {
    const res = await server.http
      .post('/api/cities')
      .set(auth(server.adminToken))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024), country: 'Norway' }));
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 413, 'PAYLOAD_TOO_LARGE');
    const cities = await server.http.get('/api/cities').set(auth(server.adminToken));
    expect(cities.body).toEqual([]);
  });

  it('answers a URL too long to read with 431, and a request that is not HTTP with 400, in the same shape', async () => {
    // About 24 kB of query string: over what Node reads of a request line and headers (16 kB).
    const long = await server.http.get(`/api/kpis?dimension=${'%C3%A9'.repeat(4000)}`).set(auth(server.adminToken));
    expect(long.status).toBe(431);
    expectErrorShape(long.body, 431, 'HEADERS_TOO_LARGE');

    const http = server.app.getHttpServer() as Server;
    if (!http.listening) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect((http.address() as AddressInfo).port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toMatch(/content-type: application\/json/i);
    expectErrorShape(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)), 400, 'MALFORMED_REQUEST');
    expect((await server.http.get('/health')).status).toBe(200);
  });

  it('answers unknown ids with 404, whether or not they look like ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', "1' OR '1'='1"]) {
      const engagement = await server.http.get(`/api/engagements/${encodeURIComponent(id)}`).set(auth(server.adminToken));
      expect(engagement.status).toBe(404);
      expectErrorShape(engagement.body, 404, 'NOT_FOUND');
      expect((await server.http.get(`/api/cities/${encodeURIComponent(id)}`).set(auth(server.adminToken))).status).toBe(404);
    }
    const route = await server.http.get('/api/no-such-route').set(auth(server.adminToken));
    expect(route.status).toBe(404);
    expectErrorShape(route.body, 404);
  });

  it('never answers 500 for wrong types in ids, query or body', async () => {
    const attempts = [
      server.http.get('/api/engagements?cityId=42&limit=abc').set(auth(server.adminToken)),
      server.http.post('/api/engagements').set(auth(server.adminToken)).send({ cityId: ['x'], title: { a: 1 } }),
      server.http.post('/api/users').set(auth(server.adminToken)).send([1, 2, 3]),
      server.http.post('/api/auth/login').send({ email: 5, password: null }),
      server.http.post('/api/cities').set(auth(server.adminToken)).send({ name: 'X', country: 'Y', population: 1e12 }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectErrorShape(res.body, res.status);
    }
  });

  it('serves the OpenAPI description with every route', async () => {
    const docs = await server.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths);
    for (const path of ['/api/auth/login', '/api/me', '/api/users', '/api/cities', '/api/cities/{id}', '/api/engagements', '/api/engagements/{id}', '/api/engagements/{id}/members', '/api/engagements/{id}/history', '/health']) {
      expect(paths).toContain(path);
    }
    expect(docs.body.components.schemas.CreateEngagementDto.properties).toHaveProperty('cityId');
    expect((await server.http.get('/api/docs')).status).toBe(200);
  });

  it('reports health once the database answers and migrations ran', async () => {
    const res = await server.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});
