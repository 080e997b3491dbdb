import { Workbook, type Worksheet } from 'exceljs';
import { loadCatalogue } from '../catalogue/catalogue';
import { CsvImportError, type CsvProblem } from './csv-import';
import { buildValuesWorkbook, columnLetter, readValuesWorkbook, type StoredValue, VALUES_SHEET } from './workbook';

const catalogue = loadCatalogue();
const about = { engagementId: 'e-1', city: 'Ålesund', cycle: 2, version: 7, madeAt: new Date('2025-03-01T10:00:00Z') };
const stored = (over: Partial<StoredValue> & Pick<StoredValue, 'code'>): StoredValue => ({
  dataPoint: null,
  status: 'submitted',
  value: null,
  year: null,
  source: null,
  dataQuality: null,
  evidenceUrl: null,
  dataOrigin: null,
  notes: null,
  ...over,
});

async function open(bytes: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.getWorksheet(VALUES_SHEET) as Worksheet;
}

async function save(sheet: Worksheet): Promise<Buffer> {
  return Buffer.from((await sheet.workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The sheet row of a KPI item, found by its code and data point cells. */
function rowOf(sheet: Worksheet, code: string, dataPoint: string | null = null): number {
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (row.getCell(1).value === code && (row.getCell(4).value ?? null) === dataPoint) return r;
  }
  throw new Error(`no row for ${code} ${dataPoint}`);
}

/** Types into cells of a row, by column letter, as a city would. */
function fill(sheet: Worksheet, row: number, cells: Record<string, unknown>): void {
  for (const [column, value] of Object.entries(cells)) sheet.getRow(row).getCell(column).value = value as never;
}

async function refusal(bytes: Buffer): Promise<CsvProblem[]> {
  const error = await readValuesWorkbook(bytes, catalogue).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CsvImportError);
  return (error as CsvImportError).problems;
}

describe('the KPI data-collection workbook', () => {
  let template: Buffer;

  beforeAll(async () => {
    template = await buildValuesWorkbook(
      catalogue,
      [
        stored({ code: 'EC-ICT-ICT-1C', value: 87.5, year: 2024, source: '=HYPERLINK("http://evil","click")', dataQuality: 'survey_extrapolation', status: 'verified' }),
        stored({ code: 'EC-ICT-ICT-2C', status: 'not_available', notes: 'not collected' }),
      ],
      about,
    );
  });

  it('has one row per single-value KPI and per data point, in catalogue order, and the current values', async () => {
    const sheet = await open(template);
    const items = catalogue.kpis.flatMap((k) => (k.dataPoints.length === 0 ? [[k.code, null]] : k.dataPoints.map((d) => [k.code, d.key])));
    expect(sheet.rowCount).toBe(items.length + 1);
    const rows = items.map((_, i) => sheet.getRow(i + 2));
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(4).value ?? null])).toEqual(items);
    const first = sheet.getRow(rowOf(sheet, 'EC-ICT-ICT-1C'));
    expect([first.getCell('J').value, first.getCell('K').value, first.getCell('M').value, first.getCell('Q').value]).toEqual([
      87.5,
      2024,
      'Extrapolated from a survey of inhabitants',
      'verified',
    ]);
    // The formula-looking source is written after an apostrophe, as text: no spreadsheet runs it.
    expect(first.getCell('L').value).toBe(`'=HYPERLINK("http://evil","click")`);
    // A value marked not available shows its status, and no input to send back.
    const notAvailable = sheet.getRow(rowOf(sheet, 'EC-ICT-ICT-2C'));
    expect(notAvailable.getCell('Q').value).toBe('not_available');
    expect(['J', 'K', 'L', 'P'].map((c) => notAvailable.getCell(c).value ?? null)).toEqual([null, null, null, null]);
  });

  it('reads back unchanged: the stored value, its source exactly as stored', async () => {
    const rows = await readValuesWorkbook(template, catalogue);
    expect(rows.map((r) => [r.row, r.kpi.code, r.dataPoint, r.fields])).toEqual([
      [
        rowOf(await open(template), 'EC-ICT-ICT-1C'),
        'EC-ICT-ICT-1C',
        null,
        { value: 87.5, year: 2024, source: '=HYPERLINK("http://evil","click")', dataQuality: 'survey_extrapolation' },
      ],
    ]);
  });

  it('reads what a city types: numbers, text, a picked data quality, a hyperlink, a formula with a number', async () => {
    const sheet = await open(template);
    const air = sheet.getRow(rowOf(sheet, 'EN-EN-AQ-1C', 'pm2-5'));
    air.getCell('J').value = { formula: '16.5/2', result: 8.25 };
    air.getCell('K').value = 2024;
    air.getCell('L').value = '  Air monitoring network  ';
    air.getCell('M').value = 'based on accurate measurements';
    air.getCell('N').value = { text: 'report', hyperlink: 'https://example.org/air.pdf' };
    air.getCell('P').value = { richText: [{ text: 'annual ' }, { text: 'mean' }] };
    const rows = await readValuesWorkbook(await save(sheet), catalogue);
    expect(rows.find((r) => r.kpi.code === 'EN-EN-AQ-1C')?.fields).toEqual({
      dataPoint: 'pm2-5',
      value: 8.25,
      year: 2024,
      source: 'Air monitoring network',
      dataQuality: 'accurate_measurement',
      evidenceUrl: 'https://example.org/air.pdf',
      notes: 'annual mean',
    });
  });

  it('names each bad cell by sheet, cell, column letter and header, with the rules of the CSV import', async () => {
    const sheet = await open(template);
    const r1 = rowOf(sheet, 'EC-ICT-WS-1C');
    const r2 = rowOf(sheet, 'EC-ICT-ICT-4C', '4g');
    const r3 = rowOf(sheet, 'EN-EN-AQ-1C', 'pm10');
    fill(sheet, r1, { J: 150, K: 2024, L: 'Regulator' });
    fill(sheet, r2, { J: 'ninety', K: 2024, L: 'Regulator', M: 'Very good' });
    fill(sheet, r3, { J: { formula: 'A1', result: 'text' }, K: true, L: 'x' });
    const problems = await refusal(await save(sheet));
    const named = problems.map((p) => [p.field, p.header, p.rule]);
    // In the order of the sheet's rows (r2 comes before r1).
    expect(named).toEqual([
      [`'KPI values'!J${r2}`, 'Value', 'isNumber'],
      [`'KPI values'!M${r2}`, 'Data quality', 'isIn'],
      [`'KPI values'!J${r1}`, 'Value', 'range'],
      [`'KPI values'!J${r3}`, 'Value', 'formula'],
      [`'KPI values'!K${r3}`, 'Year', 'cell'],
    ]);
    expect(problems[2]).toEqual(expect.objectContaining({ sheet: VALUES_SHEET, row: r1, column: 'J', message: expect.stringMatching(/value must be .*100/) }));
    expect(problems[1].message).toMatch(/pick the data quality from the list: Based on accurate measurements;/);
  });

  it('skips rows whose input cells are empty; refuses a workbook with nothing filled in', async () => {
    const empty = await buildValuesWorkbook(catalogue, [], about);
    expect((await refusal(empty)).map((p) => [p.field, p.rule])).toEqual([['file', 'notEmpty']]);
  });

  it('refuses a KPI item given twice, naming the second row', async () => {
    const sheet = await open(template);
    const again = rowOf(sheet, 'EC-ICT-ICT-2C');
    fill(sheet, again, { A: 'EC-ICT-ICT-1C', J: 50, K: 2024, L: 'again' });
    const problems = await refusal(await save(sheet));
    expect(problems).toEqual([expect.objectContaining({ field: `'KPI values'!A${again}`, header: 'Code', rule: 'unique' })]);
  });

  it('refuses what is not the workbook: another file, another sheet, a header row without its columns', async () => {
    expect((await refusal(Buffer.from('code,value\n'))).map((p) => p.field)).toEqual(['file']);
    const other = new Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'hello';
    expect((await refusal(Buffer.from((await other.xlsx.writeBuffer()) as ArrayBuffer)))[0].message).toMatch(/no sheet "KPI values" \(sheets: "Sheet1"\)/);
    const sheet = await open(template);
    sheet.getCell('J1').value = 'Amount';
    expect((await refusal(await save(sheet)))[0]).toEqual(expect.objectContaining({ field: "'KPI values'!1:1", message: 'missing column Value in the header row' }));
  });

  it('counts columns by letter past Z', () => {
    expect([1, 10, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'J', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
