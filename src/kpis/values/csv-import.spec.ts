import { loadCatalogue } from '../catalogue/catalogue';
import { CsvImportError, declaredDialect, dialectOf, parseValuesCsv } from './csv-import';

const catalogue = loadCatalogue();

/** Why a file is refused: its problems, as "field: message". */
async function refusal(text: unknown, declared = {}): Promise<string[]> {
  try {
    await parseValuesCsv(text, catalogue, declared);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvImportError);
    return (error as CsvImportError).shown.map((d) => `${d.field}: ${d.message}`);
  }
  throw new Error('the file was accepted');
}

describe('parseValuesCsv', () => {
  it('reads every row, with URL-safe or official codes, columns in any order and case', async () => {
    const rows = await parseValuesCsv(
      '\uFEFFCode,value,DATAPOINT,year,source,dataQuality\n' +
        'EC-ICT-ICT-1C,87.5,,2024,Statistics Norway,accurate_measurement\n' +
        '"EC: ICT: ICT: 4C",99,4g,2023,"Regulator, annual report",\n',
      catalogue,
    );
    expect(rows.map((r) => [r.row, r.kpi.code, r.dataPoint, r.fields.value, r.fields.year, r.fields.source, r.fields.dataQuality])).toEqual([
      [2, 'EC-ICT-ICT-1C', null, 87.5, 2024, 'Statistics Norway', 'accurate_measurement'],
      [3, 'EC-ICT-ICT-4C', '4g', 99, 2023, 'Regulator, annual report', undefined],
    ]);
  });

  it('names the row (the header is row 1) and the column of every problem', async () => {
    expect(
      await refusal(
        'code,dataPoint,value,year,source\n' +
          'EC-ICT-ICT-1C,,50,2024,ok\n' +
          'EC-ICT-ICT-2C,,abc,2024,ok\n' +
          'EC-ICT-ICT-4C,,40,2024,ok\n' +
          'EC-ICT-ICT-3C,,,1890,\n' +
          'XX-1,,1,2024,ok\n' +
          'EC-ICT-ICT-1C,,60,2024,again\n' +
          'EC-ICT-ICT-1C,,60\n',
      ),
    ).toEqual([
      'row 3: value: value must be a number',
      'row 4: dataPoint: dataPoint is required for EC-ICT-ICT-4C: one of 3g, 4g',
      'row 5: value: value must be a number',
      expect.stringMatching(/^row 5: year: year must be a whole year from 1950 to \d{4}$/),
      'row 5: source: source must say where the value comes from',
      'row 6: code: unknown KPI code "XX-1"',
      'row 7: code: EC-ICT-ICT-1C is already given in row 2',
      'row 8: the row has 3 fields; the header has 5',
    ]);
  });

  it('stops reading a file once it has found 100 problems', async () => {
    const rows = Array.from({ length: 5000 }, () => 'EC-ICT-ICT-1C,,1,2024,x').join('\n');
    const error = await parseValuesCsv(`code,dataPoint,value,year,source\n${rows}\n`, catalogue).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvImportError);
    const { problems, message } = error as CsvImportError;
    expect(problems).toHaveLength(100);
    expect(problems[0]).toEqual(expect.objectContaining({ field: 'row 3: code', rule: 'unique' }));
    expect(problems[99].row).toBe(102);
    expect(message).toMatch(/^The file has at least 100 problems \(reading stopped there\)/);
  });

  it('gives each problem its row and column as data', async () => {
    const error = await parseValuesCsv('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,abc,2024,x\n', catalogue).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvImportError);
    expect((error as CsvImportError).problems).toEqual([expect.objectContaining({ field: 'row 2: value', row: 2, column: 'value' })]);
    expect((error as CsvImportError).message).toMatch(/^The file has 1 problem; nothing was written/);
  });

  it('refuses values out of range and unexpected data points', async () => {
    expect(await refusal('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,3g,150,2024,x\n')).toEqual([
      'row 2: dataPoint: dataPoint is not allowed: EC-ICT-ICT-1C has a single value',
      'row 2: value: value must be between 0 and 100 (Percentage)',
    ]);
  });

  it('refuses an empty file, a header without rows, and missing or unknown columns', async () => {
    expect(await refusal('')).toEqual([expect.stringMatching(/^file: the file is empty/)]);
    expect(await refusal(undefined)).toEqual([expect.stringMatching(/^file: the file is empty/)]);
    expect(await refusal('code,dataPoint,value,year,source\n')).toEqual(['file: the file has a header but no rows']);
    expect(await refusal('code|dataPoint|value|year|source\nEC-ICT-ICT-1C||1|2024|x\n')).toEqual([
      expect.stringMatching(/^header: unknown column "code\|dataPoint\|value\|year\|source"/),
      expect.stringMatching(/^header: missing columns code, dataPoint, value, year, source/),
    ]);
    expect(await refusal('code,value,year,source,colour\nEC-ICT-ICT-1C,1,2024,x,red\n')).toEqual([
      expect.stringMatching(/^header: unknown column "colour"/),
      expect.stringMatching(/^header: missing column dataPoint/),
    ]);
  });

  it('reports a malformed file with the line it stopped at', async () => {
    expect(await refusal('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,"50,2024,x\n')).toEqual([expect.stringMatching(/^row \d+: .*quote/i)]);
  });
});

