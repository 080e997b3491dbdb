import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { EngagementAtHand } from '../access/access.service';
import { Engagement } from '../engagements/engagement.entity';
import { EntityRows } from '../common/entity-rows';
import type { MemberRole } from '../../workflows/roles';
import { PERMISSION_KEY } from '../access/require-permission';
import { Permission, PERMISSIONS } from '../access/permissions';
import { ApiError } from '../common/api-error';
import { parseCookies } from '../common/cookies';
import { isUuid } from '../common/id-param.pipe';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { IS_PAGE_ROUTE, IS_PUBLIC, Principal } from '../common/principal';
import { crossSiteRefusal, SAFE_METHODS, SESSION_COOKIE, tokensMatch } from './page-request-rules';
import type { PageSession } from './page-session.entity';
import { PageSessions } from './page-sessions.service';

const unauthorized = (message: string) => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);

/** The request as the guards see it. */
export interface GuardedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  params?: Record<string, string | undefined>;
  protocol?: string;
  /** Express: the Host (or, behind a trusted proxy, X-Forwarded-Host) with its port. */
  host?: string;
  principal?: Principal;
  /** On a page route: the session that named the caller. */
  pageSession?: PageSession;
  /** On an API route on one engagement: that engagement and the caller's roles, read with the caller (PermissionGuard checks them). */
  engagementAtHand?: EngagementAtHand;
}

/** This server's origin as the browser saw it (for the Origin check of page forms); behind a trusted proxy, as the proxy says (TRUST_PROXY). */
export const ownOrigin = (request: Pick<GuardedRequest, 'headers' | 'protocol' | 'host'>): string =>
  `${request.protocol ?? 'http'}://${request.host ?? String(request.headers.host ?? '')}`;

/**
 * Every route needs a valid `Authorization: Bearer <token>` unless marked @Public(). The user is
 * read afresh on each request, so a removed or deactivated user, a changed password or a changed
 * role takes effect at once. A dashboard page (@PageRoute()) is named by its session cookie instead,
 * and only by it: the API never reads the cookie, the pages never read a bearer token.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  private readonly userRows: EntityRows<User>;
  private readonly engagementRows: EntityRows<Engagement>;
  /** The token's user, the route's engagement and the user's roles on it: one statement. */
  private readonly callerOnEngagement: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly sessions: PageSessions,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {
    this.userRows = new EntityRows(users.manager.connection, User, 'u');
    this.engagementRows = new EntityRows(users.manager.connection, Engagement, 'e');
    this.callerOnEngagement = `SELECT ${this.userRows.selectList}, ${this.engagementRows.selectList},
        ARRAY(SELECT m.role FROM engagement_member m WHERE m.engagement_id = e.id AND m.user_id = u.id) AS member_roles
      FROM app_user u LEFT JOIN engagement e ON e.id = $2 WHERE u.id = $1`;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(IS_PAGE_ROUTE, targets)) return this.pageCaller(request);
    const [scheme, token] = String(request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('An access token is required: send Authorization: Bearer <token>');
    const claims = await this.auth.verify(token);
    if (!claims) throw unauthorized('The access token is invalid or has expired');
    const user = isUuid(claims.sub) ? await this.userOf(claims.sub, context, request) : null;
    if (!user || !AuthService.tokenStillValid(claims, user)) throw unauthorized('The access token is no longer valid: its user is gone or deactivated, or changed their password');
    request.principal = { id: user.id, email: user.email, name: user.name, role: user.role };
    return true;
  }

  /**
   * The token's user. On a route that acts on one engagement (an engagement permission and a uuid
   * `:id`), the engagement and the user's roles on it come in the same statement and wait on the
   * request for PermissionGuard: one read instead of three.
   */
  private async userOf(userId: string, context: ExecutionContext, request: GuardedRequest): Promise<User | null> {
    const permission = this.reflector.get<Permission | undefined>(PERMISSION_KEY, context.getHandler());
    const engagementId = request.params?.id;
    if (!permission || PERMISSIONS[permission].scope !== 'engagement' || !isUuid(engagementId)) {
      const [row] = (await this.users.query(`SELECT ${this.userRows.selectList} FROM app_user u WHERE u.id = $1`, [userId])) as Record<string, unknown>[];
      return row ? this.userRows.from(row) : null;
    }
    const id = engagementId.toLowerCase();
    const [row] = (await this.users.query(this.callerOnEngagement, [userId, id])) as (Record<string, unknown> & { member_roles: MemberRole[] })[];
    const user = row ? this.userRows.from(row) : null;
    if (!user) return null;
    const engagement = this.engagementRows.from(row);
    request.engagementAtHand = { userId, engagementId: id, engagement, memberRoles: engagement ? row.member_roles : [] };
    return user;
  }

  /**
   * A page: the session of the cookie names the caller (401 SIGN_IN_REQUIRED otherwise: the page
   * filter sends the browser to /login). A POST must come from this site and carry the session's
   * CSRF token in the form field `_csrf` (403 CSRF_REFUSED), before any permission or body is read.
   */
  private async pageCaller(request: GuardedRequest): Promise<boolean> {
    const raw = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    const found = raw ? await this.sessions.resolve(raw) : null;
    if (!found) throw new ApiError(HttpStatus.UNAUTHORIZED, 'SIGN_IN_REQUIRED', 'Sign in to see this page; your session may have ended');
    if (!SAFE_METHODS.has(request.method.toUpperCase())) {
      const refusal = crossSiteRefusal(request.headers, ownOrigin(request));
      const token = (request.body as { _csrf?: unknown } | undefined)?._csrf;
      if (refusal) throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF_REFUSED', `${refusal}: nothing was changed`);
      if (!tokensMatch(token, found.session.csrfSecret)) {
        throw new ApiError(HttpStatus.FORBIDDEN, 'CSRF_REFUSED', 'The form is missing its security token or carries a wrong one (it may be from an old page): reload the page and try again; nothing was changed');
      }
    }
    const { user, session } = found;
    request.principal = { id: user.id, email: user.email, name: user.name, role: user.role };
    request.pageSession = session;
    return true;
  }
}
