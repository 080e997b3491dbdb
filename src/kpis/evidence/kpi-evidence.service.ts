import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AccessService, EngagementAccess } from '../../access/access.service';
import { ApiError, badRequest, conflict, notFound } from '../../common/api-error';
import { isUuid } from '../../common/id-param.pipe';
import { EngagementWriter } from '../../engagements/engagement-writer';
import type { CatalogueKpi } from '../catalogue/catalogue';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { KpiValue, storedDataPoint } from '../values/kpi-value.entity';
import { valueNote } from '../values/kpi-value-views';
import type { KpiEvidenceView } from '../values/kpi-values.dto';
import { KpiValuesService } from '../values/kpi-values.service';
import { dataPointOf, dataPointProblems } from '../values/value-rules';
import { isRefused, sniffEvidence } from './evidence-file';
import { FILE_FIELD } from './evidence-upload.interceptor';
import { EvidenceWriteView } from './kpi-evidence.dto';
import { KpiEvidence } from './kpi-evidence.entity';

/** The part of a multipart upload the service reads (multer's memory storage). */
export interface UploadedEvidence {
  originalname: string;
  buffer: Buffer;
}

/** A file to send back: its bytes and what the listing says of it. */
export interface EvidenceDownload {
  evidence: KpiEvidence;
  bytes: Buffer;
}

const itemName = (kpi: CatalogueKpi, dataPoint: string | null) => (dataPoint ? `${kpi.code} data point ${dataPoint}` : kpi.code);

/** A Buffer's bytes as a plain Uint8Array (no copy). */
const viewOf = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/**
 * Evidence files of KPI values: attached by the city to a submitted value (its current submission),
 * kept in the database with the history row in one transaction, listed with the values (one query),
 * downloaded by whoever may read the engagement. Nothing is ever deleted.
 */
