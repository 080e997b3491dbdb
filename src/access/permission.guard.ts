import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, Principal } from '../common/principal';
import { notFound } from '../common/api-error';
import { isUuid } from '../common/id-param.pipe';
import { AccessService, type EngagementAtHand } from './access.service';
import { Permission, PERMISSIONS } from './permissions';
import { PERMISSION_KEY, RequestWithAccess } from './require-permission';

/**
 * Checks the route's @RequirePermission after AccessTokenGuard has named the caller, before pipes
 * read the body: a caller without the permission learns nothing about their input. A global
 * permission is checked on the caller's global role; an engagement permission on the engagement of
 * `:id`, which is then handed to the handler (@Access()).
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const permission = this.reflector.get<Permission | undefined>(PERMISSION_KEY, context.getHandler());
    if (!permission) return true;
    const request = context
      .switchToHttp()
      .getRequest<RequestWithAccess & { principal?: Principal; params: Record<string, string | undefined>; engagementAtHand?: EngagementAtHand }>();
    const principal = request.principal;
    // AccessTokenGuard runs first (app.module.ts) and names the caller of every route that is not @Public().
    if (!principal) throw new Error('PermissionGuard must run after AccessTokenGuard');
    if (PERMISSIONS[permission].scope === 'global') {
      this.access.requireGlobal(principal, permission);
      return true;
    }
    const id = request.params.id;
    if (!isUuid(id)) throw notFound('Engagement');
    const engagementId = id.toLowerCase();
    // AccessTokenGuard read the engagement with the caller (one statement); otherwise read it here.
    const atHand = request.engagementAtHand;
    request.engagementAccess =
      atHand?.engagementId === engagementId && atHand.userId === principal.id
        ? this.access.check(principal, atHand.engagement, atHand.memberRoles, permission)
        : await this.access.engagement(principal, engagementId, permission);
    return true;
  }
}
