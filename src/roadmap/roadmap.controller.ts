import { Body, Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService, type EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { EngagementDetailView, GateDecisionResultView, NextCycleView } from './engagement-detail.dto';
import { CarryOverService } from './carry-over';
import { EngagementDetailsService } from './engagement-details.service';
import { GateDecisionDto, GateView } from '../gates/gates.dto';
import { GatesService } from '../gates/gates.service';
import { EngagementEventDto, NextCycleDto } from './roadmap.dto';
import { RoadmapService } from './roadmap.service';
import { expectedVersionOf, requiredVersionOf } from '../common/version-header';

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
    private readonly gates: GatesService,
    private readonly engagements: EngagementDetailsService,
    private readonly carryOver: CarryOverService,
  ) {}

  @Post('events')
  @HttpCode(200)
  @RequirePermission('roadmap.event')
  @ApiOperation({
    summary: 'Send a roadmap event (SUBMIT_FOR_REVIEW, PUT_ON_HOLD, RESUME, CANCEL, REOPEN) under optimistic locking',
    description: 'expectedVersion (in the body) or If-Match is required: without either, 428 VERSION_REQUIRED.',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: EngagementDetailView, description: 'The engagement after the event' })
  @ApiConflictResponse({ description: 'STALE_VERSION (with currentVersion) or TRANSITION_REFUSED (with unmet conditions); nothing changed' })
  async event(
    @Access() access: EngagementAccess,
    @Body() dto: EngagementEventDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<EngagementDetailView> {
    const version = requiredVersionOf(dto.expectedVersion, ifMatch);
    // The engagement as the event's transaction left it; an event changes no membership.
    const engagement = await this.roadmap.sendEvent(access, dto, version);
    return this.engagements.detail({ ...access, engagement });
  }

  @Post('approvals')
  @HttpCode(200)
  @RequirePermission('gates.decide')
  @ApiOperation({ summary: 'Approve the stage in review, or request changes (comment required); the approval completing the quorum advances the stage' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: GateDecisionResultView })
  async approve(
    @Access() access: EngagementAccess,
    @Body() dto: GateDecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<GateDecisionResultView> {
    const { engagement, gateId } = await this.roadmap.decide(access, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
    return {
      gate: await this.gates.view(engagement.id, gateId),
      engagement: await this.engagements.detail({ ...access, engagement }),
    };
  }

  @Get('gates')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'Every gate record: stage, submission, approvals, decision and the frozen scorecard it was decided on' })
  @ApiOkResponse({ type: [GateView] })
  async gatesOf(@Access() access: EngagementAccess): Promise<GateView[]> {
    return this.gates.list(access);
  }

  @Post('next-cycle')
  @HttpCode(201)
  @RequirePermission('next-cycle.open')
  @ApiOperation({
    summary:
      'On a completed engagement: open the next cycle for the same city (cycle + 1): members and target overrides carried over, the baseline ' +
      'from the last verified measurements (unverified ones flagged), the actions not done offered to carry over',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: NextCycleView, description: 'The next engagement, with its baseline, its members, what the caller may do next and the actions offered' })
  async nextCycle(@Access() access: EngagementAccess, @Body() dto: NextCycleDto): Promise<NextCycleView> {
    const created = await this.roadmap.nextCycle(access, dto.title);
    const next = await this.access.engagement(access.principal, created.id);
    return { ...(await this.engagements.detail(next)), carryOver: await this.carryOver.offer(next) };
  }
}
