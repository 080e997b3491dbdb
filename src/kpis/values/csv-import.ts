import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CsvError, parse } from 'csv-parse/sync';
import { badRequest, FieldProblem } from '../../common/api-error';
import { fieldProblems } from '../../common/validation';
import { itemKey } from '../../scoring/engine';
import { Catalogue, CatalogueKpi, findKpi } from '../catalogue/catalogue';
import { PutKpiValueDto } from './kpi-values.dto';
import { dataPointOf, submissionProblems } from './value-rules';

export const REQUIRED_COLUMNS = ['code', 'dataPoint', 'value', 'year', 'source'] as const;
export const OPTIONAL_COLUMNS = ['dataQuality', 'evidenceUrl', 'notes', 'dataOrigin'] as const;
const COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** At most this many problems are listed; the message gives the total. */
const MAX_DETAILS = 100;

/** One row of an import, checked: ready to be written. `row` is the line of the file (header = 1). */
export interface ImportRow {
  row: number;
  kpi: CatalogueKpi;
  dataPoint: string | null;
  fields: PutKpiValueDto;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const WHOLE = /^[+-]?\d+$/;

/** A number where the cell holds one; otherwise the text, so that validation names the problem. */
const numberOr = (cell: string, pattern: RegExp): number | string | undefined =>
  cell === '' ? undefined : pattern.test(cell) ? Number(cell) : cell;

function fail(problems: FieldProblem[]): never {
  const shown = problems.slice(0, MAX_DETAILS);
  const summary = problems
    .slice(0, 3)
    .map((p) => `${p.field}: ${p.message}`)
    .join('; ');
  throw badRequest(
    `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written. ${summary}` +
      (problems.length > shown.length ? ` (the first ${shown.length} are listed)` : ''),
    shown,
  );
}

function headerColumns(header: string[]): Column[] {
  const problems: FieldProblem[] = [];
  const columns = header.map((name) => {
    const column = COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) {
      problems.push({ field: 'header', rule: 'column', message: `unknown column "${name}": the columns are ${COLUMNS.join(', ')}` });
    }
    return column as Column;
  });
  for (const column of COLUMNS) {
    const count = columns.filter((c) => c === column).length;
    if (count > 1) problems.push({ field: 'header', rule: 'column', message: `column "${column}" appears ${count} times` });
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    problems.push({
      field: 'header',
      rule: 'column',
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the header must be ${REQUIRED_COLUMNS.join(',')} (optional: ${OPTIONAL_COLUMNS.join(', ')})`,
    });
  }
  if (problems.length > 0) fail(problems);
  return columns;
}

/** Checks one row against the same rules as a single submission; its problems are named "row N: field". */
function checkRow(row: number, cells: Partial<Record<Column, string>>, catalogue: Catalogue): { problems: FieldProblem[]; parsed?: ImportRow } {
  const at = (p: FieldProblem): FieldProblem => ({ ...p, field: `row ${row}: ${p.field}` });
  const code = cells.code ?? '';
  const kpi = code === '' ? undefined : findKpi(catalogue, code);
  const plain = {
    value: numberOr(cells.value ?? '', DECIMAL),
    year: numberOr(cells.year ?? '', WHOLE),
    source: cells.source || undefined,
    dataPoint: cells.dataPoint || undefined,
    dataQuality: cells.dataQuality || undefined,
    evidenceUrl: cells.evidenceUrl || undefined,
    notes: cells.notes || undefined,
    dataOrigin: cells.dataOrigin || undefined,
  };
  const fields = plainToInstance(PutKpiValueDto, plain);
  const problems = fieldProblems(validateSync(fields, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }));
  if (!kpi) {
    const message = code === '' ? 'code is required' : `unknown KPI code "${code}"`;
    problems.unshift({ field: 'code', rule: 'kpi', message });
  } else {
    const seen = new Set(problems.map((p) => p.field));
    problems.push(...submissionProblems(kpi, fields).filter((p) => !seen.has(p.field)));
  }
  if (problems.length > 0 || !kpi) return { problems: problems.map(at) };
  return { problems: [], parsed: { row, kpi, dataPoint: dataPointOf(fields.dataPoint), fields } };
}

/**
 * Reads a CSV of KPI values (`code,dataPoint,value,year,source`, optional `dataQuality,evidenceUrl,
 * notes,dataOrigin`; columns in any order, names case-insensitive) and checks every row before
 * anything is written. Any problem: a 400 whose details name each row and column
 * (`{field: "row 3: value", …}`), rows counted as lines of the file with the header as row 1.
 * `code` may be the URL-safe or the official code. A KPI and data point may appear only once.
 */
export function parseValuesCsv(text: unknown, catalogue: Catalogue): ImportRow[] {
  if (typeof text !== 'string' || text.trim() === '') {
    fail([{ field: 'file', rule: 'notEmpty', message: `the file is empty: send a header (${REQUIRED_COLUMNS.join(',')}) and one row per value` }]);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes as {record, info} (the typings do not model that option).
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : undefined;
    return fail([{ field: line === undefined ? 'file' : `row ${line}`, rule: 'csv', message: error.message }]);
  }
  const [header, ...rows] = records;
  if (!header) fail([{ field: 'file', rule: 'notEmpty', message: 'the file has no header' }]);
  const columns = headerColumns(header.record);
  if (rows.length === 0) fail([{ field: 'file', rule: 'notEmpty', message: 'the file has a header but no rows' }]);

  const problems: FieldProblem[] = [];
  const parsed: ImportRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { record, info } of rows) {
    const row = info.lines;
    if (record.length !== columns.length) {
      problems.push({ field: `row ${row}`, rule: 'columns', message: `the row has ${record.length} fields; the header has ${columns.length}` });
      continue;
    }
    const cells: Partial<Record<Column, string>> = {};
    columns.forEach((column, i) => (cells[column] = record[i]));
    const checked = checkRow(row, cells, catalogue);
    problems.push(...checked.problems);
    if (!checked.parsed) continue;
    const key = itemKey(checked.parsed.kpi.code, checked.parsed.dataPoint);
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      const what = checked.parsed.dataPoint ? `${checked.parsed.kpi.code} data point ${checked.parsed.dataPoint}` : checked.parsed.kpi.code;
      problems.push({ field: `row ${row}: code`, rule: 'unique', message: `${what} is already given in row ${first}` });
      continue;
    }
    firstRowOf.set(key, row);
    parsed.push(checked.parsed);
  }
  if (problems.length > 0) fail(problems);
  return parsed;
}
