import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { attachment } from '../../common/attachment';
import { XLSX_TYPE } from '../../common/body-parsing';
import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './csv-import';
import { ImportQuery, ImportResultView, KpiValueDetailView, KpiValuesQuery, KpiValuesWriteView, KpiValueWriteView, PutKpiValueDto } from './kpi-values.dto';
import { KpiValuesService } from './kpi-values.service';
import { VALUES_SHEET } from './workbook';

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

  @Get('template.xlsx')
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      "The engagement's KPI data-collection workbook (whoever may read the engagement): a sheet of one row per single-value KPI and per data point, " +
      'in catalogue order, with the current value of each; fill in the yellow cells and send it back to POST …/kpi-values/import',
    description:
      `Sheets "${VALUES_SHEET}" and "Instructions". Columns: Code, Official code, KPI, Data point, Data point label, Unit, Definition, Dimension, Type ` +
      '(read-only), Value, Year, Source, Data quality (a drop-down of the six U4SSC levels), Evidence URL, Data origin, Notes (the input cells, unlocked), ' +
      'Status (read-only). The sheets are protected without a password; text beginning with = + - @ (or a tab or carriage return) is written after an ' +
      'apostrophe, taken off again on import. The file is named after the city and the cycle (Content-Disposition).',
  })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'The workbook (.xlsx)', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async template(@Access() access: EngagementAccess): Promise<StreamableFile> {
    const { bytes, filename, asciiFilename } = await this.values.workbook(access);
    return new StreamableFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: XLSX_TYPE, disposition: attachment(filename, asciiFilename), length: bytes.length });
  }

  @Post('import')
  @HttpCode(200)
  @RequirePermission('kpi-values.submit')
  @ApiOperation({
    summary:
      'Import KPI values from a CSV file or the data-collection workbook, all or nothing (data contributors, city coordinators, the manager, programme staff). ' +
      'A bad row refuses the whole file (400, details name "row N: column" for CSV, the header being row 1; ' +
      `the cell for a workbook: field "'${VALUES_SHEET}'!J12", sheet, row, column letter and header) and nothing is written.`,
  })
  @ApiConsumes('text/csv', XLSX_TYPE)
  @ApiBody({
    description:
      `text/csv — header: ${REQUIRED_COLUMNS.join(',')} (optional columns: ${OPTIONAL_COLUMNS.join(', ')}); code is URL-safe or official. ` +
      `${XLSX_TYPE} — the workbook of GET …/kpi-values/template.xlsx, filled in (the sheet "${VALUES_SHEET}", read by its header row; rows whose input ` +
      'cells are all empty are skipped, rows still holding what is stored are left unchanged; a formula counts with its result if that is a number).',
    schema: { type: 'string' },
  })
  @ApiOkResponse({ type: ImportResultView })
  async import(
    @Access() access: EngagementAccess,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Query() query: ImportQuery,
  ): Promise<ImportResultView> {
    return this.values.import(access, contentType, body, query.expectedVersion);
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
