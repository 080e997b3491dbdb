import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ACTION_INITIAL_STATUSES,
  allowedActionMoves,
  isLiveProcurement,
  mayMoveAction,
  targetKey,
  type ActionStatus,
} from '../../workflows/action-plan';
import type { EngagementAccess } from '../access/access.service';
import { badRequest, conflict, FieldProblem, notFound } from '../common/api-error';
import { staleItem } from '../common/versioned.dto';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { EngagementWriter } from '../engagements/engagement-writer';
import type { Engagement } from '../engagements/engagement.entity';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { itemDataPoint, storedDataPoint } from '../kpis/values/kpi-value.entity';
import { canonicalKeys, resolveTargets, type ResolvedTarget } from './action-targets';
import { Action, ActionTarget, ProcurementItem } from './action.entity';
import { ActionView, ActionWriteView, CreateActionDto, ItemVersionQuery, UpdateActionDto } from './plans.dto';
import { fieldChanges } from '../common/field-changes';

const cents = (amount: number) => Math.round(amount * 100) / 100;

/** The fields of an action a history row compares. */
type Snapshot = Pick<ActionView, 'title' | 'description' | 'budget' | 'ownerId' | 'startDate' | 'endDate' | 'requiresProcurement' | 'status' | 'expectedValues'>;

const snapshotOf = (v: ActionView): Snapshot => ({
  title: v.title,
  description: v.description,
  budget: v.budget,
  ownerId: v.ownerId,
  startDate: v.startDate,
  endDate: v.endDate,
  requiresProcurement: v.requiresProcurement,
  status: v.status,
  expectedValues: v.expectedValues,
});

export function toActionView(action: Action, targets: readonly ActionTarget[], items: readonly ProcurementItem[]): ActionView {
  const mine = targets
    .filter((t) => t.actionId === action.id)
    .map((t) => ({ code: t.code, dataPoint: itemDataPoint(t.dataPoint), expectedValue: t.expectedValue }))
    .sort((a, b) => targetKey(a.code, a.dataPoint).localeCompare(targetKey(b.code, b.dataPoint)));
  const procurementTotal = cents(
    items.filter((i) => i.actionId === action.id && isLiveProcurement(i.status)).reduce((sum, i) => sum + i.estimatedCost, 0),
  );
  return {
    id: action.id,
    engagementId: action.engagementId,
    title: action.title,
    description: action.description,
    kpiCodes: mine.map((t) => targetKey(t.code, t.dataPoint)),
    expectedValues: Object.fromEntries(mine.map((t) => [targetKey(t.code, t.dataPoint), t.expectedValue])),
    targets: mine,
    budget: action.budget,
    procurementTotal,
    overBudget: procurementTotal > action.budget,
    ownerId: action.ownerId,
    startDate: action.startDate,
    endDate: action.endDate,
    requiresProcurement: action.requiresProcurement,
    status: action.status,
    nextStatuses: [...allowedActionMoves(action.status)],
    version: action.version,
    createdBy: action.createdBy,
    createdAt: action.createdAt,
    updatedAt: action.updatedAt,
  };
}

/**
 * The action plan: actions linked to KPIs (and data points) with the values expected after them,
 * an owner, a budget, dates and a status. Every change goes through EngagementWriter as part
 * 'actions' (frozen while the Design gate is in review) and leaves a history row.
 */
@Injectable()
export class ActionsService {
  /** Other modules' records that refer to actions (financing): an action they refer to is dropped, not deleted. */
  private readonly references: { what: string; label: string; count: (tx: EntityManager, actionId: string) => Promise<number> }[] = [];

