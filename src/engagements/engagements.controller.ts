import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../auth/principal';
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
    @InjectRepository(HistoryEntry) private readonly history: Repository<HistoryEntry>,
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
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'One engagement, with the events the caller may send now and why others are blocked' })
  @ApiOkResponse({ type: EngagementDetailView })
  async get(@Access() access: EngagementAccess): Promise<EngagementDetailView> {
    return this.engagements.detail(access);
  }

  @Get(':id/members')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: "The engagement's members and their roles" })
  @ApiOkResponse({ type: [MemberView] })
  async members(@Access() access: EngagementAccess): Promise<MemberView[]> {
    return this.engagements.membersOf(access);
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
  @ApiOperation({ summary: 'Every change applied to the engagement, oldest first' })
  @ApiOkResponse({ type: [HistoryEntryView] })
  async historyOf(@Access() access: EngagementAccess): Promise<HistoryEntryView[]> {
    const rows = await this.history.find({ where: { engagementId: access.engagement.id }, order: { id: 'ASC' } });
    return rows.map(toHistoryView);
  }
}
