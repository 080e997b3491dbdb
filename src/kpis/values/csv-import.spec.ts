import { ApiError } from '../../common/api-error';
import { loadCatalogue } from '../catalogue/catalogue';
import { parseValuesCsv } from './csv-import';

const catalogue = loadCatalogue();

/** The 400 a file is refused with: its details, as "field: message". */
function refusal(text: unknown): string[] {
  try {
    parseValuesCsv(text, catalogue);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.getStatus()).toBe(400);
    return (e.extra.details as { field: string; message: string }[]).map((d) => `${d.field}: ${d.message}`);
  }
  throw new Error('the file was accepted');
}

describe('parseValuesCsv', () => {
  it('reads every row, with URL-safe or official codes, columns in any order and case', () => {
    const rows = parseValuesCsv(
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

  it('names the row (the header is row 1) and the column of every problem', () => {
    expect(
      refusal(
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

  it('refuses values out of range and unexpected data points', () => {
    expect(refusal('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,3g,150,2024,x\n')).toEqual([
      'row 2: dataPoint: dataPoint is not allowed: EC-ICT-ICT-1C has a single value',
      'row 2: value: value must be between 0 and 100 (Percentage)',
    ]);
  });

  it('refuses an empty file, a header without rows, and missing or unknown columns', () => {
    expect(refusal('')).toEqual([expect.stringMatching(/^file: the file is empty/)]);
    expect(refusal(undefined)).toEqual([expect.stringMatching(/^file: the file is empty/)]);
    expect(refusal('code,dataPoint,value,year,source\n')).toEqual(['file: the file has a header but no rows']);
    expect(refusal('code;dataPoint;value;year;source\nEC-ICT-ICT-1C;;1;2024;x\n')).toEqual([
      expect.stringMatching(/^header: unknown column "code;dataPoint;value;year;source"/),
      expect.stringMatching(/^header: missing columns code, dataPoint, value, year, source/),
    ]);
    expect(refusal('code,value,year,source,colour\nEC-ICT-ICT-1C,1,2024,x,red\n')).toEqual([
      expect.stringMatching(/^header: unknown column "colour"/),
      expect.stringMatching(/^header: missing column dataPoint/),
    ]);
  });

  it('reports a malformed file with the line it stopped at', () => {
    expect(refusal('code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,"50,2024,x\n')).toEqual([expect.stringMatching(/^row \d+: .*quote/i)]);
  });
});
