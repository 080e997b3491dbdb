import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, EngagementAccess } from '../access/access.service';
import { ApiError, badRequest, conflict, notFound, type FieldProblem } from '../common/api-error';
import { EngagementWriter } from '../engagements/engagement-writer';
import { Engagement } from '../engagements/engagement.entity';
import { catalogueItems, type CatalogueItem } from '../kpis/catalogue-items';
import { type CatalogueKpi, findKpi } from '../kpis/catalogue/catalogue';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { itemDataPoint, KpiValue, storedDataPoint } from '../kpis/values/kpi-value.entity';
import { dataPointOf } from '../kpis/values/value-rules';
import { itemKey, monitor, validateValue, type TargetOverride } from '../scoring/engine';
import { ScorecardService } from '../scoring/scorecard.service';
import { ActionTargetRow, ActionTargets } from './action-targets';
import type { TargetedItem } from './implementation-criteria';
import { KpiMeasurement } from './measurement.entity';
import {
  BaselineView,
  MeasurementsQuery,
  MeasurementVerificationDto,
  MeasurementView,
  MeasurementWriteView,
  MonitoredItemView,
  RecordMeasurementDto,
  SeriesPointView,
} from './monitoring.dto';

const DROPPED = 'dropped';

const toDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A real calendar date (2025-02-30 is not), as `YYYY-MM-DD`. */
const isCalendarDate = (date: string): boolean => {
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && toDay(new Date(t)) === date;
};

/**
 * The baseline of each KPI item, by itemKey: the engagement's verified value, dated at its reference
 * year's 31 December but never after its verification (a value verified in June 2025 for 2025 is
 * dated on that day), or its verification date without a year; otherwise, for a next cycle, the
 * value carried from the previous cycle, dated when the next cycle opened (`baseline.takenAt`).
 */
async function baselinesOf(tx: EntityManager, engagement: Engagement): Promise<Map<string, BaselineView>> {
  const out = new Map<string, BaselineView>();
  for (const b of engagement.baseline?.values ?? []) {
    out.set(itemKey(b.code, b.dataPoint), { value: b.value, date: engagement.baseline!.takenAt.slice(0, 10), source: 'previous_cycle' });
  }
  const verified = await tx.getRepository(KpiValue).find({ where: { engagementId: engagement.id, status: 'verified' } });
  for (const v of verified) {
    if (v.value === null) continue;
    const decided = toDay(v.decidedAt ?? v.updatedAt);
    const yearEnd = v.year === null ? decided : `${v.year}-12-31`;
    out.set(itemKey(v.code, itemDataPoint(v.dataPoint)), { value: v.value, date: yearEnd < decided ? yearEnd : decided, source: 'assessment' });
  }
  return out;
}

