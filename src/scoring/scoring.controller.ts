import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService } from '../access/access.service';
import { Caller, Principal } from '../auth/principal';
import { IdParam } from '../common/id-param.pipe';
import { ScorecardService } from './scorecard.service';
import { GapView, ScorecardView } from './scoring.dto';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class ScoringController {
  constructor(
    private readonly access: AccessService,
    private readonly scoring: ScorecardService,
  ) {}

  @Get('scorecard')
  @ApiOperation({
    summary:
      'The U4SSC scorecard from the current values (submitted or verified) and targets: a row per KPI and data point, ' +
      'category / sub-dimension / dimension / SDG aggregates (points ÷ 4 × scored items), completeness beside them',
  })
  @ApiOkResponse({ type: ScorecardView })
  async scorecard(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<ScorecardView> {
    await this.access.engagement(caller, id);
    return (await this.scoring.scorecardFor(id)).scorecard;
  }

  @Get('gap-analysis')
  @ApiOperation({ summary: 'KPIs and data points below reached, ranked: core not reported, core not verified, then by distance to target' })
  @ApiOkResponse({ type: [GapView] })
  async gaps(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<GapView[]> {
    await this.access.engagement(caller, id);
    return this.scoring.gapAnalysisFor(id);
  }
}
