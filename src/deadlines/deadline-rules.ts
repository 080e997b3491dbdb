/**
 * When a task or a gate is reminded of, marked overdue and escalated. Pure (no framework): the sweep
 * (deadline-sweep.ts) reads the due dates and asks here which notices are due now.
 *
 * - reminder: from `reminderDays` before the due time until it (none when reminderDays is 0; none
 *   once past due — then the overdue notice says it);
 * - overdue: from the due time;
 * - escalation: from `graceDays` after the due time, to the engagement's programme manager.
 * Each happens once per subject and due time (deadline_notice's unique key): a new due date starts over.
 */
export const DAY_MS = 86_400_000;

export const NOTICE_KINDS = ['reminder', 'overdue', 'escalation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface DeadlineSettings {
  reminderDays: number;
  graceDays: number;
}

export function noticesDue(dueAt: Date, now: Date, settings: DeadlineSettings): NoticeKind[] {
  const t = now.getTime();
  const due = dueAt.getTime();
  if (t < due) return settings.reminderDays > 0 && t >= due - settings.reminderDays * DAY_MS ? ['reminder'] : [];
  return t >= due + settings.graceDays * DAY_MS ? ['overdue', 'escalation'] : ['overdue'];
}

/** A task's due date is a calendar day (UTC): it is due at the end of that day. */
export function taskDueAt(dueDate: string): Date {
  return new Date(Date.parse(`${dueDate}T00:00:00.000Z`) + DAY_MS);
}

/** A gate is due `reviewDays` after it opened (the workflow definition's review period). */
export function gateDueAt(openedAt: Date, reviewDays: number): Date {
  return new Date(openedAt.getTime() + reviewDays * DAY_MS);
}

/** The latest calendar day (UTC) whose tasks may have a notice due now: anything due after it needs none yet. */
export function taskHorizon(now: Date, settings: DeadlineSettings): string {
  return new Date(now.getTime() + settings.reminderDays * DAY_MS).toISOString().slice(0, 10);
}
