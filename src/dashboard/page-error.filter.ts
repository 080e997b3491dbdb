import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { toErrorBody } from '../common/error-shape.filter';
import { TemplateRenderer } from '../rendering/template-renderer';
import type { PageRequest } from './page-support';
import { sendHtml } from './page-support';
import { safeNext } from './views/safe-next';

const TITLES: Record<number, string> = {
  400: 'This request cannot be answered',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'This cannot be done now',
  413: 'Too much was sent',
  429: 'Too many attempts',
  500: 'Something went wrong',
};

/**
 * Errors of the dashboard's pages as pages, with their status code kept: no session → 303 to /login
 * (with where to come back, a local path only); 403, 404, 409… a page in words. The API keeps its
 * JSON error shape (ErrorShapeFilter).
 */
@Catch()
@Injectable()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Pages');

  constructor(private readonly renderer: TemplateRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<PageRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode === HttpStatus.UNAUTHORIZED) {
      const next = req.method === 'GET' ? safeNext(req.originalUrl) : '/';
      res.redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
      return;
    }
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const retryAfter = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    const me = req.principal;
    const html = this.renderer.render('pages/error', {
      title: TITLES[body.statusCode] ?? STATUS_CODES[body.statusCode] ?? 'Error',
      status: body.statusCode,
      message: body.statusCode >= 500 ? 'The server could not answer this page. Try again; if it keeps happening, tell the programme team.' : body.message,
      code: body.code,
      unmet: Array.isArray(body.unmet) ? body.unmet : [],
      me: me ? { name: me.name, email: me.email, role: me.role } : null,
      csrf: req.pageSession?.csrfSecret ?? null,
    });
    sendHtml(res, body.statusCode, html);
  }
}
