import { staleItem } from '../../common/versioned.dto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AccessService, EngagementAccess } from '../../access/access.service';
import { ApiError, badRequest } from '../../common/api-error';
import { XLSX_TYPE } from '../../common/body-parsing';
import { City } from '../../cities/city.entity';
import { EngagementWriter, HistoryNote, staleVersion } from '../../engagements/engagement-writer';
import { HistoryEntry } from '../../engagements/history-entry.entity';
import { EngagementMember } from '../../engagements/engagement-member.entity';
import type { Engagement } from '../../engagements/engagement.entity';
import { itemKey } from '../../scoring/engine';
import { type CatalogueKpi, findKpi } from '../catalogue/catalogue';
import { historyByItem } from '../history-by-item';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { CsvImportError, declaredDialect, ImportRow, parseValuesCsv } from './csv-import';
import { itemDataPoint, KpiAnswer, KpiQuestion, KpiValue, storedDataPoint } from './kpi-value.entity';
import { KPI_VALUE_HISTORY_TYPES, toQuestionView, toValueView, valueNote } from './kpi-value-views';
import {
  EvidenceLoader,
  ImportResultView,
  KpiQuestionView,
  KpiValueDetailView,
  KpiValuesQuery,
  KpiValuesWriteView,
  KpiValueWriteView,
  PutKpiValueDto,
} from './kpi-values.dto';
import { dataPointOf, submissionProblems } from './value-rules';
import { flagsOf, ValueFlagsService } from './value-flags.service';
import { buildValuesWorkbook, readValuesWorkbook } from './workbook';
import type { OutboxMessage } from '../../outbox/outbox-message';

/** One value to write: a KPI, its data point (null for a single-value KPI) and checked fields. */
interface Submission {
  kpi: CatalogueKpi;
  dataPoint: string | null;
  fields: PutKpiValueDto;
  /** The row of the file it came from (the header is row 1), and the kind of file. */
  row?: number;
  via?: ImportKind;
}

type ImportKind = 'csv' | 'xlsx';

/** The file a download of the workbook gives: its bytes and its name (in UTF-8, and in ASCII). */
export interface WorkbookFile {
  bytes: Buffer;
  filename: string;
  asciiFilename: string;
}

/**
 * kpi.submitted: one event per submission or import, naming each value written; the engagement's
 * verifiers are told when some of them wait for verification.
 */
async function submitted(tx: EntityManager, engagement: Engagement, values: KpiValue[], via: 'api' | ImportKind): Promise<OutboxMessage> {
  const waiting = values.filter((v) => v.status === 'submitted').length;
  const verifiers = waiting === 0 ? [] : await tx.getRepository(EngagementMember).findBy({ engagementId: engagement.id, role: 'verifier' });
  return {
    type: 'kpi.submitted',
    data: { via, values: values.map((v) => ({ valueId: v.id, code: v.code, dataPoint: itemDataPoint(v.dataPoint), status: v.status })) },
    message: `${engagement.title}: ${values.length} KPI value${values.length === 1 ? '' : 's'} submitted${waiting > 0 ? `, ${waiting} waiting for verification` : ''}`,
    notify: verifiers.map((m) => m.userId),
  };
}

/** An optional text as stored: left out, null or blank is none. */
const blankToNull = (text: string | null | undefined): string | null => (text === undefined || text === null || text.trim() === '' ? null : text.trim());

/** The statuses a submission can leave as they are: a row of the workbook still holding what is stored is no new submission. */
const KEPT_STATUSES: readonly string[] = ['submitted', 'verified', 'rejected'];

/** Whether a submission would write exactly what is stored (a row of the workbook left as it was downloaded). */
function sameAsStored(stored: KpiValue | null, fields: PutKpiValueDto): stored is KpiValue {
  return (
    stored !== null &&
    KEPT_STATUSES.includes(stored.status) &&
    fields.notAvailable !== true &&
    stored.value === (fields.value ?? null) &&
    stored.year === (fields.year ?? null) &&
    stored.source === blankToNull(fields.source) &&
    stored.dataQuality === (fields.dataQuality ?? null) &&
    stored.evidenceUrl === blankToNull(fields.evidenceUrl) &&
    stored.dataOrigin === blankToNull(fields.dataOrigin) &&
    stored.notes === blankToNull(fields.notes)
  );
}

