import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './error-shape.filter';
import type { FieldProblem } from './field-problems';

/**
 * The deepest a JSON body may nest (the body itself is level 1). Nothing this API takes comes near
 * it; a body nested thousands of levels deep would otherwise overflow the recursive readers behind
 * validation (a 500 instead of a 400).
 */
export const MAX_JSON_DEPTH = 32;

/** At most this many problems are listed for one request. */
const MAX_PROBLEMS = 20;

/** Node 20 has String.prototype.isWellFormed; the TypeScript lib of this project does not declare it yet. */
const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Characters that cannot be stored as text: NUL, and UTF-16 surrogates without their other half. */
export function textProblem(text: string): { rule: 'noNul' | 'wellFormed'; index: number } | undefined {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { rule: 'noNul', index: nul };
  if (isWellFormed(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return { rule: 'wellFormed', index: i };
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return { rule: 'wellFormed', index: i };
    }
  }
  return undefined;
}

/** A field name fit to be echoed back (and stored): NUL and lone surrogates written as \uXXXX. */
const printable = (name: string): string =>
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  name.replace(/[\u0000-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function problemOf(field: string, found: { rule: 'noNul' | 'wellFormed' }, what = field): FieldProblem {
  return found.rule === 'noNul'
    ? { field, rule: 'noNul', message: `${what} contains a NUL character (U+0000), which text may not contain` }
    : { field, rule: 'wellFormed', message: `${what} contains a lone UTF-16 surrogate: text must be well-formed Unicode` };
}

interface Node {
  value: unknown;
  depth: number;
  parent: Node | null;
  key: string;
  /** What is wrong with the key itself, reported when the node is visited (in field order). */
  badKey?: { rule: 'noNul' | 'wellFormed' };
}

const pathOf = (node: Node): string => {
  const parts: string[] = [];
  for (let n: Node | null = node; n && n.parent; n = n.parent) parts.push(printable(n.key));
  return parts.reverse().join('.');
};

export type InputVerdict = { tooDeep: true; field: string } | { tooDeep: false; problems: FieldProblem[] };

/**
 * Walks a parsed value (JSON body, query object) without recursion, so that no input can overflow
 * the stack: refuses nesting deeper than `maxDepth`, and names every string (value or key) holding
 * NUL or a lone surrogate by its dotted path (`items.0.name`). `prefix` names the root when it is a
 * bare string.
 */
export function inspectInput(root: unknown, maxDepth = MAX_JSON_DEPTH, rootName = 'body'): InputVerdict {
  const problems: FieldProblem[] = [];
  const stack: Node[] = [{ value: root, depth: 0, parent: null, key: '' }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const node = stack.pop() as Node;
    const { value } = node;
    if (node.badKey) problems.push(problemOf(pathOf(node), node.badKey, `the field name ${pathOf(node)}`));
    if (typeof value === 'string') {
      const found = textProblem(value);
      if (found) problems.push(problemOf(node.parent ? pathOf(node) : rootName, found));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = node.depth + 1;
    if (depth > maxDepth) {
      let top: Node = node;
      while (top.parent && top.parent.parent) top = top.parent;
      return { tooDeep: true, field: top.parent ? printable(top.key) : rootName };
    }
    // Pushed in reverse, so that problems come out in the order of the fields; numbers, booleans and
    // null in arrays are skipped at once (a 1 MB array of them is half a million elements).
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (typeof child === 'string' || (child !== null && typeof child === 'object')) stack.push({ value: child, depth, parent: node, key: String(i) });
      }
    } else {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        stack.push({ value: child, depth, parent: node, key, badKey: textProblem(key) });
      }
    }
  }
  return { tooDeep: false, problems };
}

/** Line and column (1-based) of a position in a text. */
function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

/** Problems of the request path: each segment decoded must be well-formed text without NUL. */
function pathProblems(path: string): FieldProblem[] {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return [{ field: 'path', rule: 'wellFormed', message: `the path segment "${segment}" is not valid percent-encoded UTF-8` }];
    }
    const found = textProblem(decoded);
    if (found) return [problemOf('path', found, `the path segment "${segment}"`)];
  }
  return [];
}

/**
 * Problems of the raw query string: each name and value must be valid percent-encoded UTF-8 (the
 * query parser would otherwise turn an encoded lone surrogate into U+FFFD without a word).
 */
function rawQueryProblems(url: string): FieldProblem[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const problems: FieldProblem[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const [name, ...rest] = pair.split('=');
    for (const part of [name, rest.join('=')]) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        const field = printable(safeDecode(name));
        problems.push({ field, rule: 'wellFormed', message: `${field} is not valid percent-encoded UTF-8 (a lone surrogate, or a stray %)` });
        break;
      }
    }
  }
  return problems;
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Express middleware, after the body parsers and before any route: refuses, in the shared 400
 * shape (`VALIDATION_FAILED`, details naming each field), text the database cannot store (NUL,
 * lone surrogates) in the body, the query string or the path, and JSON nested deeper than
 * MAX_JSON_DEPTH. Done once here, so that no DTO has to think of it.
 */
export function rejectHostileInput() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refuse = (message: string, details: FieldProblem[]) => {
      res.status(400).json(errorBody(400, 'VALIDATION_FAILED', message, { details }));
    };
    const body: unknown = req.body;
    if (typeof body === 'string') {
      const found = textProblem(body);
      if (found) {
        const { line, column } = lineAndColumn(body, found.index);
        const problem = { ...problemOf('body', found, `the body at line ${line}, column ${column}`), line, column };
        return refuse(`Invalid request: ${problem.message}`, [problem]);
      }
    } else if (body !== undefined && !Buffer.isBuffer(body)) {
      // (A Buffer is a workbook's bytes: not text; the import reads it as a zip archive and checks each cell.)
      const verdict = inspectInput(body);
      if (verdict.tooDeep) {
        const message = `The request body nests deeper than ${MAX_JSON_DEPTH} levels`;
        return refuse(message, [{ field: verdict.field, rule: 'maxDepth', message }]);
      }
      if (verdict.problems.length > 0) return refuse(`Invalid request: ${verdict.problems.map((p) => p.message).join('; ')}`, verdict.problems);
    }
    const query = inspectInput(req.query, 4, 'query');
    const problems = query.tooDeep ? [{ field: query.field, rule: 'maxDepth', message: 'the query string nests too deep' }] : query.problems;
    problems.push(...rawQueryProblems(req.originalUrl), ...pathProblems(req.path));
    if (problems.length > 0) return refuse(`Invalid request: ${problems.map((p) => p.message).join('; ')}`, problems);
    next();
  };
}
