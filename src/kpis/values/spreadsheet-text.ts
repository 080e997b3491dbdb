/**
 * Text written into a spreadsheet cell that a spreadsheet could take for a formula (OWASP, "CSV
 * injection": a leading `=`, `+`, `-`, `@`, tab or carriage return) is written with a leading
 * apostrophe, and the apostrophe is taken off again when the workbook comes back, so that what was
 * stored comes back unchanged. Pure: no framework.
 *
 * To be exactly reversible, text that already looks neutralised (apostrophes, then one of those
 * characters) gets one more apostrophe as well: `'=x` is written `''=x` and read back `'=x`.
 */
const LOOKS_LIKE_FORMULA = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** The text as it is written into a cell. */
export function neutralise(text: string): string {
  return LOOKS_LIKE_FORMULA.test(text) ? `'${text}` : text;
}

/** The text a cell holds, as it was before `neutralise` (text that was not neutralised is left alone). */
export function restore(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}
