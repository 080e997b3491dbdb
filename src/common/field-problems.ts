import type { ValidationError } from 'class-validator';

/** One broken rule on one field of the request (plain data: no framework). */
export interface FieldProblem {
  field: string;
  message: string;
  rule?: string;
  /** For a file (CSV import): the line of the file (the header is row 1) and the column; for a workbook: the sheet's row and column letter. */
  row?: number;
  column?: string | number;
  line?: number;
  /** For a workbook: the sheet, and the header of the cell's column. */
  sheet?: string;
  header?: string;
}

/** Rules about a value's type: when one is broken, the others (length, range…) are noise. */
const TYPE_RULES = new Set(['isDefined', 'isInt', 'isNumber', 'isString', 'isBoolean', 'isUuid', 'isIn', 'isEnum', 'isEmail', 'isDateString', 'isArray', 'isObject', 'isUrl', 'whitelistValidation']);

/** Flattens class-validator errors into one problem per field and rule, with dotted paths. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const broken = Object.entries(error.constraints ?? {});
    const typeBroken = broken.filter(([rule]) => TYPE_RULES.has(rule));
    const own: FieldProblem[] = (typeBroken.length > 0 ? typeBroken : broken).map(([rule, message]) => ({
      field,
      rule,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return own.concat(fieldProblems(error.children ?? [], field));
  });
}
