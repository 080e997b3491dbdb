import { type Cell, type CellValue, type Worksheet, Workbook } from 'exceljs';
import { CSV_LIMIT, XLSX_TYPE } from '../../common/body-parsing';
import { textProblem } from '../../common/hostile-input';
import type { ValueStatus } from '../../scoring/engine';
import type { Catalogue, CatalogueDataPoint, CatalogueKpi } from '../catalogue/catalogue';
import { type Column, CsvImportError, type CsvProblem, type ImportRow, MAX_DETAILS, RowChecker, yielder } from './csv-import';
import { DATA_QUALITY, DATA_QUALITY_KEYS, type DataQuality } from './data-quality';
import { FIRST_YEAR } from './kpi-values.dto';
import { neutralise, restore } from './spreadsheet-text';
import { checkZip, ZipRefused } from './zip-check';

/**
 * The KPI data-collection workbook (U4SSC collects its data in an Excel workbook): written for one
 * engagement with its current values, and read back into the same rows a CSV import checks
 * (`RowChecker`: one rule set). Written and read with exceljs; what comes in is checked first
 * (`checkZip`: sizes from the zip's central directory, inflation capped; rows and cells counted)
 * so that exceljs never opens a zip bomb or a sheet of a hundred thousand rows.
 */

export const VALUES_SHEET = 'KPI values';
export const INSTRUCTIONS_SHEET = 'Instructions';

/**
 * What a workbook sent back may hold. The template is about 120 rows of 17 columns and unpacks to
 * well under 1 MB; these limits leave room for a city's own notes and sheets while keeping
 * exceljs's reading (which does not hand the event loop back) to a fraction of a second.
 */
export const WORKBOOK_LIMITS = {
  maxEntries: 500,
  maxTotalBytes: 20 * 1024 * 1024,
  /** Rows (`<row>` elements) over every worksheet. */
  maxRows: 5_000,
  /** Cells (`<c>` elements) over every worksheet. */
  maxCells: 30_000,
} as const;

/** A column of the values sheet: its header, width, and the import column it is read back into (if any). */
interface SheetColumn {
  header: string;
  width: number;
  /** Read back on import. */
  reads?: Column;
  /** A cell the city fills in (unlocked). */
  input?: boolean;
}

const SHEET_COLUMNS = [
  { header: 'Code', width: 17, reads: 'code' },
  { header: 'Official code', width: 18 },
  { header: 'KPI', width: 38 },
  { header: 'Data point', width: 12, reads: 'dataPoint' },
  { header: 'Data point label', width: 22 },
  { header: 'Unit', width: 30 },
  { header: 'Definition', width: 60 },
  { header: 'Dimension', width: 14 },
  { header: 'Type', width: 10 },
  { header: 'Value', width: 12, reads: 'value', input: true },
  { header: 'Year', width: 8, reads: 'year', input: true },
  { header: 'Source', width: 36, reads: 'source', input: true },
  { header: 'Data quality', width: 40, reads: 'dataQuality', input: true },
  { header: 'Evidence URL', width: 34, reads: 'evidenceUrl', input: true },
  { header: 'Data origin', width: 24, reads: 'dataOrigin', input: true },
  { header: 'Notes', width: 40, reads: 'notes', input: true },
  { header: 'Status', width: 14 },
] as const satisfies readonly SheetColumn[];

const INPUT_COLUMNS: readonly Column[] = SHEET_COLUMNS.flatMap((c: SheetColumn) => (c.input && c.reads ? [c.reads] : []));
const NUMBER_COLUMNS: readonly Column[] = ['value', 'year'];

/** A header read back: the workbook's words, or the CSV column names (any case). */
const HEADER_COLUMNS = new Map<string, Column>(
  SHEET_COLUMNS.flatMap((c: SheetColumn) => (c.reads ? [[c.header.toLowerCase(), c.reads] as const, [c.reads.toLowerCase(), c.reads] as const] : [])),
);

/** A stored value as the workbook shows it. */
export interface StoredValue {
  code: string;
  dataPoint: string | null;
  status: ValueStatus;
  value: number | null;
  year: number | null;
  source: string | null;
  dataQuality: DataQuality | null;
  evidenceUrl: string | null;
  dataOrigin: string | null;
  notes: string | null;
}

