import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { GlobalRole } from '../../workflows/roles';

/** Who is calling: set on the request by the access-token guard. */
export class Principal {
  id!: string;
  email!: string;
  name!: string;
  role!: GlobalRole;
}

export const IS_PUBLIC = 'u4ssc:public';
/** A route anyone may call without a token (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const IS_PAGE_ROUTE = 'u4ssc:page-route';
/**
 * A dashboard page (src/dashboard): the caller is named by the session cookie, never by a bearer
 * token, and an unsafe method must carry the session's CSRF token (AccessTokenGuard). API routes
 * never read the cookie.
 */
export const PageRoute = () => SetMetadata(IS_PAGE_ROUTE, true);


/** The calling user, as a handler parameter. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});

export const isProgrammeStaff = (p: Principal) => p.role === 'admin' || p.role === 'programme_manager';
