import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { ApiError } from '../common/api-error';
import { IdParam } from '../common/id-param.pipe';
import { PdfPrinter } from '../rendering/pdf-printer';
import { TemplateRenderer } from '../rendering/template-renderer';
import { ReportQuery } from './reports.dto';
import { ReportsService } from './reports.service';

const REPORT_RESPONSE = {
  description: 'The report: an HTML page (?format=html, the default) or a PDF (?format=pdf, A4, page numbers in the footer)',
  content: {
    'text/html': { schema: { type: 'string' } },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  },
};
const PDF_503 = {
  description:
    'PDF only: PDF_UNAVAILABLE (no Chromium at CHROMIUM_PATH, or it did not start: the message says how to install one), PDF_BUSY (too many PDFs printing or waiting, in all or of this user; see Retry-After) or PDF_TIMEOUT',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorView' } } },
};

/** A file name from what a user typed: letters, digits and dashes only. */
const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 60) || 'city';

/**
 * The reports of an engagement, rendered by the one Handlebars engine (templates/reports/*.hbs)
 * from view models built in report-views.ts; as HTML, or printed to PDF by headless Chromium.
 * Whoever may read the engagement may read its reports (404 for anyone else).
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/engagements/:id/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly renderer: TemplateRenderer,
    private readonly printer: PdfPrinter,
  ) {}

  @Get('assessment')
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      'The assessment (verification) report: background, KPI and data-point reporting and verification summaries, city performance against targets ' +
      '(dimensions, sub-dimensions, SDGs, the matrix and the benchmarking wheel), results by dimension, KPIs not reported, KPIs not verified, next steps',
  })
  @ApiProduces('text/html', 'application/pdf')
  @ApiOkResponse(REPORT_RESPONSE)
  @ApiServiceUnavailableResponse(PDF_503)
  async assessment(@Access() access: EngagementAccess, @Query() query: ReportQuery, @Res({ passthrough: true }) res: Response): Promise<string | StreamableFile> {
    const view = await this.reports.assessment(access);
    return this.send(access, res, query, 'reports/assessment', view, `verification-report-${slug(view.city.name)}-cycle-${view.engagement.cycle}`, view.title);
  }

  @Get('snapshot')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The city snapshot, one page: the dimension × sub-dimension matrix coloured by band, and the benchmarking wheel' })
  @ApiProduces('text/html', 'application/pdf')
  @ApiOkResponse(REPORT_RESPONSE)
  @ApiServiceUnavailableResponse(PDF_503)
  async snapshot(@Access() access: EngagementAccess, @Query() query: ReportQuery, @Res({ passthrough: true }) res: Response): Promise<string | StreamableFile> {
    const view = await this.reports.snapshot(access);
    return this.send(access, res, query, 'reports/snapshot', view, `city-snapshot-${slug(view.city.name)}-cycle-${view.engagement.cycle}`, view.title);
  }

  @Get('monitoring')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The monitoring report: per targeted KPI its baseline, measurements, latest value, progress and status, with a trend line' })
  @ApiProduces('text/html', 'application/pdf')
  @ApiOkResponse(REPORT_RESPONSE)
  @ApiServiceUnavailableResponse(PDF_503)
  async monitoring(@Access() access: EngagementAccess, @Query() query: ReportQuery, @Res({ passthrough: true }) res: Response): Promise<string | StreamableFile> {
    const view = await this.reports.monitoringReport(access);
    return this.send(access, res, query, 'reports/monitoring', view, `monitoring-report-${slug(view.city.name)}-cycle-${view.engagement.cycle}`, view.title);
  }

  @Get('gates/:gateId')
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      'The decision record of one gate: who submitted it, who approved or asked for changes and when, the seats of its quorum and who held them, ' +
      'the criteria evaluated and the scorecard frozen at submission and at the decision',
  })
  @ApiParam({ name: 'gateId', description: 'A gate of this engagement (GET …/gates)' })
  @ApiProduces('text/html', 'application/pdf')
  @ApiOkResponse(REPORT_RESPONSE)
  @ApiServiceUnavailableResponse(PDF_503)
  async gate(
    @Access() access: EngagementAccess,
    @Param('gateId', new IdParam('Gate')) gateId: string,
    @Query() query: ReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | StreamableFile> {
    const view = await this.reports.gateRecord(access, gateId);
    const file = `gate-record-${slug(view.city.name)}-${view.gate.stage}-round-${view.gate.round}`;
    return this.send(access, res, query, 'reports/gate-record', view, file, view.title);
  }

  private async send(access: EngagementAccess, res: Response, query: ReportQuery, template: string, view: object, file: string, title: string): Promise<string | StreamableFile> {
    const html = this.renderer.render(template, view, { locale: query.locale });
    if ((query.format ?? 'html') === 'html') {
      res.type('text/html; charset=utf-8');
      return html;
    }
    // A client that goes away before the answer is sent gives up its place in the line, or its render.
    const gone = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) gone.abort();
    };
    res.once('close', onClose);
    if (res.req.socket.destroyed) gone.abort(); // it went while the report was being read
    try {
      const pdf = await this.printer.print(html, { header: title, footer: 'U4SSC Roadmap' }, { owner: access.principal.id, signal: gone.signal });
      return new StreamableFile(new Uint8Array(pdf), { type: 'application/pdf', disposition: `inline; filename="${file}.pdf"`, length: pdf.length });
    } catch (error) {
      const seconds = error instanceof ApiError ? error.extra.retryAfterSeconds : undefined;
      if (typeof seconds === 'number' && !res.headersSent) res.setHeader('Retry-After', String(seconds));
      throw error;
    } finally {
      if (!gone.signal.aborted) res.off('close', onClose);
    }
  }
}