export interface WorkbookAbout {
  engagementId: string;
  city: string;
  cycle: number;
  /** The engagement's version when the workbook was made. */
  version: number;
  madeAt: Date;
}

const GREY = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } } as const;
const YELLOW = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } } as const;

/** A letter column name: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let name = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const letterOf = (reads: Column): string => columnLetter(SHEET_COLUMNS.findIndex((c: SheetColumn) => c.reads === reads) + 1);

const rangeText = (min: number, max: number | null) => (max === null ? `at least ${min}` : `from ${min} to ${max}`);

/** The rows of the values sheet, in catalogue order: a single-value KPI, or each data point of a KPI. */
function items(catalogue: Catalogue): { kpi: CatalogueKpi; point: CatalogueDataPoint | null }[] {
  return catalogue.kpis.flatMap((kpi) =>
    kpi.dataPoints.length === 0 ? [{ kpi, point: null }] : kpi.dataPoints.map((point): { kpi: CatalogueKpi; point: CatalogueDataPoint | null } => ({ kpi, point })),
  );
}

/** The instructions sheet, with the data-quality list the values sheet's drop-down reads; answers that list's range. */
function instructions(sheet: Worksheet, about: WorkbookAbout): string {
  sheet.getColumn(1).width = 48;
  sheet.getColumn(2).width = 110;
  const lines: [string, string][] = [
    ['Engagement', `${about.city}, cycle ${about.cycle} (${about.engagementId})`],
    ['Made', `${about.madeAt.toISOString()}, at engagement version ${about.version}`],
    ['What to fill in', `The yellow cells of the sheet "${VALUES_SHEET}": Value (in the row's unit), Year (the reference year, ${FIRST_YEAR} to this year), Source, and Data quality (pick from the list). Evidence URL, Data origin and Notes are optional.`],
    ['Rows', 'One row per KPI, or per data point of a KPI with several. A row whose yellow cells are all empty is left as it is; a row still holding what is stored is not submitted again.'],
    ['Do not change', 'The grey columns, Code and Data point above all: they say which KPI each row is.'],
    ['Send it back', `POST /api/engagements/${about.engagementId}/kpi-values/import with Content-Type ${XLSX_TYPE} (up to ${CSV_LIMIT.replace(/mb$/i, ' MB')}). Add ?expectedVersion=${about.version} to refuse the import if the engagement changed since this workbook was made.`],
    ['All or nothing', `One bad cell refuses the whole workbook: the answer names each one by sheet, cell and column (e.g. '${VALUES_SHEET}'!${letterOf('value')}12, Value), and nothing is written until every row is right.`],
    ['Protection', 'The sheets are protected without a password, so that only the yellow cells can be typed in (Review → Unprotect Sheet lifts it).'],
    ['Formulas', 'Text that begins with = + - or @ is shown after an apostrophe so that no spreadsheet runs it; the apostrophe is taken off on import. A formula in a yellow cell counts with its result if that is a number.'],
  ];
  const title = sheet.getCell('A1');
  title.value = neutralise(`U4SSC KPI data collection — ${about.city}, cycle ${about.cycle}`);
  title.font = { bold: true, size: 14 };
  lines.forEach(([label, text], i) => {
    const row = sheet.getRow(3 + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = neutralise(text);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  });
  const listTop = 3 + lines.length + 1;
  const head = sheet.getRow(listTop);
  head.values = ['Data quality (the drop-down list)', 'Key (CSV import and API)'];
  head.font = { bold: true };
  DATA_QUALITY_KEYS.forEach((key, i) => {
    const row = sheet.getRow(listTop + 1 + i);
    row.getCell(1).value = DATA_QUALITY[key];
    row.getCell(2).value = key;
  });
  return `${INSTRUCTIONS_SHEET}!$A$${listTop + 1}:$A$${listTop + DATA_QUALITY_KEYS.length}`;
}

/** The values sheet's protection: only unlocked cells are typed in; columns may be widened, rows filtered. */
const PROTECTION = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: false } as const;

/**
 * The engagement's data-collection workbook: a "KPI values" sheet, one row per single-value KPI and
 * per data point, in catalogue order, with the current value of each (none for a value marked not
 * available), and an "Instructions" sheet. Only the input cells are unlocked; the sheets are
 * protected without a password; text that a spreadsheet could run as a formula is neutralised.
 */
