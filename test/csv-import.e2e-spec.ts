import { auth, expectErrorShape, TestServer } from './support/harness';

type Person = { id: string; email: string; token: string };
type Row = Record<string, unknown>;

/** CSV import: the files European spreadsheets write, and a large file that must not stall the server. */
describe('CSV import of KPI values', () => {
  let server: TestServer;
  let manager: Person;
  let contributor: Person;
  let cityId: string;

  beforeAll(async () => {
    server = await TestServer.start();
    manager = await server.person('programme_manager', 'Pat Manager');
    contributor = await server.person('member', 'Dana Contributor');
    cityId = await server.city(manager.token, 'Csvville');
  });
  afterAll(() => server.stop());

  async function engagement(): Promise<string> {
    const { id } = await server.engagement(manager.token, cityId);
    await server.member(manager.token, id, contributor.id, 'data_contributor');
    return id;
  }

  const importCsv = (id: string, csv: string, type = 'text/csv') =>
    server.http.post(`/api/engagements/${id}/kpi-values/import`).set(auth(contributor.token)).set('Content-Type', type).send(csv);
  const values = async (id: string): Promise<Row[]> => (await server.http.get(`/api/engagements/${id}/kpi-values`).set(auth(manager.token))).body as Row[];

  it('reads semicolons and decimal commas, detected from the header line', async () => {
    const id = await engagement();
    const csv =
      'code;dataPoint;value;year;source\r\n' +
      'EC-ICT-ICT-1C;;87,5;2024;Statistics Norway\r\n' +
      'EC-ICT-ICT-4C;4g;99;2023;"Regulator; annual report"\r\n' +
      'EN-EN-AQ-1C;pm2-5;8,25;2024;Air monitoring\r\n';
    const res = await importCsv(id, csv);
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(3);
    expect((await values(id)).map((v) => [v.code, v.dataPoint, v.value, v.source])).toEqual([
      ['EC-ICT-ICT-1C', null, 87.5, 'Statistics Norway'],
      ['EC-ICT-ICT-4C', '4g', 99, 'Regulator; annual report'],
      ['EN-EN-AQ-1C', 'pm2-5', 8.25, 'Air monitoring'],
    ]);
  });

  it('takes the separator and decimal mark declared in the Content-Type', async () => {
    const id = await engagement();
    const declared = await importCsv(id, 'code;dataPoint;value;year;source\nEC-ICT-ICT-1C;;87.5;2024;Statistics Norway\n', 'text/csv; charset=utf-8; delimiter=";"; decimal="."');
    expect(declared.status).toBe(200);
    expect((await values(id)).map((v) => v.value)).toEqual([87.5]);

    const tabs = await importCsv(id, 'code\tdataPoint\tvalue\tyear\tsource\nEC-ICT-ICT-1C\t\t88,5\t2024\tStatistics Norway\n', 'text/csv; delimiter="\t"; decimal=","');
    expect(tabs.status).toBe(200);
    expect((await values(id)).map((v) => v.value)).toEqual([88.5]);

    const unknown = await importCsv(id, 'code,dataPoint,value,year,source\n', 'text/csv; delimiter="|"');
    expect(unknown.status).toBe(400);
    expectErrorShape(unknown.body, 400, 'VALIDATION_FAILED');
    expect(unknown.body.details[0]).toEqual(expect.objectContaining({ field: 'Content-Type' }));
  });

  it('refuses a decimal point in a decimal-comma file instead of guessing, naming row and column', async () => {
    const id = await engagement();
    const res = await importCsv(id, 'code;dataPoint;value;year;source\nEC-ICT-ICT-1C;;87,5;2024;x\nEC-ICT-ICT-2C;;1.234;2024;y\n');
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'row 3: value', row: 3, column: 'value', message: expect.stringMatching(/decimal comma/) })]);
    expect(await values(id)).toEqual([]);
  });

  it('keeps reading comma-separated files with decimal points', async () => {
    const id = await engagement();
    const res = await importCsv(id, 'code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,87.5,2024,"Statistics Norway, table 1"\n');
    expect(res.status).toBe(200);
    expect((await values(id)).map((v) => [v.value, v.source])).toEqual([[87.5, 'Statistics Norway, table 1']]);
  });

  it('checks a 5 MB file without stalling other requests, and names the bad row', async () => {
    const id = await engagement();
    // What a spreadsheet exports: a few values, then hundreds of thousands of rows of empty cells,
    // and one mistake at the very end — the whole file must be read to find it.
    const header = 'code,dataPoint,value,year,source,notes\n';
    const good = 'EC-ICT-ICT-1C,,55.5,2024,Statistics Norway,\nEC-ICT-ICT-2C,,90,2024,Regulator,\n';
    const empties = ',,,,,\n'.repeat(Math.ceil(5_000_000 / 6));
    const badRow = 3 + Math.ceil(5_000_000 / 6);
    const csv = `${header}${good}${empties}EC-P-EM-1C,,not a number,2024,x,\n`;
    expect(csv.length).toBeGreaterThanOrEqual(5_000_000);

    const started = Date.now();
    let importDone = 0;
    const upload = importCsv(id, csv).then((res) => {
      importDone = Date.now();
      return res;
    });
    // Meanwhile, one light request after another; each records when its answer came.
    const answered: number[] = [];
    while (importDone === 0) {
      const res = await server.http.get('/api/kpis/EC-ICT-ICT-1C').set(auth(contributor.token));
      expect(res.status).toBe(200);
      if (importDone === 0) answered.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const res = await upload;
    expect(res.status).toBe(400);
    // The other requests were answered while the file was being checked, not only before it was
    // received or after it was refused: some answers came in the second half of the import.
    const halfway = started + (importDone - started) / 2;
    expect(answered.filter((t) => t > halfway).length).toBeGreaterThan(0);
    expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: `row ${badRow + 1}: value`, row: badRow + 1, column: 'value' })]);
    expect(await values(id)).toEqual([]);
  }, 120_000);
});
