import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GateSeating } from '../../workflows/quorum';
import { Clock } from '../clock/clock';
import { Environment } from '../config/environment';
import { Outbox } from '../outbox/outbox';
import { type OutboxEventType, recipientsOf } from '../outbox/outbox-message';
import { type DeadlineSettings, type NoticeKind, noticesDue, taskDueAt, taskHorizon, DAY_MS } from './deadline-rules';

/** A task or an open gate with a due time, as the sweep reads it. */
interface Subject {
  type: 'task' | 'gate';
  id: string;
  engagementId: string;
  engagementTitle: string;
  managerId: string;
  dueAt: Date;
  /** The task's title, or the gate's stage. */
  name: string;
  assigneeId?: string | null;
  seats?: GateSeating;
}

export interface SweepReport {
  reminder: number;
  overdue: number;
  escalation: number;
}

const HISTORY_TYPE: Record<NoticeKind, string> = { reminder: 'DEADLINE_REMINDER', overdue: 'DEADLINE_OVERDUE', escalation: 'DEADLINE_ESCALATED' };

const noticeKey = (kind: string, type: string, id: string, dueAt: Date) => `${kind}|${type}|${id}|${dueAt.toISOString()}`;

/**
 * The deadline sweep: tasks of the stage an engagement works on (not in review, not on hold) with a
 * due date, and open gates in review with a due time. For each notice due now (deadline-rules.ts) and
 * not yet given, one short transaction: the notice row under its unique key (INSERT … ON CONFLICT DO
 * NOTHING: a sweep that finds it taken does nothing more), a history row at the engagement's current
 * version — the version is NOT bumped, so nobody's expectedVersion goes stale because a clock ticked
 * — and the outbox message telling the people concerned. Safe to run in several processes at once.
 */
