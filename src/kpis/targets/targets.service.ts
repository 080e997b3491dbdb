import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessService, EngagementAccess } from '../../access/access.service';
import { badRequest, FieldProblem } from '../../common/api-error';
import { EngagementWriter } from '../../engagements/engagement-writer';
import { HistoryEntry } from '../../engagements/history-entry.entity';
import { itemKey, validateValue } from '../../scoring/engine';
import { CatalogueItem, catalogueItems } from '../catalogue-items';
import { historyByItem } from '../history-by-item';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { dataPointOf, dataPointProblems } from '../values/value-rules';
import { KpiTargetOverride } from './target-override.entity';
import { EffectiveTargetView, PutTargetDto, TargetWriteView } from './targets.dto';
import { itemDataPoint, storedDataPoint } from '../values/kpi-value.entity';

const TARGET_SET = 'KPI_TARGET_SET';

function effective(item: CatalogueItem, override: KpiTargetOverride | undefined): Omit<EffectiveTargetView, 'history'> {
  return {
    code: item.kpi.code,
    dataPoint: item.dataPoint,
    direction: item.direction,
    target: override ? override.target : item.target,
    start: override?.start ?? item.start,
    origin: override ? 'engagement' : 'catalogue',
    catalogueTarget: item.target,
    catalogueStart: item.start,
    targetSource: item.targetSource,
    justification: override?.justification ?? null,
    setBy: override?.setBy ?? null,
    setAt: override?.setAt ?? null,
  };
}

/** Targets per engagement: the catalogue default, or an override with its justification. */
@Injectable()
export class TargetsService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    @InjectRepository(KpiTargetOverride) private readonly overrides: Repository<KpiTargetOverride>,
    @InjectRepository(HistoryEntry) private readonly history: Repository<HistoryEntry>,
  ) {}

  /** Every KPI and data point of the catalogue with the target its scorecard uses. */
  async effectiveTargets(access: EngagementAccess): Promise<EffectiveTargetView[]> {
    const engagementId = access.engagement.id;
    const overrides = await this.overrides.findBy({ engagementId });
    const entries = await this.history.find({ where: { engagementId, type: TARGET_SET }, order: { id: 'ASC' } });
    const historyOf = historyByItem(entries);
    const overrideOf = new Map(overrides.map((o) => [itemKey(o.code, itemDataPoint(o.dataPoint)), o]));
    return catalogueItems(this.catalogue.current().kpis).map((item) => {
      const key = itemKey(item.kpi.code, item.dataPoint);
      return { ...effective(item, overrideOf.get(key)), history: historyOf.get(key) ?? [] };
    });
  }

  /**
   * Overrides one target (engagement manager or programme staff), with a justification. The target
   * and start must be plausible values of the KPI; where the catalogue has no start, one must be given.
   */
  async set(access: EngagementAccess, anyCode: string, dto: PutTargetDto): Promise<TargetWriteView> {
    this.access.require(access, 'targets.override');
    const kpi = this.catalogue.kpi(anyCode);
    const problems: FieldProblem[] = dataPointProblems(kpi, dto.dataPoint);
    const dataPoint = dataPointOf(dto.dataPoint);
    const item = catalogueItems([kpi]).find((i) => i.dataPoint === dataPoint);
    if (problems.length === 0 && item) {
      for (const field of ['target', 'start'] as const) {
        const given = dto[field];
        if (given === undefined) continue;
        for (const p of validateValue(kpi, dataPoint, given)) {
          if (p.field === 'value') problems.push({ field, rule: 'range', message: p.message.replace(/^value/, field) });
        }
      }
      const start = dto.start ?? item.start;
      if (start === null) {
        problems.push({
          field: 'start',
          rule: 'required',
          message: `start is required: the catalogue has no start for ${kpi.code}${dataPoint ? ` data point ${dataPoint}` : ''} (the value that means 0 % progress)`,
        });
      } else if (start === dto.target) {
        problems.push({ field: 'target', rule: 'differsFromStart', message: `target must differ from start (${start})` });
      }
    }
    if (problems.length > 0 || !item) throw badRequest(`Invalid target: ${problems.map((p) => p.message).join('; ')}`, problems);

    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(KpiTargetOverride);
        const existing = await repo.findOneBy({ engagementId: engagement.id, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
        const before = effective(item, existing ?? undefined);
        const override = existing ?? repo.create({ engagementId: engagement.id, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
        Object.assign(override, {
          target: dto.target,
          start: dto.start ?? null,
          justification: dto.justification.trim(),
          setBy: access.principal.id,
          setAt: new Date(),
        } satisfies Partial<KpiTargetOverride>);
        const saved = await repo.save(override);
        const after = effective(item, saved);
        const note = {
          type: TARGET_SET,
          payload: {
            code: kpi.code,
            dataPoint,
            previous: { origin: before.origin, target: before.target, start: before.start, justification: before.justification },
            target: after.target,
            start: after.start,
            justification: after.justification,
          },
        };
        return { result: { ...after }, history: [note] };
      },
      { part: 'targets' },
    );
    return { ...result, engagementVersion: changed.version };
  }
}