export async function buildValuesWorkbook(catalogue: Catalogue, values: readonly StoredValue[], about: WorkbookAbout): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'U4SSC Roadmap';
  workbook.created = about.madeAt;
  const sheet = workbook.addWorksheet(VALUES_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: `${letterOf('value')}2` }] });
  const guide = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  const qualityList = instructions(guide, about);

  sheet.columns = SHEET_COLUMNS.map((c: SheetColumn) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.eachCell((cell) => (cell.fill = GREY));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SHEET_COLUMNS.length } };

  const stored = new Map(values.map((v) => [`${v.code}\u0000${v.dataPoint ?? ''}`, v]));
  const thisYear = about.madeAt.getUTCFullYear();
  items(catalogue).forEach(({ kpi, point }, i) => {
    const value = stored.get(`${kpi.code}\u0000${point?.key ?? ''}`);
    const shown = value && value.status !== 'not_available' ? value : undefined;
    const quality = shown?.dataQuality ? DATA_QUALITY[shown.dataQuality] : null;
    const text = (t: string | null | undefined) => (t === null || t === undefined || t === '' ? null : neutralise(t));
    const row = sheet.getRow(2 + i);
    row.values = [
      kpi.code,
      text(kpi.officialCode),
      text(kpi.name),
      point?.key ?? null,
      text(point?.label),
      text(point?.unit ?? kpi.unit),
      text(kpi.definition),
      text(kpi.dimension),
      kpi.type,
      shown?.value ?? null,
      shown?.year ?? null,
      text(shown?.source),
      quality,
      text(shown?.evidenceUrl),
      text(shown?.dataOrigin),
      text(shown?.notes),
      value?.status ?? null,
    ];
    row.alignment = { vertical: 'top', wrapText: true };
    SHEET_COLUMNS.forEach((c: SheetColumn, j) => {
      if (!c.input) return;
      const cell = row.getCell(j + 1);
      cell.protection = { locked: false };
      cell.fill = YELLOW;
    });
    const range = (point ?? kpi).possible;
    row.getCell(letterOf('value')).dataValidation = {
      type: 'decimal',
      operator: range.max === null ? 'greaterThanOrEqual' : 'between',
      formulae: range.max === null ? [range.min] : [range.min, range.max],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: 'Value',
      error: `A number ${rangeText(range.min, range.max)} (${point?.unit ?? kpi.unit})`,
    };
    row.getCell(letterOf('year')).dataValidation = {
      type: 'whole',
      operator: 'between',
      formulae: [FIRST_YEAR, thisYear],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: 'Year',
      error: `A year from ${FIRST_YEAR} to ${thisYear}`,
    };
    row.getCell(letterOf('dataQuality')).dataValidation = {
      type: 'list',
      formulae: [qualityList],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: 'Data quality',
      error: 'Pick one of the list',
    };
  });
  await sheet.protect('', { ...PROTECTION });
  await guide.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as ArrayBuffer);
}

// ---------------------------------------------------------------------------------------------
// Reading a workbook back

/** The problem of a whole file (not one cell). */
const fileProblem = (rule: string, message: string): CsvProblem => ({ field: 'file', rule, message });

const refuse = (problems: CsvProblem[]): never => {
  const shown = problems.slice(0, 3).map((p) => `${p.field}${p.header ? ` (${p.header})` : ''}: ${p.message}`).join('; ');
  const count = problems.length >= MAX_DETAILS ? `at least ${MAX_DETAILS} problems (reading stopped there)` : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  throw new CsvImportError(problems, `The workbook has ${count}; nothing was written. ${shown}`);
};

/** An old .xls file, or a workbook saved with a password (both are OLE compound files, not zips). */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
const CELL_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g;

const count = (text: string, pattern: RegExp): number => {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text)) n++;
  return n;
};

