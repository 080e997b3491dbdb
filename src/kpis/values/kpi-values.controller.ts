import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './csv-import';
import { ImportQuery, ImportResultView, KpiValueDetailView, KpiValuesQuery, KpiValuesWriteView, KpiValueWriteView, PutKpiValueDto } from './kpi-values.dto';
import { KpiValuesService } from './kpi-values.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id/kpi-values')
export class KpiValuesController {
  constructor(private readonly values: KpiValuesService) {}

  @Get()
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: "The engagement's KPI values, in catalogue order, each with status, evidence, its question thread and its history" })
  @ApiOkResponse({ type: [KpiValueDetailView] })
  async list(@Access() access: EngagementAccess, @Query() query: KpiValuesQuery): Promise<KpiValueDetailView[]> {
    return this.values.list(access, query);
  }

  @Post('import')
  @HttpCode(200)
  @RequirePermission('kpi-values.submit')
  @ApiOperation({
    summary:
      'Import KPI values from a CSV file, all or nothing (data contributors, city coordinators, the manager, programme staff). ' +
      'A bad row refuses the whole file (400, details name "row N: column", the header being row 1) and nothing is written.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    description: `Header: ${REQUIRED_COLUMNS.join(',')} (optional columns: ${OPTIONAL_COLUMNS.join(', ')}); code is URL-safe or official`,
    schema: { type: 'string', example: 'code,dataPoint,value,year,source\nEC-ICT-ICT-1C,,87.5,2024,Statistics Norway\nEC-ICT-ICT-4C,4g,99,2024,Telecom regulator\n' },
  })
  @ApiOkResponse({ type: ImportResultView })
  async import(
    @Access() access: EngagementAccess,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: string,
    @Query() query: ImportQuery,
  ): Promise<ImportResultView> {
    return this.values.importCsv(access, contentType, body, query.expectedVersion);
  }

  @Put(':code')
  @RequirePermission('kpi-values.submit')
  @ApiOperation({
    summary:
      'Submit a KPI value (status submitted; a verified or rejected value goes back to submitted), or {notAvailable: true, reason} ' +
      '(data contributors, city coordinators, the manager, programme staff; never a verifier). notAvailable without dataPoint on a KPI ' +
      'with data points marks every data point.',
  })
  @ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @ApiExtraModels(KpiValueWriteView, KpiValuesWriteView)
  @ApiOkResponse({
    description: 'The value written; for a whole KPI marked not available, {values, engagementVersion} with every data point',
    schema: { oneOf: [{ $ref: getSchemaPath(KpiValueWriteView) }, { $ref: getSchemaPath(KpiValuesWriteView) }] },
  })
  async submit(@Access() access: EngagementAccess, @Param('code') code: string, @Body() dto: PutKpiValueDto): Promise<KpiValueWriteView | KpiValuesWriteView> {
    return this.values.submit(access, code, dto);
  }
}
