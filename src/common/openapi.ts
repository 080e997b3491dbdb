import type { OpenAPIObject } from '@nestjs/swagger';
import { CSV_LIMIT, JSON_LIMIT, XLSX_TYPE } from './body-parsing';
import { MAX_JSON_DEPTH } from './hostile-input';

type Operation = {
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  requestBody?: { content?: Record<string, unknown> };
  parameters?: { name: string; in: string; [more: string]: unknown }[];
};

const ERROR_REF = '#/components/schemas/ApiErrorView';

/** '10mb' → '10 MB'. */
const mb = (limit: string) => limit.replace(/mb$/i, ' MB');

/** The one error shape of API.md, as an OpenAPI schema. */
export const API_ERROR_SCHEMA = {
  type: 'object',
  description: 'Every 4xx (and 5xx) answer',
  required: ['statusCode', 'error', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400, description: 'The HTTP status, repeated' },
    error: { type: 'string', example: 'Bad Request', description: 'The HTTP reason phrase' },
    code: {
      type: 'string',
      example: 'VALIDATION_FAILED',
      description:
        'Stable machine-readable code: VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY, UNAUTHORIZED, INVALID_CREDENTIALS, FORBIDDEN, NOT_FOUND, ' +
        'STALE_VERSION, TRANSITION_REFUSED, IN_REVIEW, ROLE_CONFLICT, CONFLICT, IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_KEY_REUSED, PAYLOAD_TOO_LARGE, ' +
        'UNSUPPORTED_MEDIA_TYPE, VERSION_REQUIRED, ENGAGEMENT_CLOSED, FOUR_EYES, NO_SEAT, STATUS_TRANSITION_REFUSED, ACTION_IN_USE, PROJECT_CLOSED, MEASUREMENT_DECIDED, TOO_MANY_REQUESTS, HEADERS_TOO_LARGE (431: a URL over 16 kB), MALFORMED_REQUEST (not HTTP), …',
    },
    message: { type: 'string', description: 'For people' },
    details: {
      type: 'array',
      description: 'With VALIDATION_FAILED: one entry per broken rule',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'items.0.name', description: 'Dotted path of the field; for a CSV file "row 3: value", "header" or "file"; for a workbook the cell, "\'KPI values\'!J12", or "file"' },
          message: { type: 'string' },
          rule: { type: 'string', example: 'isNotBlank' },
          row: { type: 'integer', description: 'CSV import: the line of the file (the header is row 1); workbook import: the row of the sheet' },
          column: { type: 'string', description: 'CSV import: the column; workbook import: the column letter' },
          sheet: { type: 'string', description: 'Workbook import: the sheet' },
          header: { type: 'string', description: 'Workbook import: the header of the cell\'s column' },
          line: { type: 'integer', description: 'A text body: the line of the offending character' },
        },
      },
    },
    currentVersion: { type: 'integer', description: "With STALE_VERSION: the engagement's current version" },
    unmet: {
      type: 'array',
      description: 'With TRANSITION_REFUSED: the conditions not met',
      items: { type: 'object', required: ['condition', 'message'], properties: { condition: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Repeat-safe POST (1–200 letters, digits or . _ : -): the same key with the same request (fields in any order) replays the first ' +
    'response with Idempotent-Replayed: true; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED; while the first is still running, 409 IDEMPOTENCY_IN_FLIGHT',
  schema: { type: 'string' },
};

const GENERIC: Record<number, string> = {
  400: `Invalid input (VALIDATION_FAILED with details naming each field, or MALFORMED_JSON, or MALFORMED_BODY for bytes that are not UTF-8): wrong types, unknown fields, blank names, NUL characters or lone UTF-16 surrogates anywhere in the body, query or path, a JSON body nested deeper than ${MAX_JSON_DEPTH} levels`,
  401: 'No token, or a bad or expired one',
  403: 'Not allowed for this user (FORBIDDEN)',
  404: 'Unknown id (NOT_FOUND); an id that is not a uuid names nothing either',
  409: 'Conflict: STALE_VERSION (with currentVersion), TRANSITION_REFUSED (with unmet), IN_REVIEW (what an open gate decides on cannot change), or CONFLICT',
  413: `The body is larger than the server accepts (PAYLOAD_TOO_LARGE): JSON ${mb(JSON_LIMIT)}, CSV or workbook ${mb(CSV_LIMIT)}, an evidence file EVIDENCE_MAX_BYTES (default 10 MiB)`,
  415: 'The body is not of a media type this route takes (UNSUPPORTED_MEDIA_TYPE)',
  422: 'The Idempotency-Key was used for another request (IDEMPOTENCY_KEY_REUSED)',
  428: 'Neither expectedVersion nor If-Match was sent (VERSION_REQUIRED)',
  429: 'Too many attempts from this client; wait a minute (TOO_MANY_REQUESTS)',
};

/** Routes that answer no token with 401: all but these. */
const OPEN = new Set(['POST /api/auth/login', 'GET /health']);

/** Route-specific extras, by "METHOD path". */
const EXTRA: Record<string, number[]> = {
  'POST /api/engagements/{id}/kpi-values/import': [415],
  'POST /api/engagements/{id}/kpi-values/{code}/evidence': [415],
  'POST /api/engagements/{id}/events': [409, 428],
  'POST /api/auth/login': [429],
  'POST /api/users': [409],
  'POST /api/engagements/{id}/members': [409],
};

/** Route-specific notes appended to an operation's description. */
const NOTES: Record<string, string> = {
  'POST /api/engagements/{id}/kpi-values/import':
    'Comma-, semicolon- or tab-separated, detected from the header line; semicolon files are read with a decimal comma (12,5), the others ' +
    'with a decimal point. Declare either in the Content-Type: text/csv; delimiter=";"; decimal="." (delimiter: , ; tab, or comma/semicolon/tab; ' +
    'decimal: . or ,). Up to 10 MB. A 400 lists up to 100 problems, each with field "row N: column", row and column.\n\n' +
    `The workbook (${XLSX_TYPE}, up to 10 MB): the one GET …/kpi-values/template.xlsx hands out, filled in. A 400 names each bad cell: ` +
    `field "'KPI values'!J12", sheet, row, column (the letter) and header ("Value"); or field "file" for what is not such a workbook ` +
    '(not a zip, a zip bomb: more than 20 MB unpacked or 500 entries, more than 5,000 rows or 30,000 cells, no sheet "KPI values"). ' +
    'Rows still holding what is stored are not submitted again (outcome unchanged); with nothing to change, nothing is written.',
};

/** Request bodies whose schema differs by media type (a decorator gives every media type the same one), by "METHOD path". */
const BODIES: Record<string, Record<string, unknown>> = {
  'POST /api/engagements/{id}/kpi-values/import': {
    'text/csv': {
      schema: { type: 'string', example: 'code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,87.5,2024,Statistics Norway\nEC-ICT-ICT-4C,4g,99,2024,Telecom regulator\n' },
    },
    [XLSX_TYPE]: { schema: { type: 'string', format: 'binary', description: 'The workbook of GET …/kpi-values/template.xlsx, filled in' } },
  },
};

/** The 4xx an operation may answer, from its method and path and the table above. */
export function errorStatuses(method: string, path: string): number[] {
  const key = `${method.toUpperCase()} ${path}`;
  const statuses = new Set<number>([400]);
  if (!OPEN.has(key)) [401, 403].forEach((s) => statuses.add(s));
  if (path.includes('{')) statuses.add(404);
  const writes = ['post', 'put', 'patch'].includes(method);
  if (writes) statuses.add(413);
  // Every change of an engagement goes through the writer: stale version, refused transition, open gate.
  if (method !== 'get' && path.startsWith('/api/engagements/{id}')) statuses.add(409);
  if (honoursIdempotencyKey(method, path)) [409, 422].forEach((s) => statuses.add(s));
  for (const s of EXTRA[key] ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

/** The IdempotencyInterceptor acts on POST by a signed-in caller: every POST but the login. */
export const honoursIdempotencyKey = (method: string, path: string): boolean => method === 'post' && !OPEN.has(`POST ${path}`);

/**
 * Post-processes the generated OpenAPI document in one place, rather than decorating every
 * controller: adds the ApiErrorView schema, the 4xx each operation may answer (keeping a
 * description a controller gave), the Idempotency-Key header where the interceptor honours it, and
 * the limits on request bodies in the API description.
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ApiErrorView: API_ERROR_SCHEMA as never };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const operation = value as Operation & { description?: string };
      const note = NOTES[`${method.toUpperCase()} ${path}`];
      if (note) operation.description = operation.description ? `${operation.description}\n\n${note}` : note;
      const bodies = BODIES[`${method.toUpperCase()} ${path}`];
      if (bodies) operation.requestBody = { ...operation.requestBody, content: bodies };
      operation.responses = operation.responses ?? {};
      for (const status of errorStatuses(method, path)) {
        const given = operation.responses[String(status)];
        operation.responses[String(status)] = {
          ...given,
          description: given?.description ?? GENERIC[status] ?? 'Error',
          content: { 'application/json': { schema: { $ref: ERROR_REF } } },
        };
      }
      if (honoursIdempotencyKey(method, path)) {
        const parameters = operation.parameters ?? [];
        const index = parameters.findIndex((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
        if (index >= 0) parameters[index] = { ...IDEMPOTENCY_KEY_HEADER, ...parameters[index], description: IDEMPOTENCY_KEY_HEADER.description };
        else parameters.push({ ...IDEMPOTENCY_KEY_HEADER });
        operation.parameters = parameters;
      }
    }
  }
  document.info.description =
    `${document.info.description ?? ''}\n\n` +
    'Every 4xx answers the ApiErrorView shape { statusCode, error, code, message, details?, currentVersion?, unmet? }. ' +
    `Request limits: a JSON body up to ${mb(JSON_LIMIT)}, nested at most ${MAX_JSON_DEPTH} levels deep (the body itself is level 1); a CSV or workbook import up to ${mb(CSV_LIMIT)}; ` +
    'no text (body, query or path) may contain NUL (U+0000) or a lone UTF-16 surrogate; required names and reasons may not be blank. ' +
    'Larger bodies answer 413, the rest 400 VALIDATION_FAILED naming the field. Every POST by a signed-in caller honours an Idempotency-Key header.';
  return document;
}
