import { validateSync } from 'class-validator';
import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FieldProblem, fieldProblems } from '../../common/field-problems';
import { itemKey } from '../../scoring/engine';
import { Catalogue, CatalogueKpi, findKpi } from '../catalogue/catalogue';
import { PutKpiValueDto } from './kpi-values.dto';
import { dataPointOf, submissionProblems } from './value-rules';

export const REQUIRED_COLUMNS = ['code', 'dataPoint', 'value', 'year', 'source'] as const;
export const OPTIONAL_COLUMNS = ['dataQuality', 'evidenceUrl', 'notes', 'dataOrigin'] as const;
export const COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
/** A column of an import: the same for a CSV file and a workbook (whose headers name them for people). */
export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** At most this many problems are listed; reading stops when this many are found (a file this wrong is to be fixed first). */
export const MAX_DETAILS = 100;

/** Parsing and checking hand the event loop back at least this often (ms), so that a big file stalls no other request. */
const SLICE_MS = 10;

/** The file is fed to the parser in pieces of this many characters. */
const CHUNK = 64 * 1024;

export const DELIMITERS = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;
export type Delimiter = keyof typeof DELIMITERS;
export type DecimalMark = '.' | ',';

/** How a file is written: its separator and its decimal mark. */
export interface CsvDialect {
  delimiter: Delimiter;
  decimal: DecimalMark;
}

/** One problem of a file: where (row = line of the file, the header being row 1; column) and what. */
export interface CsvProblem extends FieldProblem {
  row?: number;
  column?: string;
}

/**
 * A refused file (CSV or workbook), with every problem found (plain data, no HTTP): the HTTP layer answers it as a
 * 400 VALIDATION_FAILED whose details are the problems. Nothing was written.
 */
export class CsvImportError extends Error {
  constructor(
    readonly problems: CsvProblem[],
    message = CsvImportError.summary(problems),
  ) {
    super(message);
    this.name = 'CsvImportError';
  }

  /** The problems to list (the first MAX_DETAILS). */
  get shown(): CsvProblem[] {
    return this.problems.slice(0, MAX_DETAILS);
  }

  private static summary(problems: CsvProblem[]): string {
    const first = problems
      .slice(0, 3)
      .map((p) => `${p.field}: ${p.message}`)
      .join('; ');
    if (problems.length >= MAX_DETAILS) {
      return `The file has at least ${MAX_DETAILS} problems (reading stopped there); nothing was written. ${first}`;
    }
    return `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written. ${first}`;
  }
}

/** A problem at a row and column: field "row 3: value". */
const at = (row: number, column: string | undefined, p: Omit<CsvProblem, 'field'>): CsvProblem => ({
  ...p,
  field: column === undefined ? `row ${row}` : `row ${row}: ${column}`,
  row,
  ...(column === undefined ? {} : { column }),
});

const fail = (problems: CsvProblem[]): never => {
  throw new CsvImportError(problems);
};

/** One row of an import, checked: ready to be written. `row` is the line of the file (header = 1). */
export interface ImportRow {
  row: number;
  kpi: CatalogueKpi;
  dataPoint: string | null;
  fields: PutKpiValueDto;
}

const WHOLE = /^[+-]?\d+$/;
const NUMBER: Record<DecimalMark, RegExp> = {
  '.': /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/,
  ',': /^[+-]?(\d+(,\d*)?|,\d+)([eE][+-]?\d+)?$/,
};

