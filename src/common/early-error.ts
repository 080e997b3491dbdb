import type { Request, Response } from 'express';
import type { ErrorBody } from './error-shape.filter';

/** Text made safe to place in HTML (for the few strings built outside the template engine). */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A browser asking for a dashboard page (not the API): it reads HTML, not JSON. */
const wantsPage = (req: Request): boolean => !req.path.startsWith('/api') && /text\/html/i.test(String(req.headers.accept ?? ''));

/**
 * Answers an error found before any route runs (body parsers, hostile input): the shared JSON shape
 * for the API; for a dashboard page a plain HTML page with the same status and message (the page
 * templates are not reached this early).
 */
export function sendEarlyError(req: Request, res: Response, body: ErrorBody): void {
  if (!wantsPage(req)) {
    res.status(body.statusCode).json(body);
    return;
  }
  const title = `${body.statusCode} ${escapeHtml(body.error)}`;
  res
    .status(body.statusCode)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · U4SSC Roadmap</title></head>` +
        `<body><main><h1>${title}</h1><p>${escapeHtml(body.message)}</p><p><a href="/">Back to the portfolio</a></p></main></body></html>`,
    );
}