/** A city's name in a file name: whitespace and the characters file systems refuse become dashes. */
const fileNamePart = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- control characters are among those refused
    .replace(/[\s\u0000-\u001f\\/:*?"<>|]+/g, '-')
    .replace(/^[-.]+|-+$/g, '') || 'city';

/** The same in ASCII (accents dropped, anything else a dash), for clients that do not read RFC 5987 names. */
const asciiPart = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .toLowerCase() || 'city';

/**
 * The city's side of KPI values: submit one value (or mark it not available), import many from a
 * CSV file or the data-collection workbook all-or-nothing, hand out that workbook, and list them
 * with their questions and history.
 */
@Injectable()
export class KpiValuesService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    private readonly flags: ValueFlagsService,
    @InjectRepository(KpiValue) private readonly values: Repository<KpiValue>,
    @InjectRepository(KpiQuestion) private readonly questions: Repository<KpiQuestion>,
    @InjectRepository(KpiAnswer) private readonly answers: Repository<KpiAnswer>,
    @InjectRepository(HistoryEntry) private readonly history: Repository<HistoryEntry>,
    @InjectRepository(City) private readonly cities: Repository<City>,
  ) {}

  /** Until the evidence module tells it (src/kpis/evidence), no value has evidence. */
  private evidence: EvidenceLoader = async () => new Map();

  /** The evidence module lists each value's files (one query for the whole list). */
  useEvidence(loader: EvidenceLoader): void {
    this.evidence = loader;
  }

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
        // The flags as the new value makes them (a relation may now hold, or fail, with another KPI).
        const flags = await this.flags.flagsFor(engagement, tx);
        return {
          result: written.map((w) => toValueView(w.value, flagsOf(flags, w.value.code, w.value.dataPoint))),
          history: written.map((w) => w.note),
          outbox: [await submitted(tx, engagement, written.map((w) => w.value), 'api')],
        };
      },
      { part: 'kpi-values' },
    );
    return wholeKpi ? { values: result, engagementVersion: changed.version } : { ...result[0], engagementVersion: changed.version };
  }

  /**
   * A CSV file (`text/csv`) or the data-collection workbook (XLSX_TYPE): every row is checked before
   * anything is written; then all rows are written in one transaction. A row of a workbook that
   * still holds what is stored is left as it is (`outcome: unchanged`): the workbook comes
   * pre-filled, and sending it back must not resubmit, nor undo the verification of, what nobody
   * changed. A CSV file holds only what the city sends: each of its rows is a submission.
   */
  async import(access: EngagementAccess, contentType: string | undefined, body: unknown, expectedVersion: number | undefined): Promise<ImportResultView> {
    this.access.require(access, 'kpi-values.submit');
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType === 'text/csv') return this.importRows(access, await this.readCsv(contentType, body), 'csv', expectedVersion);
    if (mediaType === XLSX_TYPE) return this.importRows(access, await this.readWorkbook(body), 'xlsx', expectedVersion);
    throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'UNSUPPORTED_MEDIA_TYPE', `Send the file as Content-Type: text/csv, or the workbook as ${XLSX_TYPE}`);
  }

  private async importRows(access: EngagementAccess, rows: ImportRow[], via: ImportKind, expectedVersion: number | undefined): Promise<ImportResultView> {
    const keepUnchanged = via === 'xlsx';
    if (keepUnchanged) {
      // Nothing to write: no change of the engagement either (no new version, no history row).
      const stored = await this.values.findBy({ engagementId: access.engagement.id });
      const byItem = new Map(stored.map((v) => [itemKey(v.code, itemDataPoint(v.dataPoint)), v]));
      const kept = rows.map((row) => byItem.get(itemKey(row.kpi.code, row.dataPoint)) ?? null);
      if (rows.every((row, i) => sameAsStored(kept[i], row.fields))) {
        if (expectedVersion !== undefined && expectedVersion !== access.engagement.version) throw staleVersion(access.engagement.version, expectedVersion);
        return {
          imported: 0,
          engagementVersion: access.engagement.version,
          rows: rows.map((row, i) => this.unchangedRow(row, kept[i] as KpiValue)),
        };
      }
    }
    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const history: HistoryNote[] = [];
        const results: ImportResultView['rows'] = [];
        for (const row of rows) {
          if (keepUnchanged) {
            const stored = await tx.getRepository(KpiValue).findOneBy({ engagementId: engagement.id, code: row.kpi.code, dataPoint: storedDataPoint(row.dataPoint) });
            if (sameAsStored(stored, row.fields)) {
              results.push(this.unchangedRow(row, stored));
              continue;
            }
          }
          const written = await this.write(tx, engagement.id, access.principal.id, { ...row, via });
          history.push(written.note);
          results.push({
            row: row.row,
            code: written.value.code,
            dataPoint: row.dataPoint,
            outcome: written.created ? 'created' : 'updated',
            status: written.value.status,
            valueId: written.value.id,
          });
        }
        const values = results
          .filter((r) => r.outcome !== 'unchanged')
          .map((r) => ({ id: r.valueId, code: r.code, dataPoint: storedDataPoint(r.dataPoint), status: r.status }) as KpiValue);
        return { result: { imported: history.length, rows: results }, history, outbox: [await submitted(tx, engagement, values, via)] };
      },
      { part: 'kpi-values' },
    );
    return { ...result, engagementVersion: changed.version };
  }

  private unchangedRow(row: ImportRow, value: KpiValue): ImportResultView['rows'][number] {
    return { row: row.row, code: value.code, dataPoint: row.dataPoint, outcome: 'unchanged', status: value.status, valueId: value.id };
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

  /** The rows of a workbook, checked; a refused workbook is a 400 naming each cell (or the file). */
  private async readWorkbook(body: unknown): Promise<ImportRow[]> {
    try {
      return await readValuesWorkbook(body, this.catalogue.current());
    } catch (error) {
      if (error instanceof CsvImportError) throw badRequest(error.message, error.shown);
      throw error;
    }
  }

  /** The engagement's data-collection workbook, with its current values (see workbook.ts). */
  async workbook(access: EngagementAccess): Promise<WorkbookFile> {
    const { engagement } = access;
    const city = await this.cities.findOneBy({ id: engagement.cityId });
    const cityName = city?.name ?? 'city';
    const stored = await this.values.findBy({ engagementId: engagement.id });
    const bytes = await buildValuesWorkbook(this.catalogue.current(), stored.map((v) => toValueView(v, [])), {
      engagementId: engagement.id,
      city: cityName,
      cycle: engagement.cycle,
      version: engagement.version,
      madeAt: new Date(),
    });
    const name = (city: string) => `u4ssc-kpi-values-${city}-cycle-${engagement.cycle}.xlsx`;
    return { bytes, filename: name(fileNamePart(cityName)), asciiFilename: name(asciiPart(cityName)) };
  }

  /**
   * Records a submission: the value becomes `submitted` (or `not_available`), whatever it was; a
   * verified or rejected value goes back to `submitted` and its decision is cleared (kept in history).
   */
  private async write(
    tx: EntityManager,
    engagementId: string,
    actorId: string,
    { kpi, dataPoint, fields, row, via }: Submission,
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
      submission: (existing?.submission ?? 0) + 1,
      decidedBy: null,
      decidedAt: null,
      decisionComment: null,
      updatedAt: now,
    } satisfies Partial<KpiValue>);
    const saved = await repo.save(value);
    const note = valueNote(notAvailable ? 'KPI_VALUE_NOT_AVAILABLE' : 'KPI_VALUE_SUBMITTED', saved, fromStatus, {
      via: via ?? 'api',
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

    const evidenceOf = await this.evidence(rows);
    const historyOf = historyByItem(entries);
    // Flags are computed over every value of the engagement, whatever the filter shows.
    const flags = await this.flags.flagsFor(access.engagement, undefined, code || query.status ? undefined : rows);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const questionsOf = new Map<string, KpiQuestionView[]>();
    for (const q of questions) {
      const view = toQuestionView(q, byId.get(q.valueId) as KpiValue, answers.filter((a) => a.questionId === q.id));
      questionsOf.set(q.valueId, [...(questionsOf.get(q.valueId) ?? []), view]);
    }
    return this.inCatalogueOrder(rows).map((r) => ({
      ...toValueView(r, flagsOf(flags, r.code, r.dataPoint)),
      questions: questionsOf.get(r.id) ?? [],
      evidence: evidenceOf.get(r.id) ?? [],
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
