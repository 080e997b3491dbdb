/**
 * What an engagement change sends out: one engagement event, and the people to tell about it.
 * Pure (no framework): the services that change engagements build these; EngagementWriter writes
 * them to the outbox in the change's own transaction, and the outbox worker delivers them after
 * commit (in-app notifications, e-mail, webhooks).
 */

/** Every event type the outbox carries (API.md "Deadlines, notifications, webhooks": webhook `events`). */
export const OUTBOX_EVENT_TYPES = [
  'engagement.transitioned',
  'gate.opened',
  'gate.decided',
  'gate.reminder',
  'gate.overdue',
  'task.assigned',
  'task.reminder',
  'task.overdue',
  'kpi.submitted',
  'kpi.verified',
  'kpi.rejected',
  'kpi.questioned',
  'kpi.flag_answered',
  'escalation',
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

/** What each event type tells a person (the notification types a person may choose a channel for). */
export const EVENT_DESCRIPTIONS: Record<OutboxEventType, string> = {
  'engagement.transitioned': 'the engagement moved in its roadmap (any roadmap event)',
  'gate.opened': 'a stage was submitted for review: its gate waits for the decision of its seat holders',
  'gate.decided': 'a gate was approved or sent back',
  'gate.reminder': 'a gate waiting for your decision is due soon',
  'gate.overdue': 'a gate waiting for your decision is past its review period',
  'task.assigned': 'a task was assigned to you',
  'task.reminder': 'a task of yours is due soon',
  'task.overdue': 'a task of yours is past its due date',
  'kpi.submitted': 'KPI values were submitted or imported',
  'kpi.verified': 'KPI values were verified',
  'kpi.rejected': 'KPI values were rejected',
  'kpi.questioned': 'a verifier raised a question on a KPI value',
  'kpi.flag_answered': 'the city answered a consistency flag on a KPI value (an error waits for the answer before verification)',
  escalation: 'a task or gate stayed overdue past the grace period: it escalates to the programme manager',
};

export interface OutboxMessage {
  type: OutboxEventType;
  /** The event's data (a webhook delivery's `data`): ids and facts, nothing private beyond the engagement. */
  data: Record<string, unknown>;
  /** One line for people: the notification's text. */
  message: string;
  /** The people to tell (user ids). Whoever caused the change is taken out by the writer: never told. */
  notify?: readonly string[];
}

/** The people to tell: each once, never the one who caused it. */
export function recipientsOf(notify: readonly (string | null | undefined)[] | undefined, actorId: string | null): string[] {
  const out: string[] = [];
  for (const id of notify ?? []) {
    if (id && id !== actorId && !out.includes(id)) out.push(id);
  }
  return out;
}
