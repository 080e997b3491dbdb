import { staleItem } from '../../common/versioned.dto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AccessService, EngagementAccess } from '../../access/access.service';
import { ApiError, badRequest } from '../../common/api-error';
import { EngagementWriter, HistoryNote } from '../../engagements/engagement-writer';
import { HistoryEntry } from '../../engagements/history-entry.entity';
import { itemKey } from '../../scoring/engine';
import { type CatalogueKpi, findKpi } from '../catalogue/catalogue';
import { historyByItem } from '../history-by-item';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { CsvImportError, declaredDialect, ImportRow, parseValuesCsv } from './csv-import';
import { itemDataPoint, KpiAnswer, KpiQuestion, KpiValue, storedDataPoint } from './kpi-value.entity';
import { KPI_VALUE_HISTORY_TYPES, toQuestionView, toValueView, valueNote } from './kpi-value-views';
import {
  ImportResultView,
  KpiQuestionView,
  KpiValueDetailView,
  KpiValuesQuery,
  KpiValuesWriteView,
  KpiValueWriteView,
  PutKpiValueDto,
} from './kpi-values.dto';
import { dataPointOf, submissionFlags, submissionProblems } from './value-rules';
import type { OutboxMessage } from '../../outbox/outbox-message';

/** One value to write: a KPI, its data point (null for a single-value KPI) and checked fields. */
interface Submission {
  kpi: CatalogueKpi;
  dataPoint: string | null;
  fields: PutKpiValueDto;
  /** The CSV row it came from. */
  row?: number;
}

/** kpi.submitted: one event per submission or import, naming each value written. */
function submitted(engagementTitle: string, values: KpiValue[], via: 'api' | 'csv'): OutboxMessage {
  return {
    type: 'kpi.submitted',
    data: { via, values: values.map((v) => ({ valueId: v.id, code: v.code, dataPoint: itemDataPoint(v.dataPoint), status: v.status })) },
    message: `${engagementTitle}: ${values.length} KPI value${values.length === 1 ? '' : 's'} submitted`,
  };
}

const blankToNull = (text: string | undefined): string | null => (text === undefined || text.trim() === '' ? null : text.trim());

/**
 * The city's side of KPI values: submit one value (or mark it not available), import many from a
 * CSV file all-or-nothing, and list them with their questions and history.
 */