  constructor(
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Names records of another module that refer to an action (counted before a delete: 409 ACTION_IN_USE when any). */
  useReferences(what: string, label: string, count: (tx: EntityManager, actionId: string) => Promise<number>): void {
    this.references.push({ what, label, count });
  }

  /** The engagement's actions as views (pass a transaction's manager inside one). */
  async viewsOf(engagementId: string, db: EntityManager = this.db.manager, ids?: string[]): Promise<ActionView[]> {
    const actions = await db.getRepository(Action).find({
      where: { engagementId, ...(ids ? { id: In(ids) } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (actions.length === 0) return [];
    const actionIds = actions.map((a) => a.id);
    const targets = await db.getRepository(ActionTarget).findBy({ actionId: In(actionIds) });
    const items = await db.getRepository(ProcurementItem).findBy({ actionId: In(actionIds) });
    return actions.map((a) => toActionView(a, targets, items));
  }

  list(access: EngagementAccess): Promise<ActionView[]> {
    return this.viewsOf(access.engagement.id);
  }

  async get(access: EngagementAccess, actionId: string): Promise<ActionView> {
    const [view] = await this.viewsOf(access.engagement.id, this.db.manager, [actionId]);
    if (!view) throw notFound('Action');
    return view;
  }

  async create(access: EngagementAccess, dto: CreateActionDto, expectedVersion: number | undefined): Promise<ActionWriteView> {
    const status = dto.status ?? 'planned';
    const problems: FieldProblem[] = [];
    if (!ACTION_INITIAL_STATUSES.includes(status)) {
      problems.push({ field: 'status', rule: 'initialStatus', message: `a new action is ${ACTION_INITIAL_STATUSES.join(' or ')}, not ${status}` });
    }
    const { targets, problems: targetProblems } = resolveTargets(this.catalogue.current(), dto.kpiCodes, dto.expectedValues);
    problems.push(...targetProblems, ...datesProblems(dto.startDate ?? null, dto.endDate ?? null));
    if (problems.length > 0) throw invalid(problems);

    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        await checkOwner(tx, engagement, dto.ownerId ?? null);
        const repo = tx.getRepository(Action);
        const saved = await repo.save(
          repo.create({
            engagementId: engagement.id,
            title: dto.title.trim(),
            description: dto.description?.trim() || null,
            ownerId: dto.ownerId ?? null,
            budget: cents(dto.budget),
            startDate: dto.startDate ?? null,
            endDate: dto.endDate ?? null,
            requiresProcurement: dto.requiresProcurement ?? false,
            status,
            createdBy: access.principal.id,
          }),
        );
        await writeTargets(tx, engagement.id, saved.id, targets);
        const [view] = await this.viewsOf(engagement.id, tx, [saved.id]);
        return { result: view, history: [{ type: 'ACTION_CREATED', to: status, payload: { actionId: saved.id, title: view.title, action: snapshotOf(view) } }] };
      },
      { part: 'actions' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async update(access: EngagementAccess, actionId: string, dto: UpdateActionDto, expectedVersion: number | undefined): Promise<ActionWriteView> {
    refuseNulls(dto, ['title', 'kpiCodes', 'expectedValues', 'budget', 'requiresProcurement', 'status']);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(Action);
        const action = await repo.findOneBy({ id: actionId, engagementId: engagement.id });
        if (!action) throw notFound('Action');
        if (dto.itemVersion !== undefined && dto.itemVersion !== action.version) throw staleItem('The action', action.version, dto.itemVersion);
        const [before] = await this.viewsOf(engagement.id, tx, [action.id]);

        const problems: FieldProblem[] = [];
        let targets: ResolvedTarget[] | undefined;
        if (dto.kpiCodes !== undefined || dto.expectedValues !== undefined) {
          const kpiCodes = dto.kpiCodes ?? before.kpiCodes;
          const given = dto.expectedValues ?? {};
          const kept = Object.fromEntries(Object.entries(before.expectedValues).filter(([key]) => !(key in given)));
          // Values kept from before count only for the KPIs still named.
          const named = canonicalKeys(this.catalogue.current(), kpiCodes);
          const values = { ...Object.fromEntries(Object.entries(kept).filter(([key]) => named.has(key))), ...given };
          const resolved = resolveTargets(this.catalogue.current(), kpiCodes, values);
          problems.push(...resolved.problems);
          targets = resolved.targets;
        }
        const next = {
          title: dto.title === undefined ? action.title : dto.title.trim(),
          description: dto.description === undefined ? action.description : dto.description?.trim() || null,
          ownerId: dto.ownerId === undefined ? action.ownerId : dto.ownerId,
          budget: dto.budget === undefined ? action.budget : cents(dto.budget),
          startDate: dto.startDate === undefined ? action.startDate : dto.startDate,
          endDate: dto.endDate === undefined ? action.endDate : dto.endDate,
          requiresProcurement: dto.requiresProcurement ?? action.requiresProcurement,
          status: dto.status ?? action.status,
        };
        problems.push(...datesProblems(next.startDate, next.endDate));
        if (problems.length > 0) throw invalid(problems);
        if (!mayMoveAction(action.status, next.status)) throw refusedMove(action.status, next.status);
        if (dto.ownerId !== undefined && dto.ownerId !== action.ownerId) await checkOwner(tx, engagement, next.ownerId);

        // An update bumps the action's version (and updated_at), whatever changed, targets included.
        await repo.update({ id: action.id }, next);
        if (targets) {
          await tx.getRepository(ActionTarget).delete({ actionId: action.id });
          await writeTargets(tx, engagement.id, action.id, targets);
        }
        const [after] = await this.viewsOf(engagement.id, tx, [action.id]);
        const was = snapshotOf(before);
        const now = snapshotOf(after);
        const changes = fieldChanges(was, now, Object.keys(now) as (keyof Snapshot)[], 'action');
        return {
          result: after,
          history: [{ type: 'ACTION_UPDATED', from: before.status, to: after.status, payload: { actionId: action.id, title: after.title, changes } }],
        };
      },
      { part: 'actions' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  /** Deletes an action no procurement item references (one that is referenced can be dropped instead). */
  async remove(access: EngagementAccess, actionId: string, query: ItemVersionQuery): Promise<void> {
    await this.writer.change(
      access.engagement.id,
      access.principal.id,
      query.expectedVersion,
      async (tx, engagement) => {
        const action = await tx.getRepository(Action).findOneBy({ id: actionId, engagementId: engagement.id });
        if (!action) throw notFound('Action');
        if (query.itemVersion !== undefined && query.itemVersion !== action.version) throw staleItem('The action', action.version, query.itemVersion);
        const items = await tx.getRepository(ProcurementItem).countBy({ actionId: action.id });
        if (items > 0) {
          throw conflict(
            'ACTION_IN_USE',
            `The action "${action.title}" has ${items} procurement item${items === 1 ? '' : 's'}: it cannot be deleted; set its status to dropped instead`,
            { procurementItems: items },
          );
        }
        for (const ref of this.references) {
          const n = await ref.count(tx, action.id);
          if (n > 0) {
            throw conflict('ACTION_IN_USE', `The action "${action.title}" is referred to by ${ref.label} (${n}): it cannot be deleted; set its status to dropped instead`, {
              [ref.what]: n,
            });
          }
        }
        const [view] = await this.viewsOf(engagement.id, tx, [action.id]);
        await tx.getRepository(Action).delete({ id: action.id });
        return { result: undefined, history: [{ type: 'ACTION_DELETED', from: action.status, payload: { actionId: action.id, title: action.title, action: snapshotOf(view) } }] };
      },
      { part: 'actions' },
    );
  }
}

async function writeTargets(tx: EntityManager, engagementId: string, actionId: string, targets: readonly ResolvedTarget[]): Promise<void> {
  if (targets.length === 0) return;
  await tx.getRepository(ActionTarget).insert(
    targets.map((t) => ({ actionId, engagementId, code: t.code, dataPoint: storedDataPoint(t.dataPoint), expectedValue: t.expectedValue })),
  );
}

/** The owner is a member of the engagement or its manager. */
async function checkOwner(tx: EntityManager, engagement: Engagement, ownerId: string | null): Promise<void> {
  if (ownerId === null || ownerId === engagement.managerId) return;
  if (await tx.getRepository(EngagementMember).existsBy({ engagementId: engagement.id, userId: ownerId })) return;
  throw invalid([{ field: 'ownerId', rule: 'member', message: 'ownerId must be a member of the engagement or its manager' }]);
}

export function datesProblems(start: string | null, end: string | null, names = ['startDate', 'endDate']): FieldProblem[] {
  return start !== null && end !== null && end < start
    ? [{ field: names[1], rule: 'notBefore', message: `${names[1]} (${end}) must not be before ${names[0]} (${start})` }]
    : [];
}

/** PATCH: a field that must have a value cannot be cleared with null (the DTO's optional fields let null through). */
export function refuseNulls<T extends object>(dto: T, required: readonly (keyof T & string)[]): void {
  const problems = required.filter((field) => dto[field] === null).map((field) => ({ field, rule: 'required', message: `${field} cannot be null` }));
  if (problems.length > 0) throw invalid(problems);
}

export const invalid = (problems: FieldProblem[]) => badRequest(`Invalid input: ${problems.map((p) => p.message).join('; ')}`, problems);

function refusedMove(from: ActionStatus, to: ActionStatus) {
  const allowed = allowedActionMoves(from);
  return conflict(
    'STATUS_TRANSITION_REFUSED',
    `An action that is ${from} cannot become ${to}: ${allowed.length > 0 ? `it may become ${allowed.join(' or ')}` : `${from} is final`}`,
    { from, to, allowed },
  );
}
