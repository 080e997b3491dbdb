import express, { NextFunction, Request, Response } from 'express';
import { errorBody } from './error-shape.filter';
import { rejectHostileInput } from './hostile-input';

/** 1 MB for JSON bodies (API.md: larger is 413); CSV imports up to 10 MB (a 5 MB spreadsheet export is ordinary). */
export const JSON_LIMIT = '1mb';
export const CSV_LIMIT = '10mb';

/**
 * Body parsers with their errors in the shared shape: malformed JSON is 400, a body over the
 * limit is 413; then hostile input (NUL, lone surrogates, JSON nested deeper than MAX_JSON_DEPTH)
 * is refused with a 400 naming the field. Installed as Express middleware, ahead of every route.
 */
export function bodyParsing(): Array<express.RequestHandler | express.ErrorRequestHandler> {
  return [
    express.json({ limit: JSON_LIMIT }),
    express.text({ type: ['text/csv', 'text/plain'], limit: CSV_LIMIT }),
    (err: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      if (err.type === 'entity.too.large' || err.status === 413) {
        res.status(413).json(errorBody(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts'));
      } else if (err.type === 'entity.parse.failed') {
        res.status(400).json(errorBody(400, 'MALFORMED_JSON', 'The request body is not valid JSON'));
      } else if (err.status && err.status >= 400 && err.status < 500) {
        res.status(err.status).json(errorBody(err.status, 'BAD_REQUEST', err.message ?? 'Bad request'));
      } else {
        next(err);
      }
    },
    rejectHostileInput(),
  ];
}
