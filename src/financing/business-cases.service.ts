import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { FieldProblem, notFound } from '../common/api-error';
import { staleItem } from '../common/versioned.dto';
import { EngagementWriter } from '../engagements/engagement-writer';
import { findKpi, type Catalogue } from '../kpis/catalogue/catalogue';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { Action } from '../plans/action.entity';
import { invalid, refuseNulls } from '../plans/actions.service';
import { ItemVersionQuery } from '../plans/plans.dto';
import { BusinessCaseView, BusinessCaseWriteView, CreateBusinessCaseDto, UpdateBusinessCaseDto } from './financing.dto';
import { BusinessCase, BusinessCaseAction } from './financing.entity';
import { fieldChanges } from '../common/field-changes';

const cents = (amount: number) => Math.round(amount * 100) / 100;

/** Payback in years: cost ÷ benefits per year, two decimals; null when there are no benefits. */
export const paybackOf = (cost: number, benefits: number): number | null => (benefits > 0 ? Math.round((cost / benefits) * 100) / 100 : null);

export function toBusinessCaseView(c: BusinessCase, links: readonly BusinessCaseAction[]): BusinessCaseView {
  return {
    id: c.id,
    engagementId: c.engagementId,
    title: c.title,
    actionIds: links.filter((l) => l.businessCaseId === c.id).map((l) => l.actionId).sort(),
    kpiCodes: c.kpiCodes,
    cost: c.cost,
    benefits: c.benefits,
    benefitsDescription: c.benefitsDescription,
    paybackYears: c.paybackYears ?? paybackOf(c.cost, c.benefits),
    paybackSource: c.paybackYears === null ? 'computed' : 'given',
    version: c.version,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The catalogue codes (URL-safe) of kpiCodes, or the problems: each must be a KPI of the catalogue, named once. */
export function resolveKpiCodes(catalogue: Catalogue, kpiCodes: readonly string[]): { codes: string[]; problems: FieldProblem[] } {
  const codes: string[] = [];
  const problems: FieldProblem[] = [];
  kpiCodes.forEach((given, i) => {
    const kpi = findKpi(catalogue, given.trim());
    if (!kpi) problems.push({ field: `kpiCodes[${i}]`, rule: 'unknownKpi', message: `unknown KPI "${given}": not in the KPI catalogue (GET /api/kpis)` });
    else if (codes.includes(kpi.code)) problems.push({ field: `kpiCodes[${i}]`, rule: 'unique', message: `${kpi.code} is named twice in kpiCodes` });
    else codes.push(kpi.code);
  });
  return { codes, problems };
}

/**
 * actionIds must all be actions of this engagement. An action of another engagement is answered
 * exactly as an unknown id (400 naming actionIds): it is never told that it exists.
 */
export async function checkActions(tx: EntityManager, engagementId: string, actionIds: readonly string[], field = 'actionIds'): Promise<void> {
  const ids = [...new Set(actionIds.map((id) => id.toLowerCase()))];
  const found = ids.length === 0 ? [] : await tx.getRepository(Action).findBy({ engagementId, id: In(ids) });
  if (found.length !== ids.length) throw invalid([{ field, rule: 'actionOfEngagement', message: 'actionIds must be actions of this engagement' }]);
  if (found.some((a) => a.status === 'dropped')) throw invalid([{ field, rule: 'notDropped', message: `${field} names a dropped action: it is no longer financed` }]);
}

const FIELDS = ['title', 'actionIds', 'kpiCodes', 'cost', 'benefits', 'benefitsDescription', 'paybackYears'] as const;
type Snapshot = Pick<BusinessCaseView, (typeof FIELDS)[number]>;
const snapshotOf = (v: BusinessCaseView): Snapshot => Object.fromEntries(FIELDS.map((f) => [f, v[f]])) as Snapshot;

/**
 * Business cases: the cost, the monetary benefits per year and the payback of actions of the plan,
 * with the KPIs whose results they rest on. Part 'financing' of the engagement (frozen while the
 * Financing gate is in review); every change leaves a history row.
 */
@Injectable()
export class BusinessCasesService {
  constructor(
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private async viewsOf(db: EntityManager, engagementId: string, id?: string): Promise<BusinessCaseView[]> {
    const cases = await db.getRepository(BusinessCase).find({ where: { engagementId, ...(id ? { id } : {}) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const links = cases.length === 0 ? [] : await db.getRepository(BusinessCaseAction).findBy({ businessCaseId: In(cases.map((c) => c.id)) });
    return cases.map((c) => toBusinessCaseView(c, links));
  }

  list(access: EngagementAccess): Promise<BusinessCaseView[]> {
    return this.viewsOf(this.db.manager, access.engagement.id);
  }

  async get(access: EngagementAccess, caseId: string): Promise<BusinessCaseView> {
    const [view] = await this.viewsOf(this.db.manager, access.engagement.id, caseId);
    if (!view) throw notFound('Business case');
    return view;
  }

  async create(access: EngagementAccess, dto: CreateBusinessCaseDto, expectedVersion: number | undefined): Promise<BusinessCaseWriteView> {
    const { codes, problems } = resolveKpiCodes(this.catalogue.current(), dto.kpiCodes);
    if (problems.length > 0) throw invalid(problems);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        await checkActions(tx, engagement.id, dto.actionIds);
        const repo = tx.getRepository(BusinessCase);
        const saved = await repo.save(
          repo.create({
            engagementId: engagement.id,
            title: dto.title.trim(),
            kpiCodes: codes,
            cost: cents(dto.cost),
            benefits: cents(dto.benefits),
            benefitsDescription: dto.benefitsDescription?.trim() || null,
            paybackYears: dto.paybackYears ?? null,
            createdBy: access.principal.id,
          }),
        );
        await tx.getRepository(BusinessCaseAction).insert(dto.actionIds.map((actionId) => ({ businessCaseId: saved.id, actionId: actionId.toLowerCase() })));
        const [view] = await this.viewsOf(tx, engagement.id, saved.id);
        return { result: view, history: [{ type: 'BUSINESS_CASE_CREATED', payload: { businessCaseId: view.id, title: view.title, businessCase: snapshotOf(view) } }] };
      },
      { part: 'financing' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async update(access: EngagementAccess, caseId: string, dto: UpdateBusinessCaseDto, expectedVersion: number | undefined): Promise<BusinessCaseWriteView> {
    refuseNulls(dto, ['title', 'actionIds', 'kpiCodes', 'cost', 'benefits']);
    const resolved = dto.kpiCodes === undefined ? undefined : resolveKpiCodes(this.catalogue.current(), dto.kpiCodes);
    if (resolved && resolved.problems.length > 0) throw invalid(resolved.problems);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(BusinessCase);
        const found = await repo.findOneBy({ id: caseId, engagementId: engagement.id });
        if (!found) throw notFound('Business case');
        if (dto.itemVersion !== undefined && dto.itemVersion !== found.version) throw staleItem('The business case', found.version, dto.itemVersion);
        const [before] = await this.viewsOf(tx, engagement.id, found.id);
        if (dto.actionIds !== undefined) await checkActions(tx, engagement.id, dto.actionIds);
        await repo.update(
          { id: found.id },
          {
            title: dto.title === undefined ? found.title : dto.title.trim(),
            kpiCodes: resolved ? resolved.codes : found.kpiCodes,
            cost: dto.cost === undefined ? found.cost : cents(dto.cost),
            benefits: dto.benefits === undefined ? found.benefits : cents(dto.benefits),
            benefitsDescription: dto.benefitsDescription === undefined ? found.benefitsDescription : dto.benefitsDescription?.trim() || null,
            paybackYears: dto.paybackYears === undefined ? found.paybackYears : dto.paybackYears,
          },
        );
        if (dto.actionIds !== undefined) {
          await tx.getRepository(BusinessCaseAction).delete({ businessCaseId: found.id });
          await tx.getRepository(BusinessCaseAction).insert(dto.actionIds.map((actionId) => ({ businessCaseId: found.id, actionId: actionId.toLowerCase() })));
        }
        const [after] = await this.viewsOf(tx, engagement.id, found.id);
        const was = snapshotOf(before);
        const now = snapshotOf(after);
        const changes = fieldChanges(was, now, FIELDS, 'business case');
        return { result: after, history: [{ type: 'BUSINESS_CASE_UPDATED', payload: { businessCaseId: found.id, title: after.title, changes } }] };
      },
      { part: 'financing' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async remove(access: EngagementAccess, caseId: string, query: ItemVersionQuery): Promise<void> {
    await this.writer.change(
      access.engagement.id,
      access.principal.id,
      query.expectedVersion,
      async (tx, engagement) => {
        const found = await tx.getRepository(BusinessCase).findOneBy({ id: caseId, engagementId: engagement.id });
        if (!found) throw notFound('Business case');
        if (query.itemVersion !== undefined && query.itemVersion !== found.version) throw staleItem('The business case', found.version, query.itemVersion);
        const [view] = await this.viewsOf(tx, engagement.id, found.id);
        await tx.getRepository(BusinessCase).delete({ id: found.id });
        return { result: undefined, history: [{ type: 'BUSINESS_CASE_DELETED', payload: { businessCaseId: found.id, title: found.title, businessCase: snapshotOf(view) } }] };
      },
      { part: 'financing' },
    );
  }
}
