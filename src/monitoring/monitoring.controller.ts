import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { IdParam } from '../common/id-param.pipe';
import { VersionQuery } from '../common/versioned.dto';
import { MeasurementsQuery, MeasurementVerificationDto, MeasurementView, MeasurementWriteView, MonitoredItemView, RecordMeasurementDto } from './monitoring.dto';
import { MonitoringService } from './monitoring.service';

@ApiTags('Monitoring')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Post('measurements')
  @HttpCode(201)
  @RequirePermission('measurements.submit')
  @ApiOperation({
    summary:
      'Record a KPI re-measurement (data contributors, city coordinators, the manager, programme staff; never a verifier). ' +
      'The date may not be in the future, and must be after the KPI\'s baseline date; a KPI no action targets is accepted and marked targeted: false.',
  })
  @ApiCreatedResponse({ type: MeasurementWriteView })
  async record(@Access() access: EngagementAccess, @Body() dto: RecordMeasurementDto): Promise<MeasurementWriteView> {
    return this.monitoring.record(access, dto);
  }

  @Get('measurements')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: "The engagement's KPI measurements, newest first (by date)" })
  @ApiOkResponse({ type: [MeasurementView] })
  async list(@Access() access: EngagementAccess, @Query() query: MeasurementsQuery): Promise<MeasurementView[]> {
    return this.monitoring.list(access, query);
  }

  @Delete('measurements/:measurementId')
  @HttpCode(204)
  @RequirePermission('measurements.submit')
  @ApiOperation({ summary: 'Delete a wrong measurement (kept in the history as MEASUREMENT_DELETED)' })
  @ApiNoContentResponse()
  async remove(
    @Access() access: EngagementAccess,
    @Param('measurementId', new IdParam('Measurement')) measurementId: string,
    @Query() query: VersionQuery,
  ): Promise<void> {
    await this.monitoring.remove(access, measurementId, query.expectedVersion);
  }

  @Post('measurements/:measurementId/verification')
  @HttpCode(200)
  @RequirePermission('measurements.verify')
  @ApiOperation({
    summary:
      'Verify or reject a submitted measurement (verifiers of the engagement; never whoever recorded it: 403 FOUR_EYES; a comment is required to reject). ' +
      'Monitoring reads every measurement and shows its status; the next cycle takes the last verified one as its baseline.',
  })
  @ApiOkResponse({ type: MeasurementWriteView })
  async verify(
    @Access() access: EngagementAccess,
    @Param('measurementId', new IdParam('Measurement')) measurementId: string,
    @Body() dto: MeasurementVerificationDto,
  ): Promise<MeasurementWriteView> {
    return this.monitoring.verify(access, measurementId, dto);
  }

  @Get('monitoring')
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      'Per KPI / data point targeted by an action (then the untargeted ones with measurements): baseline, series, latest, target, ' +
      'progress and the Open SDG status (observed ÷ required compound annual growth), the projected year, and the inputs of each calculation',
  })
  @ApiOkResponse({ type: [MonitoredItemView] })
  async view(@Access() access: EngagementAccess): Promise<MonitoredItemView[]> {
    return this.monitoring.monitoring(access);
  }
}
