import { staleItem } from '../common/versioned.dto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { STAGES } from '../../workflows/engagement.machine';
import { AccessService, EngagementAccess } from '../access/access.service';
import { badRequest, conflict, notFound } from '../common/api-error';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { EngagementWriter } from '../engagements/engagement-writer';
import { stateOf, workingStage } from '../engagements/engagement-state';
import { Task } from './task.entity';
import { TaskView, UpdateTaskDto } from './tasks.dto';
import { fieldChanges } from '../common/field-changes';
import type { OutboxMessage } from '../outbox/outbox-message';

const today = () => new Date().toISOString().slice(0, 10);

export const toTaskView = (t: Task): TaskView => ({
  id: t.id,
  key: t.key,
  title: t.title,
  description: t.description,
  stage: t.stage,
  required: t.required,
  expectedRole: t.expectedRole,
  status: t.status,
  assigneeId: t.assigneeId,
  dueDate: t.dueDate,
  note: t.note,
  overdue: !!t.dueDate && t.dueDate < today() && (t.status === 'open' || t.status === 'in_progress'),
  version: t.version,
  updatedAt: t.updatedAt,
});

/** The stage checklists: read by every member, worked by the city's coordinator and contributors. */
@Injectable()
export class TasksService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
  ) {}

  async list(access: EngagementAccess, stage?: string): Promise<TaskView[]> {
    const rows = await this.tasks.find({ where: { engagementId: access.engagement.id, ...(stage ? { stage } : {}) } });
    const order = (stage: string) => STAGES.findIndex((s) => s === stage);
    rows.sort((a, b) => order(a.stage) - order(b.stage) || a.position - b.position);
    return rows.map(toTaskView);
  }

  /**
   * The overdue tasks of these engagements, in one query (the portfolio's list). The caller has
   * already been allowed to read each engagement.
   */
  async overdueIn(engagementIds: readonly string[]): Promise<(TaskView & { engagementId: string })[]> {
    if (engagementIds.length === 0) return [];
    const rows = await this.tasks
      .createQueryBuilder('t')
      .where('t.engagementId IN (:...ids)', { ids: engagementIds })
      .andWhere('t.dueDate < :today', { today: today() })
      .andWhere("t.status IN ('open', 'in_progress')")
      .orderBy('t.dueDate', 'ASC')
      .addOrderBy('t.position', 'ASC')
      .getMany();
    return rows.map((t) => ({ ...toTaskView(t), engagementId: t.engagementId }));
  }

  /**
   * Changes a task of the stage the engagement is in. The coordinator, the manager and programme
   * staff may change anything; a data contributor may update the status and note of a task
   * assigned to them. Every change leaves a history row with what changed.
   */
  async update(access: EngagementAccess, taskId: string, dto: UpdateTaskDto, expectedVersion: number | undefined): Promise<TaskView> {
    const engagementId = access.engagement.id;
    const { result } = await this.writer.change(engagementId, access.principal.id, expectedVersion, async (tx, engagement) => {
      const repo = tx.getRepository(Task);
      const task = await repo.findOneBy({ id: taskId, engagementId });
      if (!task) throw notFound('Task');
      if (dto.itemVersion !== undefined && dto.itemVersion !== task.version) throw staleItem('The task', task.version, dto.itemVersion);
      this.access.require(access, 'tasks.update', { assignee: task.assigneeId === access.principal.id });
      if (dto.assigneeId !== undefined || dto.dueDate !== undefined) this.access.require(access, 'tasks.assign');
      const state = stateOf(engagement);
      if (workingStage(state) !== task.stage || state.stage === 'cancelled' || state.step === 'inReview') {
        const why = state.step === 'inReview' ? 'the stage is in review' : `the engagement is ${state.stage}, not working on ${task.stage}`;
        throw conflict('TASK_LOCKED', `This task cannot change now: ${why}`);
      }
      if (dto.assigneeId) {
        const isMember = await tx.getRepository(EngagementMember).existsBy({ engagementId, userId: dto.assigneeId });
        if (!isMember && dto.assigneeId !== engagement.managerId) {
          throw badRequest('assigneeId must be a member of the engagement', [{ field: 'assigneeId', message: 'assigneeId must be a member of the engagement' }]);
        }
      }
      const next = {
        status: dto.status ?? task.status,
        assigneeId: dto.assigneeId === undefined ? task.assigneeId : dto.assigneeId,
        dueDate: dto.dueDate === undefined ? task.dueDate : dto.dueDate,
        note: dto.note ?? task.note,
      };
      if (next.status === 'waived' && task.status !== 'waived' && !dto.note?.trim()) {
        throw badRequest('A waived task needs a note saying why', [{ field: 'note', message: 'note is required when waiving a task' }]);
      }
      const changes = fieldChanges(task, { ...task, ...next }, ['status', 'assigneeId', 'dueDate', 'note'], 'task');
      const newlyAssigned = next.assigneeId !== null && next.assigneeId !== task.assigneeId ? next.assigneeId : null;
      Object.assign(task, next);
      const saved = await repo.save(task);
      const outbox: OutboxMessage[] = newlyAssigned
        ? [
            {
              type: 'task.assigned',
              data: { taskId: task.id, key: task.key, stage: task.stage, assigneeId: newlyAssigned, dueDate: task.dueDate },
              message: `${engagement.title}: the task "${task.title}" is assigned to you${task.dueDate ? `, due ${task.dueDate}` : ''}`,
              notify: [newlyAssigned],
            },
          ]
        : [];
      return { result: toTaskView(saved), history: [{ type: 'TASK_UPDATED', payload: { taskId: task.id, key: task.key, stage: task.stage, changes } }], outbox };
    }, { part: 'tasks' });
    return result;
  }
}
