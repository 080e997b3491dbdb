import { Workbook, type Worksheet } from 'exceljs';
import type { Response } from 'supertest';
import { auth, expectErrorShape, TestServer } from './support/harness';
import { deflatedSpaces, zipFixture } from './support/zip-fixture';

type Person = { id: string; email: string; token: string };
type Row = Record<string, unknown>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EVIL = '=HYPERLINK("http://evil.example","Click for details")';

/** A response body as bytes, whatever its media type. */
const bytes = (res: { on(event: string, listener: (chunk?: Buffer) => void): unknown }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk as Buffer));
  res.on('end', () => done(null, Buffer.concat(chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength)))));
};

/** The U4SSC data-collection workbook, downloaded, filled in as a city would, and sent back. */
describe('KPI data-collection workbook', () => {
  let server: TestServer;
  let manager: Person;
  let contributor: Person;
  let verifier: Person;
  let observer: Person;
  let outsider: Person;
  let cityId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    contributor = await server.person('member', 'Dana Contributor');
    verifier = await server.person('member', 'Vic Verifier');
    observer = await server.person('member', 'Olga Observer');
    outsider = await server.person('member', 'Otto Outsider');
    cityId = await server.city(manager.token, 'Ålesund');
  });
  afterAll(() => server.stop());

  async function engagement(): Promise<string> {
    const { id } = await server.engagement(manager.token, cityId);
    await server.member(manager.token, id, contributor.id, 'data_contributor');
    await server.member(manager.token, id, verifier.id, 'verifier');
    await server.member(manager.token, id, observer.id, 'observer');
    return id;
  }

  const download = (id: string, who: Person) => server.http.get(`/api/engagements/${id}/kpi-values/template.xlsx`).set(auth(who.token)).buffer(true).parse(bytes);
  const upload = (id: string, body: Buffer, who: Person = contributor, query = '') =>
    server.http.post(`/api/engagements/${id}/kpi-values/import${query}`).set(auth(who.token)).set('Content-Type', XLSX).send(body);
  const values = async (id: string): Promise<Row[]> => (await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(manager.token))).body as Row[];
  const version = async (id: string): Promise<number> => (await server.http.get(`/api/engagements/${id}`).set(auth(manager.token))).body.version as number;

  async function open(res: Response): Promise<Worksheet> {
    expect(res.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    return workbook.getWorksheet('KPI values') as Worksheet;
  }
  const save = async (sheet: Worksheet): Promise<Buffer> => Buffer.from((await sheet.workbook.xlsx.writeBuffer()) as ArrayBuffer);

  /** The sheet row of a KPI item, found by its Code and Data point cells. */
  function rowOf(sheet: Worksheet, code: string, dataPoint: string | null = null): number {
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (row.getCell('A').value === code && (row.getCell('D').value ?? null) === dataPoint) return r;
    }
    throw new Error(`no row for ${code} ${dataPoint}`);
  }

  /** Types into the cells of a row, by column letter, as a city would. */
  function type(sheet: Worksheet, row: number, cells: Record<string, unknown>): void {
    for (const [column, value] of Object.entries(cells)) sheet.getRow(row).getCell(column).value = value as never;
  }

  it('hands a reader the workbook: named after the city and cycle, protected, only the input cells unlocked, formula-looking text neutralised', async () => {
    const id = await engagement();
    const submitted = await server.http
      .put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C`)
      .set(auth(contributor.token))
      .send({ value: 87.5, year: 2024, source: EVIL, dataQuality: 'accurate_measurement' });
    expect(submitted.status).toBe(200);

    const res = await download(id, observer);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="u4ssc-kpi-values-alesund-cycle-1.xlsx"; filename*=UTF-8''u4ssc-kpi-values-%C3%85lesund-cycle-1.xlsx`,
    );
    const sheet = await open(res);
    expect(sheet.workbook.worksheets.map((s) => s.name)).toEqual(['KPI values', 'Instructions']);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Code', 'Official code', 'KPI', 'Data point', 'Data point label', 'Unit', 'Definition', 'Dimension', 'Type',
      'Value', 'Year', 'Source', 'Data quality', 'Evidence URL', 'Data origin', 'Notes', 'Status',
    ]);
    // The header row is frozen; the sheet is protected, the input cells (and only they) unlocked.
    expect(sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 1 }));
    expect((sheet as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection).toEqual(expect.objectContaining({ sheet: true }));
    const row = sheet.getRow(rowOf(sheet, 'EC-ICT-ICT-1C'));
    const locked = (column: string) => row.getCell(column).protection?.locked !== false;
    expect(['J', 'K', 'L', 'M', 'N', 'O', 'P'].filter(locked)).toEqual([]);
    expect(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'Q'].filter((c) => !locked(c))).toEqual([]);
    // The current value, the data quality by its label (a drop-down of the six levels), and the status.
    expect(['C', 'I', 'J', 'K', 'M', 'Q'].map((c) => row.getCell(c).value)).toEqual([
      'Household Internet Access', 'core', 87.5, 2024, 'Based on accurate measurements', 'submitted',
    ]);
    expect(row.getCell('M').dataValidation).toEqual(expect.objectContaining({ type: 'list', formulae: [expect.stringMatching(/^Instructions!\$A\$\d+:\$A\$\d+$/)] }));
    // The stored source is written as text after an apostrophe: no spreadsheet runs it.
    expect(row.getCell('L').value).toBe(`'${EVIL}`);
    expect(row.getCell('L').type).not.toBe(6 /* formula */);
  });

  it('takes the workbook back as a city filled it in: the values stored, the untouched row left as it was, the formula-looking source unchanged', async () => {
    const id = await engagement();
    await server.http.put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C`).set(auth(contributor.token)).send({ value: 87.5, year: 2024, source: EVIL });
    await server.http.put(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-2C`).set(auth(contributor.token)).send({ value: 30, year: 2023, source: EVIL, notes: 'old' });
    expect((await server.http.post(`/api/engagements/${id}/kpi-values/EC-ICT-ICT-1C/verification`).set(auth(verifier.token)).send({ decision: 'verified' })).status).toBe(200);

    const sheet = await open(await download(id, contributor));
    type(sheet, rowOf(sheet, 'EC-ICT-WS-1C'), { J: 64.5, K: 2024, L: 'Statistics Norway', M: 'Extrapolated from a survey of inhabitants' });
    type(sheet, rowOf(sheet, 'EN-EN-AQ-1C', 'pm2-5'), { J: 8.25, K: 2023, L: 'Air monitoring network', N: 'https://example.org/air.pdf' });
    // A changed note on a row whose source looks like a formula: the row is written, the source as stored.
    type(sheet, rowOf(sheet, 'EC-ICT-ICT-2C'), { P: 'checked again' });
    const before = await version(id);

    const res = await upload(id, await save(sheet), contributor, `?expectedVersion=${before}`);
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(3);
    expect(res.body.engagementVersion).toBe(before + 1);
    expect(res.body.rows.map((r: Row) => [r.code, r.dataPoint, r.outcome, r.status])).toEqual([
      ['EC-ICT-ICT-1C', null, 'unchanged', 'verified'],
      ['EC-ICT-ICT-2C', null, 'updated', 'submitted'],
      ['EC-ICT-WS-1C', null, 'created', 'submitted'],
      ['EN-EN-AQ-1C', 'pm2-5', 'created', 'submitted'],
    ]);

    const stored = await values(id);
    expect(stored.map((v) => [v.code, v.dataPoint, v.value, v.year, v.source, v.dataQuality, v.evidenceUrl, v.notes, v.status])).toEqual([
      ['EC-ICT-ICT-1C', null, 87.5, 2024, EVIL, null, null, null, 'verified'],
      ['EC-ICT-ICT-2C', null, 30, 2023, EVIL, null, null, 'checked again', 'submitted'],
      ['EC-ICT-WS-1C', null, 64.5, 2024, 'Statistics Norway', 'survey_extrapolation', null, null, 'submitted'],
      ['EN-EN-AQ-1C', 'pm2-5', 8.25, 2023, 'Air monitoring network', null, 'https://example.org/air.pdf', null, 'submitted'],
    ]);
    // The verified value was not submitted again: its history is its submission and its verification.
    expect((stored[0].history as Row[]).map((h) => h.type)).toEqual(['KPI_VALUE_SUBMITTED', 'KPI_VALUE_VERIFIED']);
    expect((stored[2].history as Row[])[0]).toEqual(expect.objectContaining({ payload: expect.objectContaining({ via: 'xlsx', row: rowOf(sheet, 'EC-ICT-WS-1C') }) }));

    // The same workbook again: nothing changed, nothing written, the engagement's version as it was.
    const again = await upload(id, await save(sheet));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(expect.objectContaining({ imported: 0, engagementVersion: before + 1 }));
    expect(new Set(again.body.rows.map((r: Row) => r.outcome))).toEqual(new Set(['unchanged']));
    expect(await version(id)).toBe(before + 1);
  });

  it('replays a workbook sent again with the same Idempotency-Key', async () => {
    const id = await engagement();
    const sheet = await open(await download(id, contributor));
    type(sheet, rowOf(sheet, 'EC-ICT-WS-1C'), { J: 50, K: 2024, L: 'Registry' });
    const file = await save(sheet);
    const first = await upload(id, file).set('Idempotency-Key', 'workbook-1');
    const replay = await upload(id, file).set('Idempotency-Key', 'workbook-1');
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    type(sheet, rowOf(sheet, 'EC-ICT-WS-1C'), { J: 51 });
    expect((await upload(id, await save(sheet)).set('Idempotency-Key', 'workbook-1')).status).toBe(422);
  });

  it('refuses the whole workbook for one bad cell, naming sheet, cell and column; nothing is stored', async () => {
    const id = await engagement();
    const sheet = await open(await download(id, contributor));
    type(sheet, rowOf(sheet, 'EC-ICT-WS-1C'), { J: 64.5, K: 2024, L: 'Statistics Norway' });
    const outside = rowOf(sheet, 'EC-ICT-ICT-2C');
    type(sheet, outside, { J: 150, K: 2024, L: 'Regulator' });
    const before = await version(id);

    const res = await upload(id, await save(sheet));
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: `'KPI values'!J${outside}`, sheet: 'KPI values', row: outside, column: 'J', header: 'Value', rule: 'range' }),
    ]);
    expect(res.body.message).toMatch(new RegExp(`^The workbook has 1 problem; nothing was written. 'KPI values'!J${outside} \\(Value\\): value must be`));
    expect(await values(id)).toEqual([]);
    expect(await version(id)).toBe(before);

    // Text in the value column, and a formula whose result is not a number.
    type(sheet, outside, { J: 'about ninety' });
    const formula = rowOf(sheet, 'EC-ICT-ICT-3C');
    type(sheet, formula, { J: { formula: 'CONCAT("1","2")', result: '12' }, K: 2024, L: 'x' });
    const text = await upload(id, await save(sheet));
    expect(text.status).toBe(400);
    expect(text.body.details.map((d: Row) => [d.field, d.header, d.rule])).toEqual([
      [`'KPI values'!J${outside}`, 'Value', 'isNumber'],
      [`'KPI values'!J${formula}`, 'Value', 'formula'],
    ]);
    expect(await values(id)).toEqual([]);
  });

  it('takes expectedVersion as the CSV import does: a stale one writes nothing', async () => {
    const id = await engagement();
    const sheet = await open(await download(id, contributor));
    type(sheet, rowOf(sheet, 'EC-ICT-WS-1C'), { J: 64.5, K: 2024, L: 'Statistics Norway' });
    const stale = await upload(id, await save(sheet), contributor, '?expectedVersion=999');
    expect(stale.status).toBe(409);
    expectErrorShape(stale.body, 409, 'STALE_VERSION');
    expect(await values(id)).toEqual([]);
  });

  it('answers 400 in the shared shape for what is not a workbook: other bytes, a zip of something else, a cut file', async () => {
    const id = await engagement();
    const template = (await download(id, contributor)).body as Buffer;
    const cases: [string, Buffer, RegExp][] = [
      ['CSV sent as a workbook', Buffer.from('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,1,2024,x\n'), /not a complete zip archive/],
      ['a zip of something else', zipFixture([{ name: 'notes.txt', content: Buffer.from('hello') }]), /no sheet "KPI values"/],
      ['a cut workbook', template.subarray(0, Math.floor(template.length / 2)), /not a complete zip archive/],
      ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /old \.xls workbook/],
      ['nothing', Buffer.alloc(0), /body is empty/],
    ];
    for (const [what, body, message] of cases) {
      const res = await upload(id, body);
      expect([what, res.status]).toEqual([what, 400]);
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'file', message: expect.stringMatching(message) })]);
    }
    expect(await values(id)).toEqual([]);
  });

  it('refuses a zip bomb from its central directory, and one lying about its sizes as soon as it inflates past them', async () => {
    const id = await engagement();
    const spaces = await deflatedSpaces(300 * 1024 * 1024);
    expect(spaces.length).toBeLessThan(1024 * 1024);
    const honest = zipFixture([{ name: 'xl/worksheets/sheet1.xml', deflated: spaces, declaredSize: 300 * 1024 * 1024 }]);
    const declared = await upload(id, honest);
    expect(declared.status).toBe(400);
    expectErrorShape(declared.body, 400, 'VALIDATION_FAILED');
    expect(declared.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'zipSize', message: expect.stringMatching(/declares 300 MB/) })]);

    const lying = zipFixture([{ name: 'xl/sharedStrings.xml', deflated: spaces, declaredSize: 2048 }]);
    const lie = await upload(id, lying);
    expect(lie.status).toBe(400);
    expect(lie.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'zipSize', message: expect.stringMatching(/inflates to more than the 2048 bytes it declares/) })]);
  });

  it('refuses a workbook of 100,000 rows before reading it, and a body over 10 MB', async () => {
    const id = await engagement();
    const big = new Workbook();
    const sheet = big.addWorksheet('KPI values');
    sheet.addRow(['Code', 'Data point', 'Value', 'Year', 'Source']);
    for (let i = 0; i < 100_000; i++) sheet.addRow(['EC-ICT-ICT-1C', null, i % 100, 2024, 'x']);
    const file = Buffer.from((await big.xlsx.writeBuffer()) as ArrayBuffer);
    const res = await upload(id, file);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'file', rule: 'rows', message: expect.stringMatching(/100001 rows; at most 5000/) })]);

    const tooBig = await upload(id, Buffer.alloc(11 * 1024 * 1024));
    expect(tooBig.status).toBe(413);
    expectErrorShape(tooBig.body, 413, 'PAYLOAD_TOO_LARGE');
  }, 60_000);

  it('answers 404 to an outsider, 403 to a reader who may not submit values; a reader may download', async () => {
    const id = await engagement();
    const file = (await download(id, contributor)).body as Buffer;
    const refused = await download(id, outsider);
    expect(refused.status).toBe(404);
    expectErrorShape(JSON.parse((refused.body as Buffer).toString('utf8')), 404, 'NOT_FOUND');
    const upload404 = await upload(id, file, outsider);
    expect(upload404.status).toBe(404);
    expectErrorShape(upload404.body, 404, 'NOT_FOUND');
    for (const who of [verifier, observer]) {
      const res = await upload(id, file, who);
      expect(res.status).toBe(403);
      expectErrorShape(res.body, 403, 'FORBIDDEN');
      expect((await download(id, who)).status).toBe(200);
    }
  });
});
