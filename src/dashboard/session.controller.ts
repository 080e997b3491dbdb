import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Response } from 'express';
import { createHmac, randomBytes } from 'node:crypto';
import { ownOrigin } from '../auth/access-token.guard';
import { AuthService } from '../auth/auth.service';
import { crossSiteRefusal, SESSION_COOKIE, tokensMatch } from '../auth/page-request-rules';
import { PageSessions } from '../auth/page-sessions.service';
import { SigningKeyService } from '../auth/signing-key.service';
import { RequirePermission } from '../access/require-permission';
import { ApiError } from '../common/api-error';
import { parseCookies, serialiseCookie } from '../common/cookies';
import { PageRoute, Public } from '../common/principal';
import { PageErrorFilter } from './page-error.filter';
import { type PageRequest, Pages } from './page-support';
import { safeNext } from './views/safe-next';

/** The pre-session cookie of the sign-in form (login CSRF: its HMAC is the form's token). */
export const LOGIN_COOKIE = 'u4ssc_login';
const LOGIN_COOKIE_SECONDS = 3600;

const secure = (req: PageRequest) => req.secure;

/**
 * Signing in and out of the dashboard. The form's e-mail and password go to AuthService.authenticate,
 * the same check as POST /api/auth/login (account lock, bcrypt, a deactivated account refused) behind
 * the same per-client limit; a success opens a server-side session (PageSessions) whose id is the
 * HttpOnly cookie. The form itself carries a token bound to a pre-session cookie, so that no other
 * site can sign a browser in to an account of its choosing.
 */
@ApiExcludeController()
@Controller()
@UseFilters(PageErrorFilter)
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: PageSessions,
    private readonly keys: SigningKeyService,
    private readonly pages: Pages,
  ) {}

  /** Browsers ask for an icon on every page: none, rather than a 404 in their console. */
  @Get('favicon.ico')
  @Public()
  @HttpCode(204)
  noIcon(): void {}

  @Get('login')
  @Public()
  async form(@Req() req: PageRequest, @Res() res: Response, @Query('next') next: unknown): Promise<void> {
    await this.showForm(req, res, HttpStatus.OK, { next: safeNext(next) });
  }

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  async login(@Req() req: PageRequest, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    const next = safeNext(form?.next);
    const nonce = parseCookies(req.headers.cookie).get(LOGIN_COOKIE);
    const refusal = crossSiteRefusal(req.headers, ownOrigin(req));
    if (refusal || !nonce || !tokensMatch(form?._csrf, await this.loginToken(nonce))) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF_REFUSED', `${refusal ?? 'The sign-in form is missing its security token or carries a wrong one (it may be an old page)'}: open the sign-in page again`);
    }
    const email = typeof form.email === 'string' ? form.email : '';
    const password = typeof form.password === 'string' ? form.password : '';
    if (!email.trim() || !password || email.length > 254 || password.length > 200) {
      return this.showForm(req, res, HttpStatus.BAD_REQUEST, { next, email: email.slice(0, 254), error: 'Enter your e-mail address and your password.' });
    }
    let user;
    try {
      user = await this.auth.authenticate(email, password);
    } catch (error) {
      if (!(error instanceof ApiError) || (error.getStatus() !== 401 && error.getStatus() !== 429)) throw error;
      const retry = error.extra.retryAfterSeconds;
      if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
      return this.showForm(req, res, error.getStatus(), { next, email, error: error.getStatus() === 401 ? 'The e-mail address or the password is wrong.' : error.message });
    }
    const { rawId } = await this.sessions.start(user);
    res.setHeader('Set-Cookie', [
      serialiseCookie(SESSION_COOKIE, rawId, { sameSite: 'Lax', secure: secure(req) }),
      serialiseCookie(LOGIN_COOKIE, '', { sameSite: 'Strict', secure: secure(req), maxAge: 0 }),
    ]);
    res.redirect(303, next);
  }

  @Post('logout')
  @PageRoute()
  @RequirePermission('me.read')
  async logout(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    if (req.pageSession) await this.sessions.end(req.pageSession.idHash);
    res.setHeader('Set-Cookie', serialiseCookie(SESSION_COOKIE, '', { sameSite: 'Lax', secure: secure(req), maxAge: 0 }));
    res.redirect(303, '/login');
  }

  private async showForm(req: PageRequest, res: Response, status: number, view: { next: string; email?: string; error?: string }): Promise<void> {
    let nonce = parseCookies(req.headers.cookie).get(LOGIN_COOKIE);
    if (!nonce || !/^[A-Za-z0-9_-]{32}$/.test(nonce)) {
      nonce = randomBytes(24).toString('base64url');
      res.setHeader('Set-Cookie', serialiseCookie(LOGIN_COOKIE, nonce, { sameSite: 'Strict', secure: secure(req), maxAge: LOGIN_COOKIE_SECONDS }));
    }
    await this.pages.send(req, res, 'login', { title: 'Sign in', loginCsrf: await this.loginToken(nonce), ...view }, { status, frame: { me: null, csrf: null, flash: null, nav: 'login' } });
  }

  private async loginToken(nonce: string): Promise<string> {
    return createHmac('sha256', await this.keys.signingKey()).update(`login-form:${nonce}`).digest('base64url');
  }
}
