import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { IdParam } from '../common/id-param.pipe';
import { expectedVersionOf } from '../common/version-header';
import { ActionsService } from './actions.service';
import { GapDeferralsService } from './gap-deferrals.service';
import {
  ActionView,
  ActionWriteView,
  CreateActionDto,
  CreateProcurementItemDto,
  GapDeferralQuery,
  GapDeferralView,
  ItemVersionQuery,
  ProcurementItemView,
  ProcurementItemWriteView,
  PutGapDeferralDto,
  UpdateActionDto,
  UpdateProcurementItemDto,
} from './plans.dto';
import { ProcurementService } from './procurement.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The engagement version acted on, instead of expectedVersion' };

export class ListProcurementQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the items of this action' })
  @IsOptional() @IsUUID('all', { message: 'actionId must be an action id (uuid)' })
  actionId?: string;
}

/** The action plan and the gap deferrals. */
@ApiTags('Plans')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class ActionsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly deferrals: GapDeferralsService,
  ) {}

  @Get('actions')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The action plan: every action with its KPIs, expected values, budget and the procurement total against it' })
  @ApiOkResponse({ type: [ActionView] })
  list(@Access() access: EngagementAccess): Promise<ActionView[]> {
    return this.actions.list(access);
  }

  @Post('actions')
  @HttpCode(201)
  @RequirePermission('actions.manage')
  @ApiOperation({
    summary:
      'Add an action: the KPIs it addresses (`<code>/<dataPoint>` for a data point) with the value expected after it, budget, owner (a member), dates',
  })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: ActionWriteView })
  create(@Access() access: EngagementAccess, @Body() dto: CreateActionDto, @Headers('if-match') ifMatch: string | undefined): Promise<ActionWriteView> {
    return this.actions.create(access, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Get('actions/:actionId')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'One action' })
  @ApiOkResponse({ type: ActionView })
  get(@Access() access: EngagementAccess, @Param('actionId', new IdParam('Action')) actionId: string): Promise<ActionView> {
    return this.actions.get(access, actionId);
  }

  @Patch('actions/:actionId')
  @RequirePermission('actions.manage')
  @ApiOperation({
    summary:
      'Change an action; kpiCodes and expectedValues replace its targets (values of KPIs still named are kept). ' +
      'A status move the plan does not allow answers 409 STATUS_TRANSITION_REFUSED with the allowed ones',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ActionWriteView })
  update(
    @Access() access: EngagementAccess,
    @Param('actionId', new IdParam('Action')) actionId: string,
    @Body() dto: UpdateActionDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ActionWriteView> {
    return this.actions.update(access, actionId, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Delete('actions/:actionId')
  @HttpCode(204)
  @RequirePermission('actions.manage')
  @ApiOperation({ summary: 'Delete an action that no procurement item references (409 ACTION_IN_USE otherwise: drop it instead)' })
  @ApiNoContentResponse()
  async remove(@Access() access: EngagementAccess, @Param('actionId', new IdParam('Action')) actionId: string, @Query() query: ItemVersionQuery): Promise<void> {
    await this.actions.remove(access, actionId, query);
  }

  @Put('gap-deferrals/:code')
  @RequirePermission('actions.manage')
  @ApiOperation({ summary: 'Defer a lowest-band gap (below_one_third) with a reason instead of an action; 409 GAP_NOT_DEFERRABLE for another band' })
  @ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @ApiOkResponse({ type: GapDeferralView })
  defer(@Access() access: EngagementAccess, @Param('code') code: string, @Body() dto: PutGapDeferralDto): Promise<GapDeferralView> {
    return this.deferrals.put(access, code, dto);
  }

  @Delete('gap-deferrals/:code')
  @HttpCode(204)
  @RequirePermission('actions.manage')
  @ApiOperation({ summary: 'Withdraw a gap deferral (?dataPoint= for a data point)' })
  @ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @ApiNoContentResponse()
  async undefer(@Access() access: EngagementAccess, @Param('code') code: string, @Query() query: GapDeferralQuery): Promise<void> {
    await this.deferrals.remove(access, code, query);
  }
}

/** The smart public procurement plan. */
@ApiTags('Plans')
@ApiBearerAuth()
@Controller('api/engagements/:id/procurement-items')
export class ProcurementController {
  constructor(private readonly procurement: ProcurementService) {}

  @Get()
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The procurement plan: items linked to actions, with method, estimated cost, schedule and status' })
  @ApiOkResponse({ type: [ProcurementItemView] })
  list(@Access() access: EngagementAccess, @Query() query: ListProcurementQuery): Promise<ProcurementItemView[]> {
    return this.procurement.list(access, query.actionId);
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('procurement.manage')
  @ApiOperation({ summary: 'Add a procurement item for an action of this engagement' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: ProcurementItemWriteView })
  create(
    @Access() access: EngagementAccess,
    @Body() dto: CreateProcurementItemDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ProcurementItemWriteView> {
    return this.procurement.create(access, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Get(':itemId')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'One procurement item' })
  @ApiOkResponse({ type: ProcurementItemView })
  get(@Access() access: EngagementAccess, @Param('itemId', new IdParam('Procurement item')) itemId: string): Promise<ProcurementItemView> {
    return this.procurement.get(access, itemId);
  }

  @Patch(':itemId')
  @RequirePermission('procurement.manage')
  @ApiOperation({ summary: 'Change a procurement item' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ProcurementItemWriteView })
  update(
    @Access() access: EngagementAccess,
    @Param('itemId', new IdParam('Procurement item')) itemId: string,
    @Body() dto: UpdateProcurementItemDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ProcurementItemWriteView> {
    return this.procurement.update(access, itemId, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Delete(':itemId')
  @HttpCode(204)
  @RequirePermission('procurement.manage')
  @ApiOperation({ summary: 'Delete a procurement item' })
  @ApiNoContentResponse()
  async remove(
    @Access() access: EngagementAccess,
    @Param('itemId', new IdParam('Procurement item')) itemId: string,
    @Query() query: ItemVersionQuery,
  ): Promise<void> {
    await this.procurement.remove(access, itemId, query);
  }
}
