import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import type { EngagementAccess } from './access.service';
import { Permission, PERMISSIONS, whoInWords } from './permissions';

export const PERMISSION_KEY = 'u4ssc:permission';

/**
 * The permission a route needs, from the table in permissions.ts; PermissionGuard checks it before
 * the body is read. An engagement permission reads the engagement of the route's `:id` (404 for
 * whoever may not read it, 403 for a reader without the permission) and hands it to the handler as
 * `@Access()`.
 */
export const RequirePermission = (permission: Permission) => {
  const rule = PERMISSIONS[permission];
  const forbidden = ApiForbiddenResponse({ description: `\`${permission}\`: only ${whoInWords(rule)} may ${rule.does}` });
  if (rule.scope === 'global') return applyDecorators(SetMetadata(PERMISSION_KEY, permission), forbidden);
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiParam({ name: 'id', type: String, format: 'uuid', description: 'The engagement' }),
    forbidden,
    ApiNotFoundResponse({ description: 'No such engagement, or the caller may not read it (`engagement.read`)' }),
  );
};

export interface RequestWithAccess {
  engagementAccess?: EngagementAccess;
}

/** The caller's access to the route's engagement, as PermissionGuard checked it. */
export const Access = createParamDecorator((_: unknown, ctx: ExecutionContext): EngagementAccess => {
  const access = ctx.switchToHttp().getRequest<RequestWithAccess>().engagementAccess;
  if (!access) throw new Error('@Access() needs an engagement permission on the route (@RequirePermission)');
  return access;
});