/** The archive checked (sizes, bombs), then its worksheets' rows and cells counted, before exceljs opens it. */
async function checkedArchive(bytes: Buffer): Promise<void> {
  if (bytes.length >= OLE_SIGNATURE.length && bytes.subarray(0, OLE_SIGNATURE.length).equals(new Uint8Array(OLE_SIGNATURE))) {
    refuse([fileProblem('xlsx', 'this is an old .xls workbook, or one saved with a password: save it as an Excel Workbook (.xlsx) without a password')]);
  }
  let sheets: Map<string, Buffer>;
  try {
    sheets = await checkZip(bytes, WORKBOOK_LIMITS, (name) => WORKSHEET_PART.test(name));
  } catch (error) {
    if (error instanceof ZipRefused) return refuse([fileProblem(error.rule, error.message)]);
    throw error;
  }
  let rows = 0;
  let cells = 0;
  for (const xml of sheets.values()) {
    const text = xml.toString('latin1');
    rows += count(text, ROW_ELEMENT);
    cells += count(text, CELL_ELEMENT);
  }
  if (rows > WORKBOOK_LIMITS.maxRows) {
    refuse([fileProblem('rows', `the workbook has ${rows} rows; at most ${WORKBOOK_LIMITS.maxRows} are read (the template has one row per KPI item, about 120)`)]);
  }
  if (cells > WORKBOOK_LIMITS.maxCells) {
    refuse([fileProblem('cells', `the workbook has ${cells} cells; at most ${WORKBOOK_LIMITS.maxCells} are read`)]);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof Date);
const richText = (v: unknown): string | undefined =>
  isObject(v) && Array.isArray(v.richText) ? (v.richText as { text: string }[]).map((r) => r.text).join('') : undefined;

/** What a cell holds, as text for the row checks; or why it cannot be read. */
function cellText(cell: Cell, column: Column, header: string): { text: string; problem?: undefined } | { text?: undefined; problem: { rule: string; message: string } } {
  const value: CellValue = cell.value;
  const bad = (rule: string, message: string) => ({ problem: { rule, message } });
  let text: string;
  let typed = true;
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'number') {
    text = String(value);
    typed = false;
  } else if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'boolean') {
    return bad('cell', `${header} holds TRUE or FALSE: type the ${header.toLowerCase()} itself`);
  } else if (value instanceof Date) {
    return bad('cell', `${header} holds a date: type ${NUMBER_COLUMNS.includes(column) ? 'the number (format the cell as a number)' : 'the text'}`);
  } else if ('error' in value) {
    return bad('cell', `${header} shows the error ${String(value.error)}`);
  } else if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'number' && Number.isFinite(result)) {
      text = String(result);
      typed = false;
    } else {
      return bad('formula', `${header} holds a formula whose result is not a number: type the ${header.toLowerCase()} itself`);
    }
  } else if ('hyperlink' in value) {
    const shown = typeof value.text === 'string' ? value.text : (richText(value.text) ?? '');
    text = column === 'evidenceUrl' ? value.hyperlink : shown;
  } else if (richText(value) !== undefined) {
    text = richText(value) as string;
  } else {
    return bad('cell', `${header} holds something that is neither a number nor text`);
  }
  text = text.trim();
  if (typed) text = restore(text);
  const found = textProblem(text);
  if (found) return bad(found.rule, `${header} contains ${found.rule === 'noNul' ? 'a NUL character (U+0000)' : 'a lone UTF-16 surrogate'}, which text may not contain`);
  return { text };
}

/** A data-quality label of the drop-down (any case) → its key; anything else is left for the row checks. */
function qualityKey(text: string): string {
  const wanted = text.toLowerCase();
  return DATA_QUALITY_KEYS.find((key) => DATA_QUALITY[key].toLowerCase() === wanted || key === wanted) ?? text;
}

/** The messages of the CSV row checks that speak of CSV, said for a workbook. */
function forWorkbook(problem: CsvProblem, column: Column, cellText: string | undefined): string {
  if (problem.rule === 'decimal') return `value must be a number, not the text "${cellText ?? ''}": type it as a number`;
  if (column === 'dataQuality' && problem.rule === 'isIn') return `pick the data quality from the list: ${DATA_QUALITY_KEYS.map((k) => DATA_QUALITY[k]).join('; ')}`;
  return problem.message;
}

/**
 * Reads the "KPI values" sheet of a workbook sent back into checked import rows (`ImportRow`, each
 * with its sheet row), with the same checks as a CSV import. Header row 1 names the columns (the
 * template's words, or the CSV column names); rows whose input cells are all empty are skipped;
 * text is restored from its spreadsheet neutralisation; a formula counts with its cached result if
 * that is a number. Anything wrong: a CsvImportError naming each bad cell —
 * `{field: "'KPI values'!J12", sheet, row: 12, column: "J", header: "Value", rule, message}` —
 * or the file (`{field: "file"}`: not a workbook, a zip bomb, too many rows).
 */
