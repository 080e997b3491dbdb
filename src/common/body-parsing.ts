import express, { NextFunction, Request, Response } from 'express';
import { errorBody } from './error-shape.filter';
import { rejectHostileInput } from './hostile-input';

/** 1 MB for JSON bodies (API.md: larger is 413); CSV and workbook imports up to 10 MB (a 5 MB spreadsheet export is ordinary). */
export const JSON_LIMIT = '1mb';
export const CSV_LIMIT = '10mb';
/** Dashboard forms (login, a decision with its comment): small. */
export const FORM_LIMIT = '32kb';

/** A form post to a page (not /api: the API reads JSON, CSV and workbooks only). */
const pageForm = (req: { url?: string; headers: Record<string, string | string[] | undefined> }): boolean =>
  !(req.url ?? '').startsWith('/api') && String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** An Excel workbook (.xlsx): the KPI data-collection workbook comes back as one, read as raw bytes. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A body that is not valid UTF-8 is refused, not read with replacement characters. */
function refuseInvalidUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
  UTF8.decode(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

/**
 * Body parsers (JSON, CSV text, workbook bytes) with their errors in the shared shape: malformed JSON is 400, a body over the
 * limit is 413; then hostile input (NUL, lone surrogates, JSON nested deeper than MAX_JSON_DEPTH)
 * is refused with a 400 naming the field. Installed as Express middleware, ahead of every route.
 */
export function bodyParsing(): Array<express.RequestHandler | express.ErrorRequestHandler> {
  return [
    express.json({ limit: JSON_LIMIT, verify: refuseInvalidUtf8 }),
    express.text({ type: ['text/csv', 'text/plain'], limit: CSV_LIMIT, verify: refuseInvalidUtf8 }),
    // Bytes as they came (a Buffer): the workbook is checked as a zip archive before anything opens it.
    express.raw({ type: XLSX_TYPE, limit: CSV_LIMIT }),
    // Flat fields only (`extended: false`: no nested objects from `a[b]=c`), at most 50 of them.
    express.urlencoded({ type: pageForm, extended: false, limit: FORM_LIMIT, parameterLimit: 50, verify: refuseInvalidUtf8 }),
    (err: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      if (err.type === 'entity.too.large' || err.status === 413) {
        res.status(413).json(errorBody(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts'));
      } else if (err.type === 'entity.parse.failed') {
        res.status(400).json(errorBody(400, 'MALFORMED_JSON', 'The request body is not valid JSON'));
      } else if (err.type === 'entity.verify.failed') {
        res.status(400).json(errorBody(400, 'MALFORMED_BODY', 'The request body is not valid UTF-8'));
      } else if (err.type === 'encoding.unsupported') {
        res.status(415).json(errorBody(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body is in a content encoding the server does not read: send identity, gzip or deflate'));
      } else if (err.status === 400 && !err.type) {
        res.status(400).json(errorBody(400, 'MALFORMED_BODY', 'The request body could not be decoded (its Content-Encoding does not match it)'));
      } else if (err.status && err.status >= 400 && err.status < 500) {
        res.status(err.status).json(errorBody(err.status, 'BAD_REQUEST', err.message ?? 'Bad request'));
      } else {
        next(err);
      }
    },
    rejectHostileInput(),
  ];
}
