import { auth, expectErrorShape, TestServer } from './support/harness';
import { Cast, castOf, engagementOf, engagementWith, Person } from './support/roadmap-steps';

/** Bytes of several parts, one after the other. */
const concatBytes = (parts: readonly ArrayLike<number>[]): Buffer => {
  const out = Buffer.alloc(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** A small PDF; `marker` makes each one different. */
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Title (${marker}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
const ICT = 'EC-ICT-ICT-1C';
const WIRELESS = 'EC-ICT-ICT-4C';
/** The test server's EVIDENCE_MAX_BYTES. */
const MAX = 64 * 1024;

type Evidence = { id: string; filename: string; contentType: string; size: number; sha256: string; submission: number; current: boolean; uploadedBy: string; uploadedAt: string };
type Value = { id: string; code: string; dataPoint: string | null; submission: number; status: string; evidence: Evidence[]; history: { type: string; payload: Record<string, unknown> }[] };

describe('KPI evidence files: attached to a submission, kept, listed, downloaded', () => {
  let server: TestServer;
  let cast: Cast;
  let outsider: Person;
  let id: string;

  const values = async (token = cast.manager.token) => (await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(token))).body as Value[];
  const valueOf = async (code: string, dataPoint: string | null = null) => (await values()).find((v) => v.code === code && v.dataPoint === dataPoint)!;
  const put = async (code: string, body: Record<string, unknown>, token = cast.contributor.token) => {
    const res = await server.http.put(`/api/engagements/${id}/kpi-values/${code}`).set(auth(token)).send({ year: 2024, source: 'Statistics office', ...body });
    if (res.status !== 200) throw new Error(`PUT ${code}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const attach = (code: string, content: Buffer, name: string, { token = cast.contributor.token, type = 'application/pdf', fields = {} as Record<string, string> } = {}) => {
    const req = server.http.post(`/api/engagements/${id}/kpi-values/${code}/evidence`).set(auth(token));
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', content, { filename: name, contentType: type });
  };
  const download = (code: string, evidenceId: string, token = cast.verifier.token) =>
    server.http
      .get(`/api/engagements/${id}/kpi-values/${code}/evidence/${evidenceId}`)
      .set(auth(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Uint8Array[] = [];
        res.on('data', (chunk: Uint8Array) => chunks.push(chunk));
        res.on('end', () => done(null, concatBytes(chunks)));
      });
  /** Bytes as hex, compared (a difference shows where). */
  const hex = (bytes: unknown) => (bytes as Buffer).toString('hex');
  const versionNow = async () => (await engagementOf(server, id, cast.manager.token)).version;
  const historyCount = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM engagement_history WHERE engagement_id = $1`, [id]))[0].n as number;

  beforeAll(async () => {
    server = await TestServer.start({ EVIDENCE_MAX_BYTES: String(MAX) });
    cast = await castOf(server);
    outsider = await server.person('member', 'Otto Outsider');
    id = await engagementWith(server, cast, 'Evidence City');
  });
  afterAll(() => server.stop());

  it('keeps the file of each submission when the value is resubmitted: both listed (current right), in the history, downloaded byte-identical', async () => {
    await put(ICT, { value: 80 });
    const first = await attach(ICT, pdf('census 2023'), 'Census 2023 – Zürich.pdf', { fields: { expectedVersion: String(await versionNow()) } });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      filename: 'Census 2023 – Zürich.pdf',
      contentType: 'application/pdf',
      size: pdf('census 2023').length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      submission: 1,
      uploadedBy: cast.contributor.id,
      uploadedAt: expect.any(String),
      engagementVersion: await versionNow(),
    });

    await put(ICT, { value: 85 });
    // A stale version changes nothing.
    const stale = await attach(ICT, pdf('census 2024'), 'census-2024.pdf', { fields: { expectedVersion: '1' } });
    expect(stale.status).toBe(409);
    expectErrorShape(stale.body, 409, 'STALE_VERSION');
    const second = await attach(ICT, pdf('census 2024'), 'census-2024.pdf', { token: cast.coordinator.token, type: 'application/octet-stream' });
    expect(second.status).toBe(201);
    expect(second.body.submission).toBe(2);
    // The same bytes again on this submission (a retried upload): one file, nothing written.
    const before = await versionNow();
    const again = await attach(ICT, pdf('census 2024'), 'copy.pdf');
    expectErrorShape(again.body, 409, 'EVIDENCE_ALREADY_ATTACHED');
    expect(again.body.evidenceId).toBe(second.body.id);
    expect(await versionNow()).toBe(before);
    // Idempotency-Key on an upload: the same file sent again (a new multipart boundary) replays; another file with the key is 422.
    const keyed = () => attach(ICT, pdf('keyed'), 'keyed.pdf').set('Idempotency-Key', 'upload-keyed-1');
    const once = await keyed();
    expect(once.status).toBe(201);
    const replay = await keyed();
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(once.body.id);
    const other = await attach(ICT, pdf('another file'), 'keyed.pdf').set('Idempotency-Key', 'upload-keyed-1');
    expectErrorShape(other.body, 422, 'IDEMPOTENCY_KEY_REUSED');

    const value = await valueOf(ICT);
    expect(value.submission).toBe(2);
    expect(value.evidence.map((e) => [e.id, e.filename, e.submission, e.current])).toEqual([
      [once.body.id, 'keyed.pdf', 2, true],
      [second.body.id, 'census-2024.pdf', 2, true],
      [first.body.id, 'Census 2023 – Zürich.pdf', 1, false],
    ]);
    expect(value.evidence[1]).toEqual({
      id: second.body.id,
      filename: 'census-2024.pdf',
      contentType: 'application/pdf',
      size: second.body.size,
      sha256: second.body.sha256,
      submission: 2,
      current: true,
      uploadedBy: cast.coordinator.id,
      uploadedAt: second.body.uploadedAt,
    });
    // One query for the evidence of the whole list, and never the bytes.
    const { statements } = await server.statementsOf(() => values());
    const evidenceReads = statements.filter((q) => q.includes('kpi_evidence'));
    expect(evidenceReads).toHaveLength(1);
    expect(evidenceReads[0]).not.toMatch(/bytes/);
    const attached = value.history.filter((h) => h.type === 'KPI_EVIDENCE_ATTACHED').map((h) => h.payload.evidence);
    expect(attached).toEqual([
      { id: first.body.id, filename: 'Census 2023 – Zürich.pdf', contentType: 'application/pdf', size: first.body.size, sha256: first.body.sha256, submission: 1 },
      { id: second.body.id, filename: 'census-2024.pdf', contentType: 'application/pdf', size: second.body.size, sha256: second.body.sha256, submission: 2 },
      expect.objectContaining({ id: once.body.id, filename: 'keyed.pdf' }),
    ]);

    for (const [evidence, content] of [[first.body, pdf('census 2023')], [second.body, pdf('census 2024')]] as const) {
      const res = await download(ICT, evidence.id);
      expect(res.status).toBe(200);
      expect(hex(res.body)).toBe(hex(content));
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['content-security-policy']).toMatch(/^sandbox/);
    }
    expect((await download(ICT, first.body.id)).headers['content-disposition']).toBe(
      `attachment; filename="Census 2023 _ Zurich.pdf"; filename*=UTF-8''Census%202023%20%E2%80%93%20Z%C3%BCrich.pdf`,
    );
  });

  it('keeps every byte value as it was (bytea on both databases), under the name the content says', async () => {
    const all = concatBytes([pdf('all bytes'), Array.from({ length: 256 }, (_, i) => i), Array.from({ length: 256 }, (_, i) => 255 - i)]);
    const res = await attach(ICT, all, 'C:\\scans\\..\\report.exe');
    expect(res.status).toBe(201);
    expect(res.body.filename).toBe('report.exe.pdf');
    const back = await download(ICT, res.body.id, cast.council.token);
    expect(back.status).toBe(200);
    expect(hex(back.body)).toBe(hex(all));

    const traversal = await attach(ICT, pdf('passwd'), '../../etc/passwd.pdf');
    expect(traversal.status).toBe(201);
    expect(traversal.body.filename).toBe('passwd.pdf');
  });

  it('refuses a file posing as a PDF (415) and writes nothing', async () => {
    const version = await versionNow();
    const rows = await historyCount();
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
    const exe = concatBytes([[0x4d, 0x5a], new Array(510).fill(0x90)]);
    for (const content of [html, exe]) {
      const res = await attach(ICT, content, 'report.pdf');
      expect(res.status).toBe(415);
      expectErrorShape(res.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await versionNow()).toBe(version);
    expect(await historyCount()).toBe(rows);
    expect((await valueOf(ICT)).evidence).toHaveLength(5);
    // Nothing is ever deleted: the database refuses it.
    await expect(server.dataSource.query(`DELETE FROM kpi_evidence`)).rejects.toThrow(/KPI evidence is kept/);
  });

  it('answers bad uploads in the shared shape: too large 413, no file 400 naming file, not multipart 415', async () => {
    const large = concatBytes([pdf('large'), new Array(MAX).fill(0x20)]);
    const tooLarge = await attach(ICT, large, 'large.pdf');
    expect(tooLarge.status).toBe(413);
    expectErrorShape(tooLarge.body, 413, 'PAYLOAD_TOO_LARGE');

    const none = await server.http.post(`/api/engagements/${id}/kpi-values/${ICT}/evidence`).set(auth(cast.contributor.token)).field('expectedVersion', String(await versionNow()));
    expect(none.status).toBe(400);
    expectErrorShape(none.body, 400, 'VALIDATION_FAILED');
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'file' })]);

    const json = await server.http.post(`/api/engagements/${id}/kpi-values/${ICT}/evidence`).set(auth(cast.contributor.token)).send({ file: 'x' });
    expect(json.status).toBe(415);
    expectErrorShape(json.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(json.body.message).toMatch(/multipart\/form-data/);

    const wrongField = await server.http.post(`/api/engagements/${id}/kpi-values/${ICT}/evidence`).set(auth(cast.contributor.token)).attach('upload', pdf('x'), 'x.pdf');
    expect(wrongField.status).toBe(400);
    expectErrorShape(wrongField.body, 400, 'VALIDATION_FAILED');
  });

  it('needs the data point where the KPI has data points, and a submitted value: none 404, verified 409 VALUE_NOT_SUBMITTED', async () => {
    const noPoint = await attach(WIRELESS, pdf('4g'), 'coverage.pdf');
    expect(noPoint.status).toBe(400);
    expect(noPoint.body.details).toEqual([expect.objectContaining({ field: 'dataPoint' })]);
    const notReported = await attach(WIRELESS, pdf('4g'), 'coverage.pdf', { fields: { dataPoint: '4g' } });
    expect(notReported.status).toBe(404);
    expectErrorShape(notReported.body, 404, 'NOT_FOUND');

    await put(WIRELESS, { value: 99, dataPoint: '4g' });
    const onPoint = await attach(WIRELESS, pdf('4g'), 'coverage.pdf', { fields: { dataPoint: '4g' } });
    expect(onPoint.status).toBe(201);
    expect((await valueOf(WIRELESS, '4g')).evidence.map((e) => e.id)).toEqual([onPoint.body.id]);

    const verified = await server.http.post(`/api/engagements/${id}/kpi-values/${WIRELESS}/verification`).set(auth(cast.verifier.token)).send({ decision: 'verified', dataPoint: '4g' });
    expect(verified.status).toBe(200);
    const late = await attach(WIRELESS, pdf('4g again'), 'coverage.pdf', { fields: { dataPoint: '4g' } });
    expect(late.status).toBe(409);
    expectErrorShape(late.body, 409, 'VALUE_NOT_SUBMITTED');
    expect(late.body.message).toMatch(/verified.*[Rr]esubmit the value first/);
  });

  it('lets no verifier attach (403), and hides the evidence from an outsider (404 for upload and download)', async () => {
    const byVerifier = await attach(ICT, pdf('verifier'), 'v.pdf', { token: cast.verifier.token });
    expect(byVerifier.status).toBe(403);
    expectErrorShape(byVerifier.body, 403, 'FORBIDDEN');

    const [evidence] = (await valueOf(ICT)).evidence;
    const outsiderDownload = await download(ICT, evidence.id, outsider.token);
    expect(outsiderDownload.status).toBe(404);
    const outsiderUpload = await attach(ICT, pdf('outsider'), 'o.pdf', { token: outsider.token });
    expect(outsiderUpload.status).toBe(404);
    expectErrorShape(outsiderUpload.body, 404);
  });

  it('finds a file only under its own engagement and KPI: another KPI, another engagement, a bad id are 404', async () => {
    const [evidence] = (await valueOf(ICT)).evidence;
    expect((await download(WIRELESS, evidence.id)).status).toBe(404);
    expect((await download(ICT, 'not-a-uuid')).status).toBe(404);
    expect((await download(ICT, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const other = await engagementWith(server, cast, 'Other City');
    const elsewhere = await server.http.get(`/api/engagements/${other}/kpi-values/${ICT}/evidence/${evidence.id}`).set(auth(cast.manager.token));
    expect(elsewhere.status).toBe(404);
    expectErrorShape(elsewhere.body, 404);
  });
});
