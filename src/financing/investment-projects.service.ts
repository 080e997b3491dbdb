import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { isActive } from '../../workflows/action-plan';
import {
  allowedProjectMoves,
  financingPlan,
  mayMoveProject,
  PROJECT_INITIAL_STATUSES,
  splitEvenly,
  toCents,
  type PlanAction,
  type PlanAllocation,
  type ProjectStatus,
} from '../../workflows/financing';
import type { EngagementAccess } from '../access/access.service';
import { conflict, FieldProblem, notFound } from '../common/api-error';
import { staleItem } from '../common/versioned.dto';
import { EngagementWriter } from '../engagements/engagement-writer';
import { Action } from '../plans/action.entity';
import { invalid, refuseNulls } from '../plans/actions.service';
import { ItemVersionQuery, MAX_AMOUNT } from '../plans/plans.dto';
import { checkActions } from './business-cases.service';
import {
  AllocationView,
  CreateInvestmentProjectDto,
  FinancingPlanView,
  InvestmentProjectView,
  InvestmentProjectWriteView,
  UpdateInvestmentProjectDto,
} from './financing.dto';
import { InvestmentAllocation, InvestmentProject } from './financing.entity';
import { fieldChanges } from '../common/field-changes';

export function toProjectView(p: InvestmentProject, allocations: readonly InvestmentAllocation[]): InvestmentProjectView {
  const mine = allocations
    .filter((a) => a.projectId === p.id)
    .map((a) => ({ actionId: a.actionId, amount: a.amount }))
    .sort((a, b) => a.actionId.localeCompare(b.actionId));
  return {
    id: p.id,
    engagementId: p.engagementId,
    title: p.title,
    description: p.description,
    actionIds: mine.map((a) => a.actionId),
    allocations: mine,
    amount: p.amount,
    fundingSource: p.fundingSource,
    status: p.status,
    nextStatuses: [...allowedProjectMoves(p.status)],
    published: p.published,
    publishedAt: p.publishedAt,
    version: p.version,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

/** What a request says about the money: allocations, or actionIds with an amount split evenly. */
interface MoneyInput {
  allocations?: { actionId: string; amount: number }[] | null;
  actionIds?: string[] | null;
  amount?: number | null;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The allocations a request asks for (action ids in lower case), or the problems. `current` is the
 * project as it is (on an update): an amount alone is split again over its actions when they were an
 * even split, else refused (send allocations).
 */
export function allocationsOf(input: MoneyInput, current?: { amount: number; allocations: readonly AllocationView[] }): { allocations: AllocationView[] | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const given = input.allocations ?? undefined;
  const ids = input.actionIds ?? undefined;
  if (given) {
    const list = given.map((a) => ({ actionId: a.actionId.toLowerCase(), amount: a.amount }));
    const seen = new Set<string>();
    list.forEach((a, i) => {
      if (seen.has(a.actionId)) problems.push({ field: `allocations[${i}].actionId`, rule: 'unique', message: 'allocations must not name an action twice' });
      seen.add(a.actionId);
    });
    const sum = list.reduce((s, a) => s + toCents(a.amount), 0);
    if (input.amount !== undefined && input.amount !== null && toCents(input.amount) !== sum) {
      problems.push({ field: 'amount', rule: 'sumOfAllocations', message: `amount (${input.amount}) must equal the sum of the allocations (${(sum / 100).toFixed(2)}), or be left out` });
    }
    if (sum / 100 > MAX_AMOUNT) problems.push({ field: 'allocations', rule: 'max', message: `the allocations add up to more than ${MAX_AMOUNT}` });
    if (ids && !sameSet(ids.map((id) => id.toLowerCase()), [...seen])) {
      problems.push({ field: 'actionIds', rule: 'sameAsAllocations', message: 'actionIds must name the same actions as allocations (or be left out)' });
    }
    return { allocations: problems.length > 0 ? null : list, problems };
  }
  if (ids) {
    const amount = input.amount ?? current?.amount;
    if (amount === undefined || amount === null) {
      return { allocations: null, problems: [{ field: 'amount', rule: 'required', message: 'amount is required with actionIds (or send allocations: [{actionId, amount}])' }] };
    }
    return evenly(amount, ids.map((id) => id.toLowerCase()));
  }
  if (input.amount !== undefined && input.amount !== null) {
    if (!current) {
      return { allocations: null, problems: [{ field: 'actionIds', rule: 'required', message: 'actionIds (with amount) or allocations: [{actionId, amount}] is required' }] };
    }
    const actionIds = current.allocations.map((a) => a.actionId);
    const even = splitEvenly(current.amount, actionIds.length);
    if (!current.allocations.every((a, i) => toCents(a.amount) === toCents(even[i]))) {
      return {
        allocations: null,
        problems: [{ field: 'amount', rule: 'allocations', message: 'the project is not split evenly over its actions: send allocations with the new amount per action' }],
      };
    }
    return evenly(input.amount, actionIds);
  }
  if (!current) {
    return { allocations: null, problems: [{ field: 'allocations', rule: 'required', message: 'allocations: [{actionId, amount}], or actionIds with amount, is required' }] };
  }
  return { allocations: null, problems: [] };
}

function evenly(amount: number, actionIds: string[]): { allocations: AllocationView[] | null; problems: FieldProblem[] } {
  const shares = splitEvenly(amount, actionIds.length);
  if (shares.some((s) => s <= 0)) {
    return { allocations: null, problems: [{ field: 'amount', rule: 'split', message: `amount (${amount}) split over ${actionIds.length} actions leaves one with nothing: give at least 0.01 per action` }] };
  }
  return { allocations: actionIds.map((actionId, i) => ({ actionId, amount: shares[i] })), problems: [] };
}

const FIELDS = ['title', 'description', 'amount', 'allocations', 'fundingSource', 'status', 'published'] as const;
type Snapshot = Pick<InvestmentProjectView, (typeof FIELDS)[number]>;
const snapshotOf = (v: InvestmentProjectView): Snapshot => Object.fromEntries(FIELDS.map((f) => [f, v[f]])) as Snapshot;

/** The plan's actions and the allocations of every project, as the financing plan and the Financing gate read them. */
export async function financingFacts(db: EntityManager, engagementId: string): Promise<{ financedActions: PlanAction[]; allocations: PlanAllocation[] }> {
  const actions = await db.getRepository(Action).find({ where: { engagementId }, order: { createdAt: 'ASC', id: 'ASC' } });
  const projects = await db.getRepository(InvestmentProject).findBy({ engagementId });
  const statusOf = new Map(projects.map((p) => [p.id, p.status]));
  const allocations = await db.getRepository(InvestmentAllocation).findBy({ engagementId });
  return {
    financedActions: actions.map((a) => ({ id: a.id, title: a.title, active: isActive(a.status), budget: a.budget })),
    allocations: allocations.map((a) => ({ actionId: a.actionId, amount: a.amount, projectStatus: statusOf.get(a.projectId) as ProjectStatus })),
  };
}

/**
 * Investment projects: an amount from a funding source covering actions of the plan (an amount per
 * action), a status, and a publication flag for the marketplace; and the financing plan per action.
 * Part 'financing' of the engagement (frozen while the Financing gate is in review).
 */
@Injectable()
export class InvestmentProjectsService {
  constructor(
    private readonly writer: EngagementWriter,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private async viewsOf(db: EntityManager, engagementId: string, id?: string): Promise<InvestmentProjectView[]> {
    const projects = await db.getRepository(InvestmentProject).find({ where: { engagementId, ...(id ? { id } : {}) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const allocations = projects.length === 0 ? [] : await db.getRepository(InvestmentAllocation).findBy({ projectId: In(projects.map((p) => p.id)) });
    return projects.map((p) => toProjectView(p, allocations));
  }

  list(access: EngagementAccess): Promise<InvestmentProjectView[]> {
    return this.viewsOf(this.db.manager, access.engagement.id);
  }

  async get(access: EngagementAccess, projectId: string): Promise<InvestmentProjectView> {
    const [view] = await this.viewsOf(this.db.manager, access.engagement.id, projectId);
    if (!view) throw notFound('Investment project');
    return view;
  }

  async plan(access: EngagementAccess): Promise<FinancingPlanView> {
    const facts = await financingFacts(this.db.manager, access.engagement.id);
    return financingPlan(facts.financedActions, facts.allocations);
  }

  async create(access: EngagementAccess, dto: CreateInvestmentProjectDto, expectedVersion: number | undefined): Promise<InvestmentProjectWriteView> {
    const status = dto.status ?? 'proposed';
    const problems: FieldProblem[] = [];
    if (!PROJECT_INITIAL_STATUSES.includes(status)) {
      problems.push({ field: 'status', rule: 'initialStatus', message: `a new investment project is ${PROJECT_INITIAL_STATUSES.join(', ')}, not ${status}` });
    }
    const { allocations, problems: moneyProblems } = allocationsOf(dto);
    problems.push(...moneyProblems);
    if (problems.length > 0 || !allocations) throw invalid(problems);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        await checkActions(tx, engagement.id, allocations.map((a) => a.actionId), dto.allocations ? 'allocations' : 'actionIds');
        const repo = tx.getRepository(InvestmentProject);
        const published = dto.published ?? false;
        const saved = await repo.save(
          repo.create({
            engagementId: engagement.id,
            title: dto.title.trim(),
            description: dto.description?.trim() || null,
            amount: allocations.reduce((s, a) => s + toCents(a.amount), 0) / 100,
            fundingSource: dto.fundingSource,
            status,
            published,
            publishedAt: published ? new Date() : null,
            createdBy: access.principal.id,
          }),
        );
        await tx.getRepository(InvestmentAllocation).insert(allocations.map((a) => ({ projectId: saved.id, engagementId: engagement.id, actionId: a.actionId, amount: a.amount })));
        const [view] = await this.viewsOf(tx, engagement.id, saved.id);
        return { result: view, history: [{ type: 'INVESTMENT_PROJECT_CREATED', to: view.status, payload: { projectId: view.id, title: view.title, project: snapshotOf(view) } }] };
      },
      { part: 'financing' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async update(access: EngagementAccess, projectId: string, dto: UpdateInvestmentProjectDto, expectedVersion: number | undefined): Promise<InvestmentProjectWriteView> {
    refuseNulls(dto, ['title', 'allocations', 'actionIds', 'amount', 'fundingSource', 'published', 'status']);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(InvestmentProject);
        const project = await repo.findOneBy({ id: projectId, engagementId: engagement.id });
        if (!project) throw notFound('Investment project');
        if (dto.itemVersion !== undefined && dto.itemVersion !== project.version) throw staleItem('The investment project', project.version, dto.itemVersion);
        const [before] = await this.viewsOf(tx, engagement.id, project.id);
        const { allocations, problems } = allocationsOf(dto, before);
        if (problems.length > 0) throw invalid(problems);
        const status = dto.status ?? project.status;
        if (!mayMoveProject(project.status, status)) throw refusedMove(project.status, status);
        if (project.status === 'closed' || project.status === 'cancelled') {
          throw conflict('PROJECT_CLOSED', `The investment project is ${project.status}: its amounts, actions and publication are a record now and do not change`);
        }
        if (allocations) await checkActions(tx, engagement.id, allocations.map((a) => a.actionId), dto.allocations ? 'allocations' : 'actionIds');
        const published = dto.published ?? project.published;
        await repo.update(
          { id: project.id },
          {
            title: dto.title === undefined ? project.title : dto.title.trim(),
            description: dto.description === undefined ? project.description : dto.description?.trim() || null,
            amount: allocations ? allocations.reduce((s, a) => s + toCents(a.amount), 0) / 100 : project.amount,
            fundingSource: dto.fundingSource ?? project.fundingSource,
            status,
            published,
            publishedAt: published ? (project.publishedAt ?? new Date()) : null,
          },
        );
        if (allocations) {
          await tx.getRepository(InvestmentAllocation).delete({ projectId: project.id });
          await tx.getRepository(InvestmentAllocation).insert(allocations.map((a) => ({ projectId: project.id, engagementId: engagement.id, actionId: a.actionId, amount: a.amount })));
        }
        const [after] = await this.viewsOf(tx, engagement.id, project.id);
        const was = snapshotOf(before);
        const now = snapshotOf(after);
        const changes = fieldChanges(was, now, FIELDS, 'investment project');
        return {
          result: after,
          history: [{ type: 'INVESTMENT_PROJECT_UPDATED', from: before.status, to: after.status, payload: { projectId: project.id, title: after.title, changes } }],
        };
      },
      { part: 'financing' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  async remove(access: EngagementAccess, projectId: string, query: ItemVersionQuery): Promise<void> {
    await this.writer.change(
      access.engagement.id,
      access.principal.id,
      query.expectedVersion,
      async (tx, engagement) => {
        const project = await tx.getRepository(InvestmentProject).findOneBy({ id: projectId, engagementId: engagement.id });
        if (!project) throw notFound('Investment project');
        if (query.itemVersion !== undefined && query.itemVersion !== project.version) throw staleItem('The investment project', project.version, query.itemVersion);
        const [view] = await this.viewsOf(tx, engagement.id, project.id);
        await tx.getRepository(InvestmentProject).delete({ id: project.id });
        return { result: undefined, history: [{ type: 'INVESTMENT_PROJECT_DELETED', from: project.status, payload: { projectId: project.id, title: project.title, project: snapshotOf(view) } }] };
      },
      { part: 'financing' },
    );
  }
}

function refusedMove(from: ProjectStatus, to: ProjectStatus) {
  const allowed = allowedProjectMoves(from);
  return conflict(
    'STATUS_TRANSITION_REFUSED',
    `An investment project that is ${from} cannot become ${to}: ${allowed.length > 0 ? `it may become ${allowed.join(' or ')}` : `${from} is final`}`,
    { from, to, allowed },
  );
}
