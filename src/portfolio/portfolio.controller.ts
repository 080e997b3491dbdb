import { linkNextPage } from '../common/pages';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../common/principal';
import { IdParam } from '../common/id-param.pipe';
import { VersionQuery } from '../common/versioned.dto';
import { EngagementView } from '../engagements/engagement.dto';
import { EngagementDetailView, MemberView } from '../roadmap/engagement-detail.dto';
import { EngagementDetailsService } from '../roadmap/engagement-details.service';
import { AddMemberDto, CreateEngagementDto, ListEngagementsQuery } from './portfolio.dto';
import { PortfolioService } from './portfolio.service';
import { HistoryEntryView, HistoryQuery } from '../engagements/history.dto';
import { HISTORY_DEFAULT_LIMIT, HistoryService } from '../engagements/history.service';

@ApiTags('cities and engagements')
@ApiBearerAuth()
@Controller('api/engagements')
export class PortfolioController {
  constructor(
    private readonly engagements: PortfolioService,
    private readonly details: EngagementDetailsService,
    private readonly historyPages: HistoryService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('engagements.create')
  @ApiOperation({ summary: 'Open an engagement for a city (programme staff); it starts at assessment / inProgress, version 1' })
  @ApiCreatedResponse({ type: EngagementView })
  create(@Body() dto: CreateEngagementDto, @Caller() caller: Principal): Promise<EngagementView> {
    return this.engagements.create(dto, caller);
  }

  @Get()
  @RequirePermission('engagements.list')
  @ApiOperation({
    summary:
      'Engagements the caller may see, newest first, a page at a time (?limit=, default 50, at most 200); total count in X-Total-Count. ' +
      'When more remain, X-Next-Cursor carries the cursor of the next page (send it as ?cursor=) and Link its URL (rel="next").',
  })
  @ApiOkResponse({
    type: [EngagementView],
    headers: {
      'X-Total-Count': { description: 'How many engagements match', schema: { type: 'integer' } },
      'X-Next-Cursor': { description: 'Opaque cursor of the next page; absent on the last page', schema: { type: 'string' } },
      Link: { description: '<…/engagements?…&limit=…&cursor=…>; rel="next", absent on the last page', schema: { type: 'string' } },
    },
  })
  async list(
    @Query() query: ListEngagementsQuery,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EngagementView[]> {
    const { items, total, nextCursor } = await this.engagements.list(caller, query);
    res.setHeader('X-Total-Count', String(total));
    const filters = { ...(query.stage ? { stage: query.stage } : {}), ...(query.cityId ? { cityId: query.cityId } : {}) };
    linkNextPage(res, `/api/engagements${Object.keys(filters).length ? `?${new URLSearchParams(filters).toString()}` : ''}`, query.limit ?? 50, nextCursor);
    return items;
  }

  @Get(':id')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'One engagement, with the events the caller may send now and why others are blocked' })
  @ApiOkResponse({ type: EngagementDetailView })
  async get(@Access() access: EngagementAccess): Promise<EngagementDetailView> {
    return this.details.detail(access);
  }

  @Get(':id/members')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: "The engagement's members and their roles" })
  @ApiOkResponse({ type: [MemberView] })
  async members(@Access() access: EngagementAccess): Promise<MemberView[]> {
    return this.details.membersOf(access);
  }

  @Post(':id/members')
  @HttpCode(201)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Give a person a role in the engagement (programme staff or the engagement manager)' })
  @ApiCreatedResponse({ type: MemberView })
  async addMember(@Access() access: EngagementAccess, @Body() dto: AddMemberDto): Promise<MemberView> {
    return this.engagements.addMember(access, dto);
  }

  @Delete(':id/members/:memberId')
  @HttpCode(204)
  @RequirePermission('members.manage')
  @ApiOperation({ summary: 'Remove one membership (a person keeps their other roles)' })
  @ApiNoContentResponse()
  async removeMember(
    @Access() access: EngagementAccess,
    @Param('memberId', new IdParam('Member')) memberId: string,
    @Query() query: VersionQuery,
  ): Promise<void> {
    await this.engagements.removeMember(access, memberId, query.expectedVersion);
  }

  @Get(':id/history')
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      'Every change applied to the engagement, newest first, a page at a time (?limit=, default 50, at most 200). When older rows remain, ' +
      'the X-Next-Cursor header carries the cursor of the next page (send it as ?cursor=) and the Link header its URL (rel="next"); ' +
      'the last page has neither. A bad limit or cursor is 400.',
  })
  @ApiOkResponse({
    type: [HistoryEntryView],
    headers: {
      'X-Next-Cursor': { description: 'Opaque cursor of the next (older) page; absent on the last page', schema: { type: 'string' } },
      Link: { description: '<…/history?limit=…&cursor=…>; rel="next", absent on the last page', schema: { type: 'string' } },
    },
  })
  async historyOf(
    @Access() access: EngagementAccess,
    @Query() query: HistoryQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HistoryEntryView[]> {
    const id = access.engagement.id;
    const { items, nextCursor } = await this.historyPages.page(id, query);
    linkNextPage(res, `/api/engagements/${id}/history`, query.limit ?? HISTORY_DEFAULT_LIMIT, nextCursor);
    return items;
  }
}
