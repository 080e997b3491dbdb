import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { withRetryAfter } from '../auth/auth.controller';
import { AuthService } from '../auth/auth.service';
import { RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../auth/principal';
import { IdParam } from '../common/id-param.pipe';
import { ChangePasswordDto, CreateUserDto, MeView, UpdateUserDto, UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Get('me')
  @RequirePermission('me.read')
  @ApiOperation({ summary: 'The calling user, with global role and engagement memberships' })
  @ApiOkResponse({ type: MeView })
  me(@Caller() caller: Principal): Promise<MeView> {
    return this.users.me(caller.id);
  }

  @Put('me/password')
  @HttpCode(204)
  @RequirePermission('me.update')
  @ApiOperation({
    summary: 'Change the calling user\'s password',
    description:
      'Needs the current password. The new one must meet the password policy. Every access token issued before ' +
      '(this one included) stops working: sign in again. A wrong currentPassword counts as a failed sign-in for the account.',
  })
  @ApiNoContentResponse({ description: 'Changed; earlier tokens no longer work' })
  @ApiBadRequestResponse({ description: 'WRONG_PASSWORD: currentPassword is wrong; VALIDATION_FAILED: newPassword breaks the policy' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many failed attempts for this account; see Retry-After' })
  async changePassword(
    @Caller() caller: Principal,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown },
  ): Promise<void> {
    await withRetryAfter(res, () => this.auth.changePassword(caller.id, dto.currentPassword, dto.newPassword));
  }

  @Post('users')
  @HttpCode(201)
  @RequirePermission('users.create')
  @ApiOperation({ summary: 'Create a user (admin only)' })
  @ApiCreatedResponse({ type: UserView })
  create(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto);
  }

  @Get('users')
  @RequirePermission('users.list')
  @ApiOperation({ summary: 'Every user (admin and programme managers), to pick members and managers' })
  @ApiOkResponse({ type: [UserView] })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Patch('users/:id')
  @RequirePermission('users.update')
  @ApiOperation({
    summary: 'Deactivate or reactivate a user (admin only)',
    description:
      'active:false: the user cannot sign in (answered like a wrong password) and their tokens stop working at once; ' +
      'reactivating does not revive those tokens. An admin cannot deactivate themselves (400 CANNOT_DEACTIVATE_SELF).',
  })
  @ApiOkResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or CANNOT_DEACTIVATE_SELF' })
  @ApiNotFoundResponse({ description: 'No such user' })
  update(@Caller() caller: Principal, @Param('id', new IdParam('User')) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(caller.id, id, dto);
  }
}
