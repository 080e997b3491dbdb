import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Caller, Principal, RequireGlobalRole } from '../auth/principal';
import { IdParam } from '../common/id-param.pipe';
import { VersionQuery } from '../common/versioned.dto';
import { AddMemberDto, CreateEngagementDto, EngagementDetailView, EngagementView, ListEngagementsQuery, MemberView } from './engagements.dto';
import { EngagementsService } from './engagements.service';
import { HistoryEntryView, toHistoryView } from './history.dto';
import { HistoryEntry } from './history-entry.entity';

@ApiTags('cities and engagements')
@ApiBearerAuth()
@Controller('api/engagements')
export class EngagementsController {
  constructor(
    private readonly engagements: EngagementsService,
    private readonly access: AccessService,
    @InjectRepository(HistoryEntry) private readonly history: Repository<HistoryEntry>,
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
  @ApiOperation({ summary: 'Every change applied to the engagement, oldest first' })
  @ApiOkResponse({ type: [HistoryEntryView] })
  async historyOf(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<HistoryEntryView[]> {
    await this.access.engagement(caller, id);
    const rows = await this.history.find({ where: { engagementId: id }, order: { id: 'ASC' } });
    return rows.map(toHistoryView);
  }
}
