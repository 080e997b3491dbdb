import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { EffectiveTargetView, PutTargetDto, TargetWriteView } from './targets.dto';
import { TargetsService } from './targets.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The target of every KPI and data point as the scorecard uses it: catalogue default or override with its justification' })
  @ApiOkResponse({ type: [EffectiveTargetView] })
  async list(@Access() access: EngagementAccess): Promise<EffectiveTargetView[]> {
    return this.targets.effectiveTargets(access);
  }

  @Put(':code')
  @RequirePermission('targets.override')
  @ApiOperation({ summary: "Override a KPI's target for this engagement, with a justification (engagement manager or programme staff)" })
  @ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @ApiOkResponse({ type: TargetWriteView })
  async set(@Access() access: EngagementAccess, @Param('code') code: string, @Body() dto: PutTargetDto): Promise<TargetWriteView> {
    return this.targets.set(access, code, dto);
  }
}
