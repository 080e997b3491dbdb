import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessService } from '../access/access.service';
import { Caller, Principal, RequireGlobalRole } from '../auth/principal';
import { IdParam } from '../common/id-param.pipe';
import { VersionQuery } from '../common/versioned.dto';
import { AddMemberDto, CreateEngagementDto, EngagementDetailView, EngagementView, ListEngagementsQuery, MemberView } from './engagements.dto';
import { EngagementsService } from './engagements.service';
import { HistoryEntryView, HistoryQuery } from './history.dto';
import { HISTORY_DEFAULT_LIMIT, HistoryService } from './history.service';

@ApiTags('cities and engagements')
@ApiBearerAuth()
@Controller('api/engagements')
export class EngagementsController {
  constructor(
    private readonly engagements: EngagementsService,
    private readonly access: AccessService,
    private readonly historyPages: HistoryService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireGlobalRole('admin', 'programme_manager')
  @ApiOperation({ summary: 'Open an engagement for a city (programme staff); it starts at assessment / inProgress, version 1' })
  @ApiCreatedResponse({ type: EngagementView })
  create(@Body() dto: CreateEngagementDto, @Caller() caller: Principal): Promise<EngagementView> {
    return this.engagements.create(dto, caller);
  }

  @Get()
  @ApiOperation({ summary: 'Engagements the caller may see, newest first; total count in X-Total-Count' })
  @ApiOkResponse({ type: [EngagementView] })
  async list(
    @Query() query: ListEngagementsQuery,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EngagementView[]> {
    const { items, total } = await this.engagements.list(caller, query);
    res.setHeader('X-Total-Count', String(total));
    return items;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One engagement, with the events the caller may send now and why others are blocked' })
  @ApiOkResponse({ type: EngagementDetailView })
  async get(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<EngagementDetailView> {
    return this.engagements.detail(await this.access.engagement(caller, id));
  }

  @Get(':id/members')
  @ApiOperation({ summary: "The engagement's members and their roles" })
  @ApiOkResponse({ type: [MemberView] })
  async members(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<MemberView[]> {
    await this.access.engagement(caller, id);
    return this.engagements.membersOf(id);
  }

  @Post(':id/members')
  @HttpCode(201)
  @ApiOperation({ summary: 'Give a person a role in the engagement (programme staff or the engagement manager)' })
  @ApiCreatedResponse({ type: MemberView })
  async addMember(
    @Param('id', new IdParam('Engagement')) id: string,
    @Body() dto: AddMemberDto,
    @Caller() caller: Principal,
  ): Promise<MemberView> {
    return this.engagements.addMember(await this.access.engagement(caller, id), dto);
  }

  @Delete(':id/members/:memberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one membership (a person keeps their other roles)' })
  @ApiNoContentResponse()
  async removeMember(
    @Param('id', new IdParam('Engagement')) id: string,
    @Param('memberId', new IdParam('Member')) memberId: string,
    @Query() query: VersionQuery,
    @Caller() caller: Principal,
  ): Promise<void> {
    await this.engagements.removeMember(await this.access.engagement(caller, id), memberId, query.expectedVersion);
  }

  @Get(':id/history')
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
    @Param('id', new IdParam('Engagement')) id: string,
    @Query() query: HistoryQuery,
    @Caller() caller: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HistoryEntryView[]> {
    await this.access.engagement(caller, id);
    const { items, nextCursor } = await this.historyPages.page(id, query);
    if (nextCursor !== null) {
      const next = new URLSearchParams({ limit: String(query.limit ?? HISTORY_DEFAULT_LIMIT), cursor: nextCursor });
      res.setHeader('X-Next-Cursor', nextCursor);
      res.setHeader('Link', `</api/engagements/${id}/history?${next.toString()}>; rel="next"`);
    }
    return items;
  }
}
