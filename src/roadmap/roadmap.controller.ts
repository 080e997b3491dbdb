import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService } from '../access/access.service';
import { Caller, Principal } from '../auth/principal';
import { TasksService } from '../checklists/tasks.service';
import { ListTasksQuery, TaskView, UpdateTaskDto } from '../checklists/tasks.dto';
import { IdParam } from '../common/id-param.pipe';
import { EngagementDetailView, EngagementView } from '../engagements/engagements.dto';
import { EngagementsService } from '../engagements/engagements.service';
import { GateDecisionDto, GateDecisionResultView, GateView } from '../gates/gates.dto';
import { GatesService } from '../gates/gates.service';
import { EngagementEventDto, NextCycleDto } from './roadmap.dto';
import { RoadmapService } from './roadmap.service';
import { expectedVersionOf, requiredVersionOf } from './version-header';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The engagement version acted on, instead of expectedVersion' };
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat-safe POST: the same key and body replays the first response; another body is 422; while the first is in flight, 409',
};

@ApiTags('roadmap')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class RoadmapController {
  constructor(
    private readonly access: AccessService,
    private readonly roadmap: RoadmapService,
    private readonly tasks: TasksService,
    private readonly gates: GatesService,
    private readonly engagements: EngagementsService,
  ) {}

  @Post('events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a roadmap event (SUBMIT_FOR_REVIEW, PUT_ON_HOLD, RESUME, CANCEL, REOPEN) under optimistic locking',
    description: 'expectedVersion (in the body) or If-Match is required: without either, 428 VERSION_REQUIRED.',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: EngagementDetailView, description: 'The engagement after the event' })
  @ApiConflictResponse({ description: 'STALE_VERSION (with currentVersion) or TRANSITION_REFUSED (with unmet conditions); nothing changed' })
  async event(
    @Param('id', new IdParam('Engagement')) id: string,
    @Body() dto: EngagementEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Caller() caller: Principal,
  ): Promise<EngagementDetailView> {
    const version = requiredVersionOf(dto.expectedVersion, ifMatch);
    await this.roadmap.sendEvent(await this.access.engagement(caller, id), dto, version);
    return this.engagements.detail(await this.access.engagement(caller, id));
  }

  @Post('approvals')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve the stage in review, or request changes (comment required); the approval completing the quorum advances the stage' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: GateDecisionResultView })
  async approve(
    @Param('id', new IdParam('Engagement')) id: string,
    @Body() dto: GateDecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Caller() caller: Principal,
  ): Promise<GateDecisionResultView> {
    const { engagement, gateId } = await this.roadmap.decide(await this.access.engagement(caller, id), dto, expectedVersionOf(dto.expectedVersion, ifMatch));
    return {
      gate: await this.gates.view(engagement.id, gateId),
      engagement: await this.engagements.detail(await this.access.engagement(caller, id)),
    };
  }

  @Get('gates')
  @ApiOperation({ summary: 'Every gate record: stage, submission, approvals, decision and the frozen scorecard it was decided on' })
  @ApiOkResponse({ type: [GateView] })
  async gatesOf(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<GateView[]> {
    return this.gates.list((await this.access.engagement(caller, id)).engagement);
  }

  @Get('tasks')
  @ApiOperation({ summary: "The engagement's checklist tasks, stage by stage" })
  @ApiOkResponse({ type: [TaskView] })
  async tasksOf(@Param('id', new IdParam('Engagement')) id: string, @Query() query: ListTasksQuery, @Caller() caller: Principal): Promise<TaskView[]> {
    return this.tasks.list(await this.access.engagement(caller, id), query.stage);
  }

  @Patch('tasks/:taskId')
  @ApiOperation({ summary: 'Change a task: status (waived needs a note), assignee (a member), due date, note' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: TaskView })
  async updateTask(
    @Param('id', new IdParam('Engagement')) id: string,
    @Param('taskId', new IdParam('Task')) taskId: string,
    @Body() dto: UpdateTaskDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Caller() caller: Principal,
  ): Promise<TaskView> {
    return this.tasks.update(await this.access.engagement(caller, id), taskId, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Post('next-cycle')
  @HttpCode(201)
  @ApiOperation({ summary: 'On a completed engagement: open the next cycle for the same city (cycle + 1), members carried over' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: EngagementView })
  async nextCycle(@Param('id', new IdParam('Engagement')) id: string, @Body() dto: NextCycleDto, @Caller() caller: Principal): Promise<EngagementView> {
    const created = await this.roadmap.nextCycle(await this.access.engagement(caller, id), dto.title);
    return this.engagements.view(await this.access.engagement(caller, created.id));
  }
}
