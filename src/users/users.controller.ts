import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../auth/principal';
import { CreateUserDto, MeView, UserView } from './users.dto';
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
}
