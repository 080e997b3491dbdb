import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PageFlash, PageSession } from '../auth/page-session.entity';
import { PageSessions } from '../auth/page-sessions.service';
import type { Principal } from '../common/principal';
import { validationPipe } from '../common/validation';
import { TemplateRenderer } from '../rendering/template-renderer';

/** A page request, as AccessTokenGuard left it (a page route: named by its session). */
export type PageRequest = Request & { principal?: Principal; pageSession?: PageSession };

/** The part of the page every signed-in page shares: who is signed in, the CSRF token of the forms, the flash. */
export interface PageFrame {
  me: { name: string; email: string; role: string } | null;
  csrf: string | null;
  flash: PageFlash | null;
  nav: string;
}

/** Checks a form with the API's own DTO rules (the global ValidationPipe), the CSRF field left out. */
export async function formAs<T>(metatype: new () => T, form: unknown): Promise<T> {
  const { _csrf: _ignored, ...fields } = (typeof form === 'object' && form !== null ? form : {}) as Record<string, unknown>;
  return (await validationPipe().transform(fields, { type: 'body', metatype })) as T;
}

/** Renders the dashboard's pages: the frame of the signed-in person and the page's own view. */
@Injectable()
export class Pages {
  constructor(
    private readonly renderer: TemplateRenderer,
    private readonly sessions: PageSessions,
  ) {}

  async frame(req: PageRequest, nav = ''): Promise<PageFrame> {
    const session = req.pageSession;
    const me = req.principal;
    return {
      me: me ? { name: me.name, email: me.email, role: me.role } : null,
      csrf: session?.csrfSecret ?? null,
      flash: session ? await this.sessions.takeFlash(session) : null,
      nav,
    };
  }

  /** Sends a page: HTML, never cached (it shows one person's data). */
  async send(req: PageRequest, res: Response, name: string, view: object, options: { status?: number; nav?: string; frame?: PageFrame } = {}): Promise<void> {
    const frame = options.frame ?? (await this.frame(req, options.nav));
    const html = this.renderer.render(`pages/${name}`, { ...frame, ...view });
    sendHtml(res, options.status ?? 200, html);
  }

  /** Post/redirect/get: a message for the next page, then 303 to it. */
  async redirectWith(req: PageRequest, res: Response, to: string, flash: PageFlash): Promise<void> {
    if (req.pageSession) await this.sessions.flash(req.pageSession.idHash, flash);
    res.redirect(303, to);
  }
}

export function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}
