import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { FieldProblem, notFound } from '../common/api-error';
import { staleItem } from '../common/versioned.dto';
import { EngagementWriter } from '../engagements/engagement-writer';
import { Action, ProcurementItem } from './action.entity';
import { datesProblems, invalid, refuseNulls } from './actions.service';
import { CreateProcurementItemDto, ItemVersionQuery, ProcurementItemView, ProcurementItemWriteView, UpdateProcurementItemDto } from './plans.dto';
import { fieldChanges } from '../common/field-changes';

const cents = (amount: number) => Math.round(amount * 100) / 100;
const FIELDS = ['actionId', 'title', 'method', 'estimatedCost', 'scheduledStart', 'scheduledEnd', 'status'] as const;

export const toProcurementView = (i: ProcurementItem): ProcurementItemView => ({
  id: i.id,
  engagementId: i.engagementId,
  actionId: i.actionId,
  title: i.title,
  method: i.method,
  estimatedCost: i.estimatedCost,
  scheduledStart: i.scheduledStart,
  scheduledEnd: i.scheduledEnd,
  status: i.status,
  version: i.version,
  createdBy: i.createdBy,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

/** An action of another engagement is answered exactly as an unknown one: it is never told it exists. */
async function checkAction(tx: EntityManager, engagementId: string, actionId: string): Promise<void> {
  const action = await tx.getRepository(Action).findOneBy({ id: actionId, engagementId });
  if (!action) throw invalid([{ field: 'actionId', rule: 'actionOfEngagement', message: 'actionId must be an action of this engagement' }]);
  if (action.status === 'dropped') throw invalid([{ field: 'actionId', rule: 'notDropped', message: 'actionId names a dropped action: nothing is procured for it' }]);
}

/**
 * The smart public procurement plan: items linked to an action of the engagement, with method,
 * estimated cost, schedule and status. Part 'procurement' of the engagement (frozen while the Design
 * gate is in review).
 */
@Injectable()
export class ProcurementService {
  constructor(
    private readonly writer: EngagementWriter,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async list(access: EngagementAccess, actionId?: string): Promise<ProcurementItemView[]> {
    const items = await this.db.getRepository(ProcurementItem).find({
      where: { engagementId: access.engagement.id, ...(actionId ? { actionId } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return items.map(toProcurementView);
  }

  async get(access: EngagementAccess, itemId: string): Promise<ProcurementItemView> {
    const item = await this.db.getRepository(ProcurementItem).findOneBy({ id: itemId, engagementId: access.engagement.id });
    if (!item) throw notFound('Procurement item');
    return toProcurementView(item);
  }

  async create(access: EngagementAccess, dto: CreateProcurementItemDto, expectedVersion: number | undefined): Promise<ProcurementItemWriteView> {
    const problems = datesProblems(dto.scheduledStart ?? null, dto.scheduledEnd ?? null, ['scheduledStart', 'scheduledEnd']);
    if (problems.length > 0) throw invalid(problems);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        await checkAction(tx, engagement.id, dto.actionId);
        const repo = tx.getRepository(ProcurementItem);
        const saved = await repo.save(
          repo.create({
            engagementId: engagement.id,
            actionId: dto.actionId,
            title: dto.title.trim(),
            method: dto.method,
            estimatedCost: cents(dto.estimatedCost),
            scheduledStart: dto.scheduledStart ?? null,
            scheduledEnd: dto.scheduledEnd ?? null,
            status: dto.status ?? 'planned',
            createdBy: access.principal.id,
          }),
        );
        const view = toProcurementView((await repo.findOneByOrFail({ id: saved.id })));
        return { result: view, history: [{ type: 'PROCUREMENT_ITEM_CREATED', to: view.status, payload: { itemId: view.id, ...pick(view) } }] };
      },
      { part: 'procurement' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async update(access: EngagementAccess, itemId: string, dto: UpdateProcurementItemDto, expectedVersion: number | undefined): Promise<ProcurementItemWriteView> {
    refuseNulls(dto, ['actionId', 'title', 'method', 'estimatedCost', 'status']);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(ProcurementItem);
        const item = await repo.findOneBy({ id: itemId, engagementId: engagement.id });
        if (!item) throw notFound('Procurement item');
        if (dto.itemVersion !== undefined && dto.itemVersion !== item.version) throw staleItem('The procurement item', item.version, dto.itemVersion);
        const before = pick(toProcurementView(item));
        const next = {
          actionId: dto.actionId ?? item.actionId,
          title: dto.title === undefined ? item.title : dto.title.trim(),
          method: dto.method ?? item.method,
          estimatedCost: dto.estimatedCost === undefined ? item.estimatedCost : cents(dto.estimatedCost),
          scheduledStart: dto.scheduledStart === undefined ? item.scheduledStart : dto.scheduledStart,
          scheduledEnd: dto.scheduledEnd === undefined ? item.scheduledEnd : dto.scheduledEnd,
          status: dto.status ?? item.status,
        };
        const problems: FieldProblem[] = datesProblems(next.scheduledStart, next.scheduledEnd, ['scheduledStart', 'scheduledEnd']);
        if (problems.length > 0) throw invalid(problems);
        if (next.actionId !== item.actionId) await checkAction(tx, engagement.id, next.actionId);
        const changes = fieldChanges(before, next, FIELDS, 'item');
        await repo.update({ id: item.id }, next);
        const view = toProcurementView(await repo.findOneByOrFail({ id: item.id }));
        return {
          result: view,
          history: [{ type: 'PROCUREMENT_ITEM_UPDATED', from: before.status, to: view.status, payload: { itemId: item.id, title: view.title, changes } }],
        };
      },
      { part: 'procurement' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async remove(access: EngagementAccess, itemId: string, query: ItemVersionQuery): Promise<void> {
    await this.writer.change(
      access.engagement.id,
      access.principal.id,
      query.expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(ProcurementItem);
        const item = await repo.findOneBy({ id: itemId, engagementId: engagement.id });
        if (!item) throw notFound('Procurement item');
        if (query.itemVersion !== undefined && query.itemVersion !== item.version) throw staleItem('The procurement item', item.version, query.itemVersion);
        await repo.delete({ id: item.id });
        return { result: undefined, history: [{ type: 'PROCUREMENT_ITEM_DELETED', from: item.status, payload: { itemId: item.id, ...pick(toProcurementView(item)) } }] };
      },
      { part: 'procurement' },
    );
  }
}

function pick(v: ProcurementItemView) {
  return Object.fromEntries(FIELDS.map((f) => [f, v[f]])) as Pick<ProcurementItemView, (typeof FIELDS)[number]>;
}