/**
 * Monitoring: KPI re-measurements as a time series, and per KPI item targeted by the action plan its
 * progress from the baseline toward the target, with an Open SDG status (src/scoring/engine/monitoring.ts).
 */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    private readonly scorecards: ScorecardService,
    private readonly actionTargets: ActionTargets,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** POST …/measurements. */
  async record(access: EngagementAccess, dto: RecordMeasurementDto): Promise<MeasurementWriteView> {
    this.access.require(access, 'measurements.submit');
    const kpi = this.kpiOf(dto.code);
    const given = dataPointOf(dto.dataPoint);
    const problems: FieldProblem[] = validateValue(kpi, given, dto.value).map((p) => ({ ...p, rule: p.field === 'value' ? 'range' : 'dataPoint' }));
    if (!isCalendarDate(dto.date)) problems.push({ field: 'date', rule: 'isDate', message: `date ${dto.date} is not a calendar date` });
    else if (dto.date > toDay(new Date())) problems.push({ field: 'date', rule: 'notInFuture', message: `date ${dto.date} is in the future: record a measurement once it is made` });
    refuse(problems);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const baseline = (await baselinesOf(tx, engagement)).get(itemKey(kpi.code, given));
        if (baseline && dto.date <= baseline.date) {
          refuse([{ field: 'date', rule: 'afterBaseline', message: `date must be after the baseline date ${baseline.date} of ${kpi.code}${given ? ` (${given})` : ''}` }]);
        }
        const repo = tx.getRepository(KpiMeasurement);
        const saved = await repo.save(
          repo.create({
            engagementId: engagement.id,
            code: kpi.code,
            dataPoint: storedDataPoint(given),
            value: dto.value,
            date: dto.date,
            source: dto.source.trim(),
            createdBy: access.principal.id,
            createdAt: new Date(),
            status: 'submitted',
          }),
        );
        const targeted = targetedKeys(await this.actionTargets.targetsOf(tx, engagement.id)).has(itemKey(kpi.code, given));
        const view = toView(saved, targeted);
        return {
          result: view,
          history: [{ type: 'MEASUREMENT_RECORDED', payload: { measurementId: saved.id, code: view.code, dataPoint: view.dataPoint, value: view.value, date: view.date, source: view.source, targeted } }],
        };
      },
      { part: 'measurements' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  /** DELETE …/measurements/:measurementId: a wrong measurement goes; the history keeps it. */
  async remove(access: EngagementAccess, measurementId: string, expectedVersion: number | undefined): Promise<void> {
    this.access.require(access, 'measurements.submit');
    await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(KpiMeasurement);
        const row = await repo.findOneBy({ id: measurementId, engagementId: engagement.id });
        if (!row) throw notFound('Measurement');
        if (row.status !== 'submitted') {
          throw conflict('MEASUREMENT_DECIDED', `This measurement was ${row.status} by a verifier: it is evidence now and stays (record a new one instead)`);
        }
        await repo.delete({ id: row.id });
        const view = toView(row, false);
        return {
          result: undefined,
          history: [{ type: 'MEASUREMENT_DELETED', payload: { measurementId: row.id, code: view.code, dataPoint: view.dataPoint, value: view.value, date: view.date, source: view.source } }],
        };
      },
      { part: 'measurements' },
    );
  }

  /**
   * POST …/measurements/:measurementId/verification: a verifier of the engagement verifies or rejects
   * a submitted measurement; whoever recorded it may not (403 FOUR_EYES). Part 'measurements'.
   */
  async verify(access: EngagementAccess, measurementId: string, dto: MeasurementVerificationDto): Promise<MeasurementWriteView> {
    this.access.require(access, 'measurements.verify');
    const comment = dto.comment?.trim() || null;
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(KpiMeasurement);
        const row = await repo.findOneBy({ id: measurementId, engagementId: engagement.id });
        if (!row) throw notFound('Measurement');
        if (row.createdBy === access.principal.id) {
          throw new ApiError(HttpStatus.FORBIDDEN, 'FOUR_EYES', 'You recorded this measurement: another verifier must verify or reject it (four-eyes)');
        }
        if (row.status !== 'submitted') {
          throw conflict('MEASUREMENT_NOT_SUBMITTED', `Only a submitted measurement can be verified or rejected: this one is already ${row.status}`, {
            status: row.status,
            decidedBy: row.decidedBy,
            decidedAt: row.decidedAt,
          });
        }
        Object.assign(row, { status: dto.decision, decidedBy: access.principal.id, decidedAt: new Date(), decisionComment: comment } satisfies Partial<KpiMeasurement>);
        await repo.save(row);
        const targeted = targetedKeys(await this.actionTargets.targetsOf(tx, engagement.id)).has(itemKey(row.code, itemDataPoint(row.dataPoint)));
        const view = toView(row, targeted);
        return {
          result: view,
          history: [
            {
              type: dto.decision === 'verified' ? 'MEASUREMENT_VERIFIED' : 'MEASUREMENT_REJECTED',
              payload: { measurementId: row.id, code: view.code, dataPoint: view.dataPoint, value: view.value, date: view.date, comment },
            },
          ],
        };
      },
      { part: 'measurements' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  /** GET …/measurements: newest first (by date, then by when recorded). */
  async list(access: EngagementAccess, query: MeasurementsQuery): Promise<MeasurementView[]> {
    const code = query.code === undefined ? undefined : this.kpiOf(query.code).code;
    const tx = this.db.manager;
    const rows = await tx.getRepository(KpiMeasurement).find({
      where: { engagementId: access.engagement.id, ...(code ? { code } : {}) },
      order: { date: 'DESC', createdAt: 'DESC' },
    });
    const targeted = targetedKeys(await this.actionTargets.targetsOf(tx, access.engagement.id));
    return rows.map((r) => toView(r, targeted.has(itemKey(r.code, itemDataPoint(r.dataPoint)))));
  }

  /** GET …/monitoring: every targeted KPI item, then the untargeted ones that have measurements. */
  async monitoring(access: EngagementAccess): Promise<MonitoredItemView[]> {
    const tx = this.db.manager;
    const engagement = access.engagement;
    const targets = (await this.actionTargets.targetsOf(tx, engagement.id)).filter((t) => t.status !== DROPPED);
    const measurements = await tx.getRepository(KpiMeasurement).find({ where: { engagementId: engagement.id }, order: { date: 'ASC', createdAt: 'ASC' } });
    const baselines = await baselinesOf(tx, engagement);
    const { targets: overrides } = await this.scorecards.inputsFor(engagement.id);
    const overrideOf = new Map(overrides.map((o) => [itemKey(o.code, o.dataPoint), o]));
    const items = new Map(catalogueItems(this.catalogue.current().kpis).map((i) => [itemKey(i.kpi.code, i.dataPoint), i]));

    const keys: string[] = [];
    const byKey = new Map<string, ActionTargetRow[]>();
    for (const t of targets) {
      const key = itemKey(t.code, t.dataPoint);
      if (!byKey.has(key)) keys.push(key);
      byKey.set(key, [...(byKey.get(key) ?? []), t]);
    }
    for (const m of measurements) {
      const key = itemKey(m.code, itemDataPoint(m.dataPoint));
      if (!byKey.has(key) && !keys.includes(key)) keys.push(key);
    }
    return keys.flatMap((key) => {
      const item = items.get(key);
      if (!item) return []; // a KPI item the current catalogue no longer has
      const actions = byKey.get(key) ?? [];
      const series = measurements.filter((m) => itemKey(m.code, itemDataPoint(m.dataPoint)) === key).map(toPoint);
      return [this.monitoredItem(item, actions, series, baselines.get(key) ?? null, overrideOf.get(key))];
    });
  }

  private monitoredItem(
    item: CatalogueItem,
    actions: readonly ActionTargetRow[],
    series: SeriesPointView[],
    baseline: BaselineView | null,
    override: TargetOverride | undefined,
  ): MonitoredItemView {
    const target = override ? override.target : item.target;
    const start = override && override.start !== undefined ? override.start : item.start;
    const direction = override?.direction ?? item.direction;
    const endDates = actions.map((a) => a.endDate).filter((d): d is string => d !== null).sort();
    const targetDate = endDates.at(-1) ?? null;
    const result = monitor({
      baseline: baseline ? { value: baseline.value, date: baseline.date } : null,
      measurements: series,
      target,
      direction,
      start,
      targetDate,
    });
    const latest = result.inputs.latest ? (series.filter((p) => p.date === result.inputs.latest!.date).at(-1) ?? null) : null;
    const unit = item.dataPoint ? (item.kpi.dataPoints.find((d) => d.key === item.dataPoint)?.unit ?? item.kpi.unit) : item.kpi.unit;
    return {
      code: item.kpi.code,
      dataPoint: item.dataPoint,
      name: item.kpi.name,
      unit,
      targeted: actions.length > 0,
      actionIds: [...new Set(actions.map((a) => a.actionId))],
      baseline,
      series,
      latest,
      target,
      direction,
      targetDate,
      progress: result.progress,
      status: result.status,
      reason: result.reason,
      projectedYear: result.projectedYear,
      inputs: result.inputs,
    };
  }

  /**
   * Facts for `targeted-kpis-monitored`: each KPI item targeted by an action not dropped, with its
   * actions, its baseline date and how many measurements are dated after it. Inside the gate's transaction.
   */
  async gateFacts(tx: EntityManager, engagementId: string): Promise<TargetedItem[]> {
    const targets = (await this.actionTargets.targetsOf(tx, engagementId)).filter((t) => t.status !== DROPPED);
    if (targets.length === 0) return [];
    const engagement = await tx.getRepository(Engagement).findOneByOrFail({ id: engagementId });
    const baselines = await baselinesOf(tx, engagement);
    const measurements = await tx.getRepository(KpiMeasurement).find({ where: { engagementId }, order: { date: 'ASC', createdAt: 'ASC' } });
    const items = new Map<string, TargetedItem & { actions: { id: string; title: string }[] }>();
    for (const t of targets) {
      const key = itemKey(t.code, t.dataPoint);
      const existing = items.get(key);
      if (existing) {
        if (!existing.actions.some((a) => a.id === t.actionId)) existing.actions.push({ id: t.actionId, title: t.actionTitle });
        continue;
      }
      const baselineDate = baselines.get(key)?.date ?? null;
      // A measurement the verifier rejected measures nothing.
      const after = measurements.filter(
        (m) => m.status !== 'rejected' && itemKey(m.code, itemDataPoint(m.dataPoint)) === key && (baselineDate === null || m.date > baselineDate),
      );
      items.set(key, {
        code: t.code,
        dataPoint: t.dataPoint,
        name: findKpi(this.catalogue.current(), t.code)?.name ?? t.code,
        actions: [{ id: t.actionId, title: t.actionTitle }],
        baselineDate,
        measuredAfterBaseline: after.length,
        measurements: after.map((m) => ({ id: m.id, value: m.value, date: m.date, status: m.status })),
      });
    }
    return [...items.values()];
  }

  /** A KPI by any of its codes; an unknown one is bad input (400 naming `code`). */
  private kpiOf(anyCode: string): CatalogueKpi {
    const kpi = findKpi(this.catalogue.current(), anyCode);
    if (!kpi) refuse([{ field: 'code', rule: 'kpiCode', message: `unknown KPI code "${anyCode}": see GET /api/kpis` }]);
    return kpi as CatalogueKpi;
  }
}

function refuse(problems: FieldProblem[]): void {
  if (problems.length > 0) throw badRequest(`Invalid measurement: ${problems.map((p) => p.message).join('; ')}`, problems);
}

/** The KPI items targeted by an action not dropped. */
function targetedKeys(targets: readonly ActionTargetRow[]): Set<string> {
  return new Set(targets.filter((t) => t.status !== DROPPED).map((t) => itemKey(t.code, t.dataPoint)));
}

function toView(m: KpiMeasurement, targeted: boolean): MeasurementView {
  return {
    status: m.status,
    decidedBy: m.decidedBy,
    decidedAt: m.decidedAt,
    decisionComment: m.decisionComment,
    id: m.id,
    code: m.code,
    dataPoint: itemDataPoint(m.dataPoint),
    value: m.value,
    date: m.date,
    source: m.source,
    targeted,
    createdBy: m.createdBy,
    createdAt: m.createdAt,
  };
}

const toPoint = (m: KpiMeasurement): SeriesPointView => ({ id: m.id, value: m.value, date: m.date, source: m.source, status: m.status });