describe('CSV dialects: what European spreadsheets write', () => {
  it('detects the separator from the header line, and a decimal comma with semicolons', () => {
    expect(dialectOf('code,dataPoint,value,year,source\n1;2')).toEqual({ delimiter: ',', decimal: '.' });
    expect(dialectOf('code;dataPoint;value;year;source\n1,2')).toEqual({ delimiter: ';', decimal: ',' });
    expect(dialectOf('code\tdataPoint\tvalue\tyear\tsource\n')).toEqual({ delimiter: '\t', decimal: '.' });
    expect(dialectOf('"a;b",c,d\n')).toEqual({ delimiter: ',', decimal: '.' });
    expect(dialectOf('code\n')).toEqual({ delimiter: ',', decimal: '.' });
    expect(dialectOf('code;value\n', { decimal: '.' })).toEqual({ delimiter: ';', decimal: '.' });
    expect(dialectOf('code,value\n', { delimiter: ';' })).toEqual({ delimiter: ';', decimal: ',' });
  });

  it('reads what the Content-Type declares, and refuses what it cannot', () => {
    expect(declaredDialect('text/csv')).toEqual({});
    expect(declaredDialect(undefined)).toEqual({});
    expect(declaredDialect('text/csv; charset=utf-8; delimiter=";"; decimal=","')).toEqual({ delimiter: ';', decimal: ',' });
    expect(declaredDialect('text/csv;delimiter=semicolon;decimal=.')).toEqual({ delimiter: ';', decimal: '.' });
    expect(declaredDialect('text/csv; delimiter=tab')).toEqual({ delimiter: '\t' });
    expect(() => declaredDialect('text/csv; delimiter="|"')).toThrow(CsvImportError);
    expect(() => declaredDialect('text/csv; decimal=x')).toThrow(CsvImportError);
  });

  it('reads a semicolon file with decimal commas, quoted separators and CRLF lines', async () => {
    const rows = await parseValuesCsv(
      'code;dataPoint;value;year;source\r\nEC-ICT-ICT-1C;;87,5;2024;"Statistics; Norway"\r\nEN-EN-AQ-1C;pm2-5;+0,25e1;2024;x\r\nEC-ICT-ICT-2C;;,5;2024;y\r\n',
      catalogue,
    );
    expect(rows.map((r) => [r.row, r.fields.value, r.fields.source])).toEqual([
      [2, 87.5, 'Statistics; Norway'],
      [3, 2.5, 'x'],
      [4, 0.5, 'y'],
    ]);
    expect(await refusal('code;dataPoint;value;year;source\nEN-EN-AQ-1C;pm2-5;-0,25e1;2024;x\n')).toEqual([expect.stringMatching(/^row 2: value: value must be at least 0/)]);
  });

  it('refuses a decimal point in a decimal-comma file, and a decimal comma in a decimal-point file', async () => {
    expect(await refusal('code;dataPoint;value;year;source\nEC-ICT-ICT-1C;;1.234;2024;x\n')).toEqual([
      expect.stringMatching(/^row 2: value: value must be a number with a decimal comma, like 12,5.*decimal="\."/),
    ]);
    expect(await refusal('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,"12,5",2024,x\n')).toEqual([
      expect.stringMatching(/^row 2: value: value must be a number with a decimal point, like 12.5.*decimal=","/),
    ]);
    const declared = await parseValuesCsv('code;dataPoint;value;year;source\nEC-ICT-ICT-1C;;12.5;2024;x\n', catalogue, { decimal: '.' });
    expect(declared.map((r) => r.fields.value)).toEqual([12.5]);
    expect(await refusal('code;dataPoint;value;year;source\nEC-ICT-ICT-1C;;12,5x;2024;x\n')).toEqual(['row 2: value: value must be a number']);
  });
});
