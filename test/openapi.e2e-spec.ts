import { TestServer } from './support/harness';

type Operation = {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  requestBody?: { content: Record<string, { schema?: { type?: string; format?: string } }> };
  parameters?: { name: string; in: string }[];
};

const ERROR_REF = '#/components/schemas/ApiErrorView';

/** The OpenAPI description documents the one error shape and, per operation, the 4xx it may answer. */
describe('OpenAPI: errors documented', () => {
  let server: TestServer;
  let doc: {
    info: { description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
  };
  const operations: [string, string, Operation][] = [];

  beforeAll(async () => {
    server = await TestServer.start();
    doc = (await server.http.get('/api/docs-json')).body;
    for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) operations.push([method, path, op]);
  });
  afterAll(() => server.stop());

  const errorCodes = (op: Operation) =>
    Object.entries(op.responses)
      .filter(([status, r]) => /^4\d\d$/.test(status) && r.content?.['application/json']?.schema?.$ref === ERROR_REF)
      .map(([status]) => Number(status));
  const missing = (want: (method: string, path: string) => number[]) =>
    operations.flatMap(([method, path, op]) => want(method, path).filter((s) => !errorCodes(op).includes(s)).map((s) => `${method.toUpperCase()} ${path}: ${s}`));

  it('has the ApiErrorView schema', () => {
    const schema = doc.components.schemas.ApiErrorView;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['statusCode', 'error', 'code', 'message', 'details', 'currentVersion', 'unmet']));
    expect(schema.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'code', 'message']));
  });

  it('documents at least one 4xx with the error schema on every operation', () => {
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter(([, , op]) => errorCodes(op).length === 0).map(([m, p]) => `${m} ${p}`)).toEqual([]);
  });

  it('documents the 4xx each kind of operation may answer', () => {
    const open = (path: string) => path === '/api/auth/login' || path === '/health';
    const writes = (method: string) => ['post', 'put', 'patch'].includes(method);
    expect(missing(() => [400])).toEqual([]);
    expect(missing((_m, path) => (open(path) ? [] : [401, 403]))).toEqual([]);
    expect(missing((_m, path) => (path.includes('{') ? [404] : []))).toEqual([]);
    expect(missing((method) => (writes(method) ? [413] : []))).toEqual([]);
    expect(missing((method, path) => (method !== 'get' && path.startsWith('/api/engagements/{id}') ? [409] : []))).toEqual([]);
    expect(missing((method, path) => (method === 'post' && (path === '/api/engagements/{id}/kpi-values/import' || path === '/api/engagements/{id}/kpi-values/{code}/evidence') ? [415] : []))).toEqual([]);
    expect(missing((method, path) => (method === 'post' && path === '/api/engagements/{id}/events' ? [409, 428] : []))).toEqual([]);
    expect(missing((method, path) => (path === '/api/auth/login' ? [429] : []))).toEqual([]);
  });

  it('documents the Idempotency-Key header on every POST that honours it', () => {
    const without = operations
      .filter(([method, path]) => method === 'post' && path !== '/api/auth/login')
      .filter(([, , op]) => !(op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
      .map(([m, p]) => `${m} ${p}`);
    expect(without).toEqual([]);
    const get = operations.find(([method, path]) => method === 'get' && path === '/api/engagements')!;
    expect((get[2].parameters ?? []).some((p) => p.name === 'Idempotency-Key')).toBe(false);
  });

  it('documents the KPI workbook: both media types on the import, the workbook on the template', () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const importing = doc.paths['/api/engagements/{id}/kpi-values/import'].post;
    expect(Object.keys(importing.requestBody?.content ?? {})).toEqual(['text/csv', xlsx]);
    expect(importing.requestBody?.content[xlsx].schema).toEqual(expect.objectContaining({ type: 'string', format: 'binary' }));
    const template = doc.paths['/api/engagements/{id}/kpi-values/template.xlsx'].get;
    expect(Object.keys(template.responses['200'].content ?? {})).toEqual([xlsx]);
    expect(errorCodes(template)).toEqual(expect.arrayContaining([401, 403, 404]));
  });

  it('documents the evidence upload (multipart, the file as binary) and the download (a file)', () => {
    const upload = doc.paths['/api/engagements/{id}/kpi-values/{code}/evidence'].post;
    expect(Object.keys(upload.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    const schema = upload.requestBody?.content['multipart/form-data'].schema as { properties: Record<string, { type?: string; format?: string }>; required: string[] };
    expect(schema.properties.file).toEqual(expect.objectContaining({ type: 'string', format: 'binary' }));
    expect(schema.required).toEqual(['file']);
    const file = doc.paths['/api/engagements/{id}/kpi-values/{code}/evidence/{evidenceId}'].get;
    expect(errorCodes(file)).toEqual(expect.arrayContaining([401, 403, 404]));
  });

  it('gives every field of a request body a type: none is a bare object (a `string | null` field without `type: String` comes out so)', () => {
    type Prop = { type?: string; $ref?: string; properties?: unknown; additionalProperties?: unknown; allOf?: unknown; items?: Prop };
    const untyped: string[] = [];
    const bodies = new Set(operations.flatMap(([, , op]) => Object.values(op.requestBody?.content ?? {}).map((c) => (c.schema as { $ref?: string } | undefined)?.$ref ?? '')));
    for (const ref of bodies) {
      const name = ref.replace('#/components/schemas/', '');
      for (const [field, prop] of Object.entries((doc.components.schemas[name]?.properties ?? {}) as Record<string, Prop>)) {
        for (const p of [prop, prop.items].filter((x): x is Prop => !!x)) {
          if (!p.type && !p.$ref && !p.allOf) untyped.push(`${name}.${field}: no type`);
          if (p.type === 'object' && !p.properties && !p.additionalProperties) untyped.push(`${name}.${field}: a bare object`);
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it('states the limits on request bodies', () => {
    expect(doc.info.description).toMatch(/32 levels/);
    expect(doc.info.description).toMatch(/1 MB/);
    expect(doc.info.description).toMatch(/10 MB/);
  });
});
