import { IdempotencyInterceptor } from '../../idempotency/idempotency.interceptor';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { attachment } from '../../common/attachment';
import { expectedVersionOf } from '../../common/version-header';
import { ALLOWED_KINDS, MAX_FILENAME_LENGTH } from './evidence-file';
import { EvidenceUpload, FILE_FIELD } from './evidence-upload.interceptor';
import { AttachEvidenceDto, EvidenceWriteView } from './kpi-evidence.dto';
import { type EvidenceDownload, KpiEvidenceService, UploadedEvidence } from './kpi-evidence.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
@Controller('api/engagements/:id/kpi-values/:code/evidence')
export class KpiEvidenceController {
  constructor(private readonly evidence: KpiEvidenceService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('kpi-evidence.attach')
  // Idempotency-Key is checked once the form is read (the global interceptor leaves multipart bodies to this one).
  @UseInterceptors(EvidenceUpload, IdempotencyInterceptor)
  @ApiOperation({
    summary:
      "Attach an evidence file to a submitted value (its current submission; data contributors, city coordinators, the manager, programme staff; never a verifier). " +
      'Nothing is ever deleted: a resubmitted value keeps its earlier files, listed with current: false.',
    description:
      `multipart/form-data: the file in the field "${FILE_FIELD}" (at most EVIDENCE_MAX_BYTES, default 10 MiB: larger is 413), dataPoint for a KPI with data points, ` +
      `expectedVersion (or If-Match). The kind is read from the content, never from the declared Content-Type or the name: ${ALLOWED_KINDS.join(', ')}; ` +
      'anything else (HTML, SVG, executables, .xls and other OLE files, macro-enabled workbooks) is 415 UNSUPPORTED_MEDIA_TYPE and nothing is written. ' +
      `The name is kept as its base name, without control characters or quotes, at most ${MAX_FILENAME_LENGTH} characters, with the extension of its kind added when it lacks it. ` +
      'A value that does not exist is 404; one that is not submitted (verified, rejected, not available) 409 VALUE_NOT_SUBMITTED: resubmit it first; ' +
      'while an open gate reads the KPI values, 409 IN_REVIEW.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_FIELD],
      properties: {
        [FILE_FIELD]: { type: 'string', format: 'binary', description: 'The evidence file' },
        dataPoint: { type: 'string', example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' },
        expectedVersion: { type: 'integer', minimum: 1, description: 'The engagement version the upload was made on' },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceWriteView })
  async attach(
    @Access() access: EngagementAccess,
    @Param('code') code: string,
    @UploadedFile() file: UploadedEvidence | undefined,
    @Body() dto: AttachEvidenceDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<EvidenceWriteView> {
    return this.evidence.attach(access, code, file, dto.dataPoint, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Get(':evidenceId')
  @RequirePermission('engagement.read')
  @ApiParam({ name: 'evidenceId', format: 'uuid' })
  @ApiOperation({
    summary: 'Download an evidence file (whoever may read the engagement), as an attachment with the type read from its content',
    description:
      'Headers: Content-Type (the sniffed type), Content-Disposition: attachment (ASCII and RFC 5987 UTF-8 names), X-Content-Type-Options: nosniff, ' +
      'Cache-Control: private, no-store, Content-Security-Policy: sandbox. Evidence of another engagement or of another KPI is 404.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async download(
    @Access() access: EngagementAccess,
    @Param('code') code: string,
    @Param('evidenceId') evidenceId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return evidenceFile(await this.evidence.download(access, code, evidenceId), response);
  }
}

/**
 * An evidence file as sent: an attachment with the type read from its content, never sniffed, never
 * cached, sandboxed. The API's download and the dashboard's (cookie-authenticated) one both send it.
 */
export function evidenceFile({ evidence, bytes }: EvidenceDownload, response: Response): StreamableFile {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'private, no-store');
  // Opened anyway (a browser shown the URL), the file runs no script and reaches nothing.
  response.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  const type = evidence.contentType.startsWith('text/') ? `${evidence.contentType}; charset=utf-8` : evidence.contentType;
  return new StreamableFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type, disposition: attachment(evidence.filename), length: bytes.length });
}
