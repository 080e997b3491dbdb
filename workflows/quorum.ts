/**
 * Quorum of a review gate: who must approve before the engagement may leave the stage.
 * Pure: the server gathers the people and the decisions, this decides whether they suffice.
 */
import type { Unmet } from './gate-criteria';

export interface QuorumRule {
  /** The engagement's programme manager must approve. */
  programmeManager: boolean;
  /** How many approvers of each stakeholder group assigned to the engagement must approve. */
  approverPerStakeholderGroup: number;
}

export const DEFAULT_QUORUM: QuorumRule = { programmeManager: true, approverPerStakeholderGroup: 1 };

export interface GateApprover {
  userId: string;
  /** City council, U4SSC, a funding partner, …; null: an approver outside any group. */
  stakeholderGroup: string | null;
}

export interface GateDecision {
  userId: string;
  decision: 'approve' | 'request_changes';
  /** Decided in the programme manager's seat (the server sets it for the engagement's manager). */
  asManager: boolean;
}

export interface QuorumFacts {
  managerId: string;
  /** The engagement's approver members. */
  approvers: readonly GateApprover[];
  /** Decisions on the open gate, oldest first; a user's latest decision is the one that counts. */
  decisions: readonly GateDecision[];
  /** Who submitted the gate: their approval never counts (four-eyes). */
  submittedBy: string;
}

export interface QuorumStatus {
  met: boolean;
  missing: Unmet[];
}

export function quorumStatus(rule: QuorumRule, facts: QuorumFacts): QuorumStatus {
  const latest = new Map<string, GateDecision>();
  for (const d of facts.decisions) latest.set(d.userId, d);
  const approvals = [...latest.values()].filter(
    (d) => d.decision === 'approve' && d.userId !== facts.submittedBy,
  );

  const missing: Unmet[] = [];

  if (rule.programmeManager && !approvals.some((d) => d.asManager || d.userId === facts.managerId)) {
    missing.push({
      condition: 'quorum:programme-manager',
      message:
        facts.submittedBy === facts.managerId
          ? 'The programme manager submitted this gate, so their approval does not count; another programme manager must approve in their seat.'
          : 'The programme manager has not approved yet.',
    });
  }

  const approvedBy = new Set(approvals.map((d) => d.userId));
  const groups = new Map<string, string[]>();
  for (const a of facts.approvers) {
    if (a.stakeholderGroup === null) continue;
    groups.set(a.stakeholderGroup, [...(groups.get(a.stakeholderGroup) ?? []), a.userId]);
  }
  for (const [group, members] of groups) {
    const have = new Set(members.filter((id) => approvedBy.has(id))).size;
    const need = rule.approverPerStakeholderGroup - have;
    if (need > 0) {
      missing.push({
        condition: `quorum:group:${group}`,
        message: `Needs ${need} more approval${need === 1 ? '' : 's'} from the stakeholder group "${group}".`,
      });
    }
  }

  return { met: missing.length === 0, missing };
}