export async function readValuesWorkbook(bytes: unknown, catalogue: Catalogue): Promise<ImportRow[]> {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) return refuse([fileProblem('notEmpty', 'the body is empty: send the workbook (.xlsx) as the body')]);
  await checkedArchive(bytes);
  const workbook = new Workbook();
  try {
    // exceljs declares its own Buffer type (an ArrayBuffer); at run time it takes Node's Buffer, which JSZip reads.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return refuse([fileProblem('xlsx', `the file is a zip archive but not a workbook that can be read (${(error as Error).message})`)]);
  }
  const sheet = workbook.getWorksheet(VALUES_SHEET);
  if (!sheet) {
    const found = workbook.worksheets.map((s) => `"${s.name}"`).join(', ') || 'none';
    return refuse([fileProblem('sheet', `the workbook has no sheet "${VALUES_SHEET}" (sheets: ${found}): send back the workbook from GET …/kpi-values/template.xlsx`)]);
  }

  const quoted = `'${VALUES_SHEET.replace(/'/g, "''")}'`;
  const headers = new Map<Column, { index: number; header: string }>();
  const problems: CsvProblem[] = [];
  const atCell = (row: number, index: number, header: string, p: { rule?: string; message: string }): CsvProblem => {
    const column = columnLetter(index);
    return { field: `${quoted}!${column}${row}`, sheet: VALUES_SHEET, row, column, header, rule: p.rule, message: p.message };
  };
  sheet.getRow(1).eachCell((cell, index) => {
    const header = cellText(cell, 'notes', 'Header').text ?? '';
    const column = HEADER_COLUMNS.get(header.toLowerCase());
    if (!column) return;
    const first = headers.get(column);
    if (first) problems.push(atCell(1, index, header, { rule: 'column', message: `column "${header}" is given twice (also in ${columnLetter(first.index)}1)` }));
    else headers.set(column, { index, header });
  });
  const missing = SHEET_COLUMNS.filter((c: SheetColumn) => c.reads && ['code', 'dataPoint', 'value', 'year', 'source'].includes(c.reads) && !headers.has(c.reads));
  if (missing.length > 0) {
    problems.push({
      field: `${quoted}!1:1`,
      sheet: VALUES_SHEET,
      row: 1,
      rule: 'column',
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => c.header).join(', ')} in the header row`,
    });
  }
  if (problems.length > 0) return refuse(problems);

  const rows: number[] = [];
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push(number);
  });
  const checker = new RowChecker(catalogue, '.');
  const pause = yielder();
  for (const number of rows) {
    if (problems.length >= MAX_DETAILS) break;
    await pause();
    const row = sheet.getRow(number);
    const filled = INPUT_COLUMNS.some((column) => {
      const at = headers.get(column);
      if (!at) return false;
      const value = row.getCell(at.index).value;
      return value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
    });
    if (!filled) continue;
    const cells: Partial<Record<Column, string>> = {};
    const unreadable = new Set<Column>();
    for (const [column, at] of headers) {
      const read = cellText(row.getCell(at.index), column, at.header);
      if (read.problem) {
        problems.push(atCell(number, at.index, at.header, read.problem));
        unreadable.add(column);
      } else if (read.text !== '') {
        cells[column] = column === 'dataQuality' ? qualityKey(read.text) : read.text;
      }
    }
    for (const problem of checker.check(number, cells)) {
      const column = problem.column as Column;
      if (unreadable.has(column)) continue;
      const at = headers.get(column) ?? headers.get('code');
      if (!at) continue;
      problems.push(atCell(number, at.index, at.header, { rule: problem.rule, message: forWorkbook(problem, column, cells[column]) }));
    }
  }
  if (problems.length > 0) return refuse(problems);
  if (checker.rows.length === 0) {
    return refuse([fileProblem('notEmpty', `no row of the sheet "${VALUES_SHEET}" has a value filled in (the yellow cells): nothing to import`)]);
  }
  return checker.rows;
}
