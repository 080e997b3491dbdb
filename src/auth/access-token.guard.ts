import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiError } from '../common/api-error';
import { isUuid } from '../common/id-param.pipe';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { IS_PUBLIC, Principal } from '../common/principal';

const unauthorized = (message: string) => new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);

/**
 * Every route needs a valid `Authorization: Bearer <token>` unless marked @Public(). The user is
 * read afresh on each request, so a removed or deactivated user, a changed password or a changed
 * role takes effect at once.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('An access token is required: send Authorization: Bearer <token>');
    const claims = await this.auth.verify(token);
    if (!claims) throw unauthorized('The access token is invalid or has expired');
    const user = isUuid(claims.sub) ? await this.users.findOneBy({ id: claims.sub }) : null;
    if (!user || !AuthService.tokenStillValid(claims, user)) throw unauthorized('The access token is no longer valid: its user is gone or deactivated, or changed their password');
    request.principal = { id: user.id, email: user.email, name: user.name, role: user.role };
    return true;
  }
}