@Injectable()
export class KpiEvidenceService implements OnModuleInit {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    private readonly values: KpiValuesService,
    @InjectRepository(KpiEvidence) private readonly files: Repository<KpiEvidence>,
  ) {}

  onModuleInit(): void {
    this.values.useEvidence((values) => this.listed(values));
  }

  /**
   * Attaches a file to the value of a KPI (or of one data point): the value must be `submitted`.
   * The kind is read from the content (415 otherwise) before anything is written.
   */
  async attach(
    access: EngagementAccess,
    anyCode: string,
    file: UploadedEvidence | undefined,
    dataPointField: string | undefined,
    expectedVersion: number | undefined,
  ): Promise<EvidenceWriteView> {
    this.access.require(access, 'kpi-evidence.attach');
    const kpi = this.catalogue.kpi(anyCode);
    const problems = dataPointProblems(kpi, dataPointField);
    if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join('; '), problems);
    const dataPoint = dataPointOf(dataPointField);
    if (!file) {
      const message = `file is required: send the evidence in the multipart field "${FILE_FIELD}"`;
      throw badRequest(message, [{ field: FILE_FIELD, message }]);
    }
    if (file.buffer.length === 0) {
      const message = 'file is empty';
      throw badRequest(message, [{ field: FILE_FIELD, message }]);
    }
    const sniffed = await sniffEvidence(viewOf(file.buffer), file.originalname);
    if (isRefused(sniffed)) throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', sniffed.refused);

    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const value = await tx.getRepository(KpiValue).findOneBy({ engagementId: engagement.id, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
        if (!value) throw notFound(`The value of ${itemName(kpi, dataPoint)}`);
        if (value.status !== 'submitted') {
          throw conflict(
            'VALUE_NOT_SUBMITTED',
            `Evidence is attached to a submitted value: ${itemName(kpi, dataPoint)} is ${value.status.replace('_', ' ')}. ` +
              'Resubmit the value first (PUT …/kpi-values/:code), then attach the file to that submission',
            { status: value.status },
          );
        }
        // The bytes travel as hex text, decoded by the database: PGlite serialises a 10 MiB byte array
        // parameter in seconds (its one session held all the while), a hex string in a fraction of that.
        const uploadedAt = new Date();
        const { filename, contentType, size, sha256 } = sniffed;
        const submission = value.submission;
        // The same bytes twice on one submission are one file (a retried upload whose answer was lost, a double click).
        const [same] = (await tx.query(`SELECT id, filename FROM kpi_evidence WHERE kpi_value_id = $1 AND submission = $2 AND sha256 = $3 LIMIT 1`, [
          value.id,
          submission,
          sha256,
        ])) as { id: string; filename: string }[];
        if (same) {
          throw conflict('EVIDENCE_ALREADY_ATTACHED', `This file is already attached to ${itemName(kpi, dataPoint)} as it was submitted: ${same.filename}`, {
            evidenceId: same.id,
          });
        }
        const [{ id }] = (await tx.query(
          `INSERT INTO kpi_evidence (engagement_id, kpi_value_id, submission, filename, content_type, size, sha256, bytes, uploaded_by, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'hex'), $9, $10)
           RETURNING id`,
          [engagement.id, value.id, submission, filename, contentType, size, sha256, file.buffer.toString('hex'), access.principal.id, uploadedAt],
        )) as { id: string }[];
        const uploadedBy = access.principal.id;
        return {
          result: { id, filename, contentType, size, sha256, submission, uploadedBy, uploadedAt },
          history: [valueNote('KPI_EVIDENCE_ATTACHED', value, value.status, { evidence: { id, filename, contentType, size, sha256, submission } })],
        };
      },
      { part: 'kpi-values' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  /** A file of this engagement and this KPI, with its bytes; anything else (another engagement, another KPI, not a uuid) is 404. */
  async download(access: EngagementAccess, anyCode: string, evidenceId: string): Promise<EvidenceDownload> {
    const kpi = this.catalogue.kpi(anyCode);
    if (!isUuid(evidenceId)) throw notFound('Evidence');
    // The bytes as base64 text, read back by Node: PGlite hands a large bytea over many times slower.
    const { entities, raw } = await this.files
      .createQueryBuilder('e')
      .addSelect(`encode(e.bytes, 'base64')`, 'content')
      .innerJoin(KpiValue, 'v', 'v.id = e.kpi_value_id')
      .where('e.id = :id AND e.engagement_id = :engagementId AND v.kpi_code = :code', { id: evidenceId.toLowerCase(), engagementId: access.engagement.id, code: kpi.code })
      .getRawAndEntities<{ content: string }>();
    const [found] = entities;
    if (!found) throw notFound('Evidence');
    const bytes = Buffer.from(raw[0].content, 'base64');
    if (bytes.length !== found.size) throw new Error(`Evidence ${found.id}: ${bytes.length} bytes read, ${found.size} stored`);
    return { evidence: found, bytes };
  }

  /** Every file of the values, newest first, in one query (never reading the bytes). */
  private async listed(values: readonly { id: string; submission: number }[]): Promise<Map<string, KpiEvidenceView[]>> {
    const byValue = new Map<string, KpiEvidenceView[]>();
    if (values.length === 0) return byValue;
    const current = new Map(values.map((v) => [v.id, v.submission]));
    const rows = await this.files.find({ where: { valueId: In([...current.keys()]) }, order: { uploadedAt: 'DESC', submission: 'DESC', id: 'ASC' } });
    for (const r of rows) {
      const view: KpiEvidenceView = {
        id: r.id,
        filename: r.filename,
        contentType: r.contentType,
        size: r.size,
        sha256: r.sha256,
        submission: r.submission,
        current: r.submission === current.get(r.valueId),
        uploadedBy: r.uploadedBy,
        uploadedAt: r.uploadedAt,
      };
      byValue.set(r.valueId, [...(byValue.get(r.valueId) ?? []), view]);
    }
    return byValue;
  }
}
