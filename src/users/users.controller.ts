import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../common/principal';
import { IdParam } from '../common/id-param.pipe';
import { CreateUserDto, MeView, UpdateUserDto, UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @RequirePermission('me.read')
  @ApiOperation({ summary: 'The calling user, with global role and engagement memberships' })
  @ApiOkResponse({ type: MeView })
  me(@Caller() caller: Principal): Promise<MeView> {
    return this.users.me(caller.id);
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
