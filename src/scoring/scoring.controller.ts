import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { ScorecardService } from './scorecard.service';
import { EngagementScorecardView, GapView } from './scoring.dto';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class ScoringController {
  constructor(private readonly scoring: ScorecardService) {}

  @Get('scorecard')
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      'The U4SSC scorecard from the current values (submitted or verified) and targets: a row per KPI and data point, ' +
      'category / sub-dimension / dimension / SDG aggregates (points ÷ 4 × scored items), completeness beside them, and the data quality of the ' +
      'values (dataQuality: counts by the six-level scale, by consistency flag, by evidence present)',
  })
  @ApiOkResponse({ type: EngagementScorecardView })
  async scorecard(@Access() access: EngagementAccess): Promise<EngagementScorecardView> {
    return this.scoring.scorecard(access);
  }

  @Get('gap-analysis')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'KPIs and data points below reached, ranked: core not reported, core not verified, then by distance to target' })
  @ApiOkResponse({ type: [GapView] })
  async gaps(@Access() access: EngagementAccess): Promise<GapView[]> {
    return this.scoring.gapAnalysis(access);
  }
}
