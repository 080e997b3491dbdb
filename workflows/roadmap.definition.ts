/**
 * The roadmap's rules as data: what each review gate checks, who must approve it, and who may
 * send which event. Change the rules here, not in code.
 */
import type { EngagementEventType, Stage } from './engagement.machine';
import { DEFAULT_QUORUM, type QuorumRule } from './quorum';

import type { GlobalRole, MemberRole } from './roles';

export type { GlobalRole, MemberRole } from './roles';

/** Who is sending an event, as far as this engagement is concerned. */
export interface Actor {
  globalRole: GlobalRole;
  /** The engagement's programme manager (its `managerId`). */
  isEngagementManager: boolean;
  /** The actor's member roles on this engagement. */
  memberRoles: readonly string[];
}

export interface GateRule {
  /**
   * Names of gate criteria, all of which must hold to submit and again at the approval that
   * completes the quorum. Each is provided by a module (gate-criteria.ts: GateCriterion); the server
   * refuses to start when one is not.
   */
  criteria: readonly string[];
  quorum: QuorumRule;
  /**
   * The review period: the gate is due this many days after it opens (gate.due_at). The deadline
   * sweep reminds its seat holders before, marks it overdue after, and escalates it to the
   * engagement's programme manager after the grace period (src/deadlines).
   */
  reviewDays: number;
}

/** Who may send an event; global admins may always. Any one match suffices. */
export interface SenderRule {
  globalRoles: readonly GlobalRole[];
  engagementManager: boolean;
  memberRoles: readonly MemberRole[];
}

export interface RoadmapDefinition {
  gates: Record<Stage, GateRule>;
  senders: Record<EngagementEventType, SenderRule>;
}

const managerOnly: SenderRule = { globalRoles: [], engagementManager: true, memberRoles: [] };

export const roadmapDefinition: RoadmapDefinition = {
  gates: {
    assessment: { criteria: ['required-tasks-settled', 'core-kpis-settled'], quorum: DEFAULT_QUORUM, reviewDays: 14 },
    design: { criteria: ['required-tasks-settled', 'low-band-kpis-have-actions', 'procurement-items-for-actions'], quorum: DEFAULT_QUORUM, reviewDays: 14 },
    financing: { criteria: ['required-tasks-settled', 'actions-financed'], quorum: DEFAULT_QUORUM, reviewDays: 14 },
    implementation: { criteria: ['required-tasks-settled', 'implementation-qa-passed', 'targeted-kpis-monitored'], quorum: DEFAULT_QUORUM, reviewDays: 14 },
  },
  senders: {
    SUBMIT_FOR_REVIEW: { globalRoles: [], engagementManager: true, memberRoles: ['city_coordinator'] },
    // Sent through POST …/approvals, never through POST …/events.
    APPROVE: { globalRoles: [], engagementManager: true, memberRoles: ['approver'] },
    REQUEST_CHANGES: { globalRoles: [], engagementManager: true, memberRoles: ['approver'] },
    PUT_ON_HOLD: managerOnly,
    RESUME: managerOnly,
    CANCEL: managerOnly,
    REOPEN: { globalRoles: ['programme_manager'], engagementManager: false, memberRoles: [] },
  },
};

export function mayActorSend(
  eventType: EngagementEventType,
  actor: Actor,
  definition: RoadmapDefinition = roadmapDefinition,
): boolean {
  const rule = definition.senders[eventType];
  return (
    actor.globalRole === 'admin' ||
    rule.globalRoles.includes(actor.globalRole) ||
    (rule.engagementManager && actor.isEngagementManager) ||
    rule.memberRoles.some((role) => actor.memberRoles.includes(role))
  );
}