@Injectable()
export class DeadlineSweep {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly env: Environment,
  ) {}

  get settings(): DeadlineSettings {
    return { reminderDays: this.env.DEADLINE_REMINDER_DAYS, graceDays: this.env.ESCALATION_GRACE_DAYS };
  }

  async run(now: Date = this.clock.now()): Promise<SweepReport> {
    const subjects = [...(await this.tasks(now)), ...(await this.gates(now))];
    const report: SweepReport = { reminder: 0, overdue: 0, escalation: 0 };
    if (subjects.length === 0) return report;
    const given = new Set(
      (
        (await this.db.query(`SELECT kind, subject_type, subject_id, due_at FROM deadline_notice WHERE subject_id = ANY($1)`, [
          subjects.map((s) => s.id),
        ])) as { kind: string; subject_type: string; subject_id: string; due_at: Date }[]
      ).map((n) => noticeKey(n.kind, n.subject_type, n.subject_id, new Date(n.due_at))),
    );
    let sent = 0;
    for (const subject of subjects) {
      for (const kind of noticesDue(subject.dueAt, now, this.settings)) {
        if (given.has(noticeKey(kind, subject.type, subject.id, subject.dueAt))) continue;
        if (await this.notice(subject, kind, now)) {
          report[kind]++;
          sent++;
        }
      }
    }
    if (sent > 0) this.outbox.nudge();
    return report;
  }

  private async tasks(now: Date): Promise<Subject[]> {
    const rows: { id: string; engagement_id: string; title: string; due_date: string; assignee_id: string | null; manager_id: string; engagement_title: string }[] =
      await this.db.query(
        `SELECT t.id, t.engagement_id, t.title, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.assignee_id, e.manager_id, e.title AS engagement_title
           FROM task t JOIN engagement e ON e.id = t.engagement_id
          WHERE t.due_date IS NOT NULL AND t.due_date <= $1::date AND t.status IN ('open', 'in_progress')
            AND e.stage = t.stage AND e.step = 'inProgress'
          ORDER BY t.due_date, t.id`,
        [taskHorizon(now, this.settings)],
      );
    return rows.map((r) => ({
      type: 'task',
      id: r.id,
      engagementId: r.engagement_id,
      engagementTitle: r.engagement_title,
      managerId: r.manager_id,
      dueAt: taskDueAt(r.due_date),
      name: r.title,
      assigneeId: r.assignee_id,
    }));
  }

  private async gates(now: Date): Promise<Subject[]> {
    const rows: { id: string; engagement_id: string; stage: string; due_at: Date; seats: GateSeating; manager_id: string; engagement_title: string }[] =
      await this.db.query(
        `SELECT g.id, g.engagement_id, g.stage, g.due_at, g.seats, e.manager_id, e.title AS engagement_title
           FROM gate g JOIN engagement e ON e.id = g.engagement_id
          WHERE g.status = 'open' AND g.due_at IS NOT NULL AND g.due_at <= $1 AND e.stage = g.stage AND e.step = 'inReview'
          ORDER BY g.due_at, g.id`,
        [new Date(now.getTime() + this.settings.reminderDays * DAY_MS)],
      );
    return rows.map((r) => ({
      type: 'gate',
      id: r.id,
      engagementId: r.engagement_id,
      engagementTitle: r.engagement_title,
      managerId: r.manager_id,
      dueAt: new Date(r.due_at),
      name: r.stage,
      seats: typeof r.seats === 'string' ? (JSON.parse(r.seats) as GateSeating) : r.seats,
    }));
  }

  /** One notice, once: false when another sweep gave it first. */
  private notice(subject: Subject, kind: NoticeKind, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const notify = kind === 'escalation' ? [subject.managerId] : await this.concerned(tx, subject);
      const recipients = recipientsOf(notify, null);
      const inserted: unknown[] = await tx.query(
        `INSERT INTO deadline_notice (kind, subject_type, subject_id, due_at, engagement_id, at, recipients)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT ON CONSTRAINT deadline_notice_once DO NOTHING RETURNING id`,
        [kind, subject.type, subject.id, subject.dueAt, subject.engagementId, now, JSON.stringify(recipients)],
      );
      if (inserted.length === 0) return false;
      // The history row carries the engagement's current version (the history trigger insists on it);
      // FOR SHARE keeps a writer from bumping it meanwhile. The version itself stays as it is.
      const [engagement] = (await tx.query(`SELECT version, stage, step FROM engagement WHERE id = $1 FOR SHARE`, [subject.engagementId])) as {
        version: number;
        stage: string;
        step: string | null;
      }[];
      const state = engagement.step ? `${engagement.stage}.${engagement.step}` : engagement.stage;
      const data = {
        subject: subject.type,
        [subject.type === 'task' ? 'taskId' : 'gateId']: subject.id,
        ...(subject.type === 'task' ? { title: subject.name } : { stage: subject.name }),
        dueAt: subject.dueAt.toISOString(),
      };
      await tx.query(
        `INSERT INTO engagement_history (engagement_id, actor_id, type, from_state, to_state, payload, version, at)
         VALUES ($1, NULL, $2, $3, $3, $4::jsonb, $5, $6)`,
        [subject.engagementId, HISTORY_TYPE[kind], state, JSON.stringify({ kind, ...data, notified: recipients }), engagement.version, now],
      );
      await this.outbox.write(tx, subject.engagementId, null, [{ type: eventType(subject, kind), data: { kind, ...data }, message: messageOf(subject, kind), notify: recipients }], now);
      return true;
    });
  }

  /**
   * Who a reminder or overdue notice goes to: a task's assignee (unassigned: the city coordinators,
   * else the manager); a gate's seat holders who have not decided, in seats still short of approvals
   * (a seat delegated to the administrators: every active administrator).
   */
  private async concerned(tx: EntityManager, subject: Subject): Promise<string[]> {
    if (subject.type === 'task') {
      if (subject.assigneeId) return [subject.assigneeId];
      const coordinators = (await tx.query(`SELECT user_id FROM engagement_member WHERE engagement_id = $1 AND role = 'city_coordinator' ORDER BY created_at`, [
        subject.engagementId,
      ])) as { user_id: string }[];
      return coordinators.length > 0 ? coordinators.map((c) => c.user_id) : [subject.managerId];
    }
    const decisions = (await tx.query(`SELECT approver_id, decision, seat FROM gate_approval WHERE gate_id = $1`, [subject.id])) as {
      approver_id: string;
      decision: string;
      seat: string;
    }[];
    const decided = new Set(decisions.map((d) => d.approver_id));
    const pending: string[] = [];
    for (const seat of subject.seats?.seats ?? []) {
      const approvals = decisions.filter((d) => d.seat === seat.seat && d.decision === 'approve').length;
      if (approvals >= seat.needs) continue;
      // A seat delegated to the administrators (the manager submitted) has no holders: any active administrator may fill it.
      const holders =
        seat.delegatedTo === 'admin'
          ? ((await tx.query(`SELECT id FROM app_user WHERE role = 'admin' AND active ORDER BY created_at`)) as { id: string }[]).map((u) => u.id)
          : seat.holders;
      pending.push(...holders.filter((h) => !decided.has(h)));
    }
    return pending;
  }
}

function eventType(subject: Subject, kind: NoticeKind): OutboxEventType {
  if (kind === 'escalation') return 'escalation';
  return `${subject.type}.${kind}` as OutboxEventType;
}

function messageOf(subject: Subject, kind: NoticeKind): string {
  const what = subject.type === 'task' ? `the task "${subject.name}"` : `the ${subject.name} gate's review`;
  const day = subject.dueAt.toISOString().slice(0, 16).replace('T', ' ');
  const where = subject.engagementTitle;
  if (kind === 'reminder') return `${where}: ${what} is due by ${day} UTC`;
  if (kind === 'overdue') return `${where}: ${what} was due by ${day} UTC and is overdue`;
  return `${where}: ${what} is still overdue (due by ${day} UTC): escalated to you as the engagement's programme manager`;
}