/** Parameters of a Content-Type header (`text/csv; delimiter=";"; decimal=","`), names lower-cased. */
function mediaTypeParameters(contentType: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (let m = pattern.exec(contentType); m; m = pattern.exec(contentType)) {
    params.set(m[1].toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
  }
  return params;
}

/**
 * The dialect a request declares in its Content-Type: `delimiter` (`,` `;` or a tab, or the words
 * comma, semicolon, tab) and `decimal` (`.` or `,`). Anything else is refused, naming the header.
 */
export function declaredDialect(contentType: string | undefined): Partial<CsvDialect> {
  const params = mediaTypeParameters(contentType ?? '');
  const declared: Partial<CsvDialect> = {};
  const problems: CsvProblem[] = [];
  const delimiter = params.get('delimiter') ?? params.get('separator');
  if (delimiter !== undefined) {
    const found = (Object.entries(DELIMITERS) as [Delimiter, string][]).find(([char, word]) => delimiter === char || delimiter.toLowerCase() === word);
    if (found) declared.delimiter = found[0];
    else problems.push({ field: 'Content-Type', rule: 'delimiter', message: 'delimiter must be "," or ";" or a tab (or the words comma, semicolon, tab)' });
  }
  const decimal = params.get('decimal');
  if (decimal !== undefined) {
    if (decimal === '.' || decimal === ',') declared.decimal = decimal;
    else problems.push({ field: 'Content-Type', rule: 'decimal', message: 'decimal must be "." or ","' });
  }
  if (problems.length > 0) fail(problems);
  return declared;
}

/**
 * The dialect of a file: what is declared, else the separator the header line uses most (comma,
 * semicolon or tab; a comma when there is none), and the decimal mark that goes with it — a comma
 * for semicolon-separated files (what spreadsheets write where the decimal mark is a comma), a
 * point otherwise.
 */
export function dialectOf(text: string, declared: Partial<CsvDialect> = {}): CsvDialect {
  const end = text.indexOf('\n');
  const header = (end < 0 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const count = (char: string) => header.split(char).length - 1;
  const detected = (Object.keys(DELIMITERS) as Delimiter[]).reduce((best, char) => (count(char) > count(best) ? char : best), ',' as Delimiter);
  const delimiter = declared.delimiter ?? detected;
  return { delimiter, decimal: declared.decimal ?? (delimiter === ';' ? ',' : '.') };
}

/** A number where the cell holds one in the file's decimal mark; otherwise the text, for validation to name. */
function numberCell(cell: string, decimal: DecimalMark): { value: number | string | undefined; problem?: string } {
  if (cell === '') return { value: undefined };
  if (NUMBER[decimal].test(cell)) return { value: Number(decimal === ',' ? cell.replace(',', '.') : cell) };
  const other: DecimalMark = decimal === ',' ? '.' : ',';
  if (NUMBER[other].test(cell) && /[.,]/.test(cell)) {
    const example = decimal === ',' ? '12,5' : '12.5';
    const declare = `declare decimal="${other}" in the Content-Type to read ${other === '.' ? 'points' : 'commas'}`;
    return { value: cell, problem: `value must be a number with a decimal ${decimal === ',' ? 'comma' : 'point'}, like ${example}, as the file is read (${declare})` };
  }
  return { value: cell };
}

function headerColumns(header: string[]): Column[] {
  const problems: CsvProblem[] = [];
  const columns = header.map((name) => {
    const column = COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) {
      problems.push({ field: 'header', row: 1, rule: 'column', message: `unknown column "${name}": the columns are ${COLUMNS.join(', ')}` });
    }
    return column as Column;
  });
  for (const column of COLUMNS) {
    const count = columns.filter((c) => c === column).length;
    if (count > 1) problems.push({ field: 'header', row: 1, rule: 'column', message: `column "${column}" appears ${count} times` });
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    problems.push({
      field: 'header',
      row: 1,
      rule: 'column',
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the header must be ${REQUIRED_COLUMNS.join(',')} (optional: ${OPTIONAL_COLUMNS.join(', ')})`,
    });
  }
  if (problems.length > 0) fail(problems);
  return columns;
}

/** Checks one row against the same rules as a single submission; its problems are named "row N: field". */
function checkRow(
  row: number,
  cells: Partial<Record<Column, string>>,
  kpiOf: (code: string) => CatalogueKpi | undefined,
  decimal: DecimalMark,
): { problems: CsvProblem[]; parsed?: ImportRow } {
  const code = cells.code ?? '';
  const kpi = code === '' ? undefined : kpiOf(code);
  const value = numberCell(cells.value ?? '', decimal);
  const plain = {
    value: value.value,
    year: cells.year && WHOLE.test(cells.year) ? Number(cells.year) : cells.year || undefined,
    source: cells.source || undefined,
    dataPoint: cells.dataPoint || undefined,
    dataQuality: cells.dataQuality || undefined,
    evidenceUrl: cells.evidenceUrl || undefined,
    notes: cells.notes || undefined,
    dataOrigin: cells.dataOrigin || undefined,
  };
  // Cells are trimmed by the parser: no transformation left to do (plainToInstance would cost most of the time of a big file).
  const fields = Object.assign(new PutKpiValueDto(), plain);
  const problems: FieldProblem[] = fieldProblems(validateSync(fields, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }));
  if (value.problem) {
    const i = problems.findIndex((p) => p.field === 'value');
    const problem = { field: 'value', rule: 'decimal', message: value.problem };
    if (i >= 0) problems[i] = problem;
    else problems.unshift(problem);
  }
  if (!kpi) {
    const message = code === '' ? 'code is required' : `unknown KPI code "${code}"`;
    problems.unshift({ field: 'code', rule: 'kpi', message });
  } else {
    const seen = new Set(problems.map((p) => p.field));
    problems.push(...submissionProblems(kpi, fields).filter((p) => !seen.has(p.field)));
  }
  if (problems.length > 0 || !kpi) return { problems: problems.map((p) => at(row, p.field, { rule: p.rule, message: p.message })) };
  return { problems: [], parsed: { row, kpi, dataPoint: dataPointOf(fields.dataPoint), fields } };
}

/**
 * The rows of one file, checked one at a time as the file is read — a CSV file or a workbook, with
 * the same rules as a single submission (`checkRow`): cells are text, as a file holds them (numbers
 * in the given decimal mark); a KPI and data point given twice is named at its second row.
 */
export class RowChecker {
  /** The rows that passed, in the order given. */
  readonly rows: ImportRow[] = [];
  private readonly known = new Map<string, CatalogueKpi | undefined>();
  private readonly firstRowOf = new Map<string, number>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly decimal: DecimalMark = '.',
  ) {}

  /** Checks one row (`row`: its number in the file, the header being row 1); answers its problems, [] when it passed. */
  check(row: number, cells: Partial<Record<Column, string>>): CsvProblem[] {
    const checked = checkRow(row, cells, (code) => this.kpiOf(code), this.decimal);
    if (!checked.parsed) return checked.problems;
    const key = itemKey(checked.parsed.kpi.code, checked.parsed.dataPoint);
    const first = this.firstRowOf.get(key);
    if (first !== undefined) {
      const what = checked.parsed.dataPoint ? `${checked.parsed.kpi.code} data point ${checked.parsed.dataPoint}` : checked.parsed.kpi.code;
      return [at(row, 'code', { rule: 'unique', message: `${what} is already given in row ${first}` })];
    }
    this.firstRowOf.set(key, row);
    this.rows.push(checked.parsed);
    return [];
  }

  private kpiOf(code: string): CatalogueKpi | undefined {
    if (!this.known.has(code)) this.known.set(code, findKpi(this.catalogue, code));
    return this.known.get(code);
  }
}

/** Resolves once the event loop has had a turn, if this slice of work has run long enough. */
export function yielder(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < SLICE_MS) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}

/** The file a piece at a time, giving the event loop back between pieces once a time slice is used up. */
async function* chunks(text: string): AsyncGenerator<string> {
  const pause = yielder();
  for (let i = 0; i < text.length; i += CHUNK) {
    await pause();
    yield text.slice(i, i + CHUNK);
  }
}

/**
 * Reads a CSV of KPI values (`code,dataPoint,value,year,source`, optional `dataQuality,evidenceUrl,
 * notes,dataOrigin`; columns in any order, names case-insensitive) and checks every row before
 * anything is written. Comma-, semicolon- or tab-separated, decimal point or comma (see dialectOf;
 * `declared` comes from the Content-Type). Any problem: a CsvImportError naming each row and column
 * (`{field: "row 3: value", row: 3, column: "value", …}`), rows counted as lines of the file with
 * the header as row 1. `code` may be the URL-safe or the official code. A KPI and data point may
 * appear only once. Rows whose every cell is empty are skipped. A big file is parsed and checked a slice at a time, giving the event loop back
 * every few milliseconds, so other requests are answered meanwhile.
 */
export async function parseValuesCsv(text: unknown, catalogue: Catalogue, declared: Partial<CsvDialect> = {}): Promise<ImportRow[]> {
  if (typeof text !== 'string' || text.trim() === '') {
    fail([{ field: 'file', rule: 'notEmpty', message: `the file is empty: send a header (${REQUIRED_COLUMNS.join(',')}) and one row per value` }]);
  }
  const source = text as string;
  const dialect = dialectOf(source.replace(/^\uFEFF/, ''), declared);
  const parser = Readable.from(chunks(source)).pipe(
    // A spreadsheet export often ends with rows of empty cells (",,,,"): they are no values.
    parse({ bom: true, trim: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true, info: true, delimiter: dialect.delimiter }),
  );
  const checker = new RowChecker(catalogue, dialect.decimal);
  const pause = yielder();

  let columns: Column[] | undefined;
  const problems: CsvProblem[] = [];
  try {
    // With `info`, each record comes as {record, info}.
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (problems.length >= MAX_DETAILS) break;
      await pause();
      const row = info.lines;
      if (columns === undefined) {
        columns = headerColumns(record);
        continue;
      }
      if (record.length !== columns.length) {
        problems.push(at(row, undefined, { rule: 'columns', message: `the row has ${record.length} fields; the header has ${columns.length}` }));
        continue;
      }
      const cells: Partial<Record<Column, string>> = {};
      columns.forEach((column, i) => (cells[column] = record[i]));
      problems.push(...checker.check(row, cells));
    }
  } catch (error) {
    parser.destroy();
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === 'number' ? error.lines : undefined;
    const problem = { rule: 'csv', message: error.message };
    return fail([...problems, line === undefined ? { field: 'file', ...problem } : at(line, undefined, problem)]);
  }
  if (columns === undefined) fail([{ field: 'file', rule: 'notEmpty', message: 'the file has no header' }]);
  if (problems.length === 0 && checker.rows.length === 0) fail([{ field: 'file', rule: 'notEmpty', message: 'the file has a header but no rows' }]);
  if (problems.length > 0) fail(problems);
  return checker.rows;
}