@Injectable()
export class KpiValuesService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    @InjectRepository(KpiValue) private readonly values: Repository<KpiValue>,
    @InjectRepository(KpiQuestion) private readonly questions: Repository<KpiQuestion>,
    @InjectRepository(KpiAnswer) private readonly answers: Repository<KpiAnswer>,
    @InjectRepository(HistoryEntry) private readonly history: Repository<HistoryEntry>,
  ) {}

  /**
   * One value, or one data point marked not available; `{notAvailable, reason}` without a data point
   * on a KPI with data points marks every data point of it (the answer then lists them in `values`).
   */
  async submit(access: EngagementAccess, anyCode: string, dto: PutKpiValueDto): Promise<KpiValueWriteView | KpiValuesWriteView> {
    this.access.require(access, 'kpi-values.submit');
    const kpi = this.catalogue.kpi(anyCode);
    const problems = submissionProblems(kpi, dto);
    if (problems.length > 0) throw badRequest(`Invalid KPI value: ${problems.map((p) => p.message).join('; ')}`, problems);
    const dataPoint = dataPointOf(dto.dataPoint);
    const wholeKpi = dataPoint === null && kpi.dataPoints.length > 0;
    const points = wholeKpi ? kpi.dataPoints.map((d) => d.key) : [dataPoint];
    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const written: { value: KpiValue; note: HistoryNote }[] = [];
        for (const point of points) written.push(await this.write(tx, engagement.id, access.principal.id, { kpi, dataPoint: point, fields: dto }));
        return {
          result: written.map((w) => toValueView(w.value)),
          history: written.map((w) => w.note),
          outbox: [submitted(engagement.title, written.map((w) => w.value), 'api')],
        };
      },
      { part: 'kpi-values' },
    );
    return wholeKpi ? { values: result, engagementVersion: changed.version } : { ...result[0], engagementVersion: changed.version };
  }

  /** Every row is checked before anything is written; then all rows are written in one transaction. */
  async importCsv(
    access: EngagementAccess,
    contentType: string | undefined,
    body: unknown,
    expectedVersion: number | undefined,
  ): Promise<ImportResultView> {
    this.access.require(access, 'kpi-values.submit');
    if (!/^text\/csv\s*(;|$)/i.test(contentType ?? '')) {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as Content-Type: text/csv');
    }
    const rows = await this.readCsv(contentType, body);
    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const history: HistoryNote[] = [];
        const results: ImportResultView['rows'] = [];
        for (const row of rows) {
          const { value, created, note } = await this.write(tx, engagement.id, access.principal.id, row);
          history.push(note);
          results.push({
            row: row.row,
            code: value.code,
            dataPoint: row.dataPoint,
            outcome: created ? 'created' : 'updated',
            status: value.status,
            valueId: value.id,
          });
        }
        const values = results.map((r) => ({ id: r.valueId, code: r.code, dataPoint: storedDataPoint(r.dataPoint), status: r.status }) as KpiValue);
        return { result: { imported: results.length, rows: results }, history, outbox: [submitted(engagement.title, values, 'csv')] };
      },
      { part: 'kpi-values' },
    );
    return { ...result, engagementVersion: changed.version };
  }

  /** The rows of a CSV file, checked; a refused file is a 400 naming each row and column. */
  private async readCsv(contentType: string | undefined, body: unknown): Promise<ImportRow[]> {
    try {
      return await parseValuesCsv(body, this.catalogue.current(), declaredDialect(contentType));
    } catch (error) {
      if (error instanceof CsvImportError) throw badRequest(error.message, error.shown);
      throw error;
    }
  }

  /**
   * Records a submission: the value becomes `submitted` (or `not_available`), whatever it was; a
   * verified or rejected value goes back to `submitted` and its decision is cleared (kept in history).
   */
  private async write(
    tx: EntityManager,
    engagementId: string,
    actorId: string,
    { kpi, dataPoint, fields, row }: Submission,
  ): Promise<{ value: KpiValue; created: boolean; note: HistoryNote }> {
    const repo = tx.getRepository(KpiValue);
    const existing = await repo.findOneBy({ engagementId, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
    const now = new Date();
    const value = existing ?? repo.create({ engagementId, code: kpi.code, dataPoint: storedDataPoint(dataPoint), createdAt: now });
    if (fields.itemVersion !== undefined && fields.itemVersion !== (existing?.version ?? 0)) {
      throw staleItem(`The value of ${dataPoint ? `${kpi.code} data point ${dataPoint}` : kpi.code}`, existing?.version ?? 0, fields.itemVersion);
    }
    const fromStatus = existing?.status ?? null;
    const notAvailable = fields.notAvailable === true;
    Object.assign(value, {
      status: notAvailable ? 'not_available' : 'submitted',
      value: notAvailable ? null : (fields.value ?? null),
      year: notAvailable ? null : (fields.year ?? null),
      source: notAvailable ? null : blankToNull(fields.source),
      dataQuality: notAvailable ? null : (fields.dataQuality ?? null),
      evidenceUrl: notAvailable ? null : blankToNull(fields.evidenceUrl),
      dataOrigin: notAvailable ? null : blankToNull(fields.dataOrigin),
      notes: blankToNull(fields.notes),
      notAvailableReason: notAvailable ? blankToNull(fields.reason) : null,
      submittedBy: actorId,
      submittedAt: now,
      decidedBy: null,
      decidedAt: null,
      decisionComment: null,
      flags: submissionFlags(kpi, dataPoint, fields),
      updatedAt: now,
    } satisfies Partial<KpiValue>);
    const saved = await repo.save(value);
    const note = valueNote(notAvailable ? 'KPI_VALUE_NOT_AVAILABLE' : 'KPI_VALUE_SUBMITTED', saved, fromStatus, {
      via: row === undefined ? 'api' : 'csv',
      ...(row === undefined ? {} : { row }),
    });
    return { value: saved, created: existing === null, note };
  }

  /** The engagement's values in catalogue order, each with its questions and its history. */
  async list(access: EngagementAccess, query: KpiValuesQuery): Promise<KpiValueDetailView[]> {
    const engagementId = access.engagement.id;
    const code = query.code === undefined ? undefined : findKpi(this.catalogue.current(), query.code)?.code;
    if (query.code !== undefined && code === undefined) {
      const message = `code names no KPI: ${query.code}`;
      throw badRequest(message, [{ field: 'code', rule: 'kpi', message }]);
    }
    const rows = await this.values.find({
      where: { engagementId, ...(code ? { code } : {}), ...(query.status ? { status: query.status } : {}) },
    });
    if (rows.length === 0) return [];
    const questions = await this.questions.find({ where: { valueId: In(rows.map((r) => r.id)) }, order: { askedAt: 'ASC', id: 'ASC' } });
    const answers =
      questions.length === 0
        ? []
        : await this.answers.find({ where: { questionId: In(questions.map((q) => q.id)) }, order: { answeredAt: 'ASC', id: 'ASC' } });
    const entries = await this.history.find({
      where: { engagementId, type: In([...KPI_VALUE_HISTORY_TYPES]) },
      order: { id: 'ASC' },
    });

    const historyOf = historyByItem(entries);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const questionsOf = new Map<string, KpiQuestionView[]>();
    for (const q of questions) {
      const view = toQuestionView(q, byId.get(q.valueId) as KpiValue, answers.filter((a) => a.questionId === q.id));
      questionsOf.set(q.valueId, [...(questionsOf.get(q.valueId) ?? []), view]);
    }
    return this.inCatalogueOrder(rows).map((r) => ({
      ...toValueView(r),
      questions: questionsOf.get(r.id) ?? [],
      history: historyOf.get(itemKey(r.code, itemDataPoint(r.dataPoint))) ?? [],
    }));
  }

  private inCatalogueOrder(rows: KpiValue[]): KpiValue[] {
    const order = new Map<string, number>();
    this.catalogue.current().kpis.forEach((k, i) => {
      order.set(itemKey(k.code, null), i * 100);
      k.dataPoints.forEach((d, j) => order.set(itemKey(k.code, d.key), i * 100 + j + 1));
    });
    const rank = (r: KpiValue) => order.get(itemKey(r.code, itemDataPoint(r.dataPoint))) ?? Number.MAX_SAFE_INTEGER;
    return [...rows].sort((a, b) => rank(a) - rank(b));
  }
}
