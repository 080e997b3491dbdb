import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccessService } from '../../access/access.service';
import { Caller, Principal } from '../../auth/principal';
import { IdParam } from '../../common/id-param.pipe';
import { EffectiveTargetView, PutTargetDto, TargetWriteView } from './targets.dto';
import { TargetsService } from './targets.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id/targets')
export class TargetsController {
  constructor(
    private readonly access: AccessService,
    private readonly targets: TargetsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The target of every KPI and data point as the scorecard uses it: catalogue default or override with its justification' })
  @ApiOkResponse({ type: [EffectiveTargetView] })
  async list(@Param('id', new IdParam('Engagement')) id: string, @Caller() caller: Principal): Promise<EffectiveTargetView[]> {
    await this.access.engagement(caller, id);
    return this.targets.effectiveTargets(id);
  }

  @Put(':code')
  @ApiOperation({ summary: "Override a KPI's target for this engagement, with a justification (engagement manager or programme staff)" })
  @ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @ApiOkResponse({ type: TargetWriteView })
  async set(
    @Param('id', new IdParam('Engagement')) id: string,
    @Param('code') code: string,
    @Body() dto: PutTargetDto,
    @Caller() caller: Principal,
  ): Promise<TargetWriteView> {
    return this.targets.set(await this.access.engagement(caller, id), code, dto);
  }
}
