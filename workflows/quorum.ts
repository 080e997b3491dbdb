/**
 * Quorum of a review gate: who must approve before the engagement may leave the stage.
 *
 * The seats are fixed when the gate opens (`seatsFor`) and stored on the gate record: a membership
 * change during review changes no seat, and a closed gate's quorum reads the same forever. One
 * person holds at most one seat. Pure: the server gathers the people and the decisions.
 */
import type { Unmet } from './unmet';

export interface QuorumRule {
  /** The engagement's programme manager must approve. */
  programmeManager: boolean;
  /** How many approvers of each stakeholder group assigned to the engagement must approve. */
  approverPerStakeholderGroup: number;
}

export const DEFAULT_QUORUM: QuorumRule = { programmeManager: true, approverPerStakeholderGroup: 1 };

export const MANAGER_SEAT = 'programme-manager';
export const groupSeat = (group: string) => `group:${group}`;

export interface GateApprover {
  userId: string;
  /** City council, U4SSC, a funding partner, …; null: an approver outside any group. */
  stakeholderGroup: string | null;
}

/** One seat of a gate: who may fill it, and how many approvals it needs. */
export interface GateSeat {
  /** `programme-manager`, or `group:<stakeholder group>`. */
  seat: string;
  /** The people who may fill it (user ids), fixed when the gate opened. */
  holders: string[];
  /**
   * Set on the programme manager's seat when the manager submitted the gate (four-eyes): then an
   * administrator approves in that seat.
   */
  delegatedTo?: 'admin';
  /** Approvals needed from distinct holders. */
  needs: number;
}

export interface GateSeating {
  seats: GateSeat[];
  /** Approvers outside any stakeholder group: they may decide, but fill no seat. */
  advisers: string[];
}

export interface SeatingFacts {
  managerId: string;
  /** The engagement's approver members when the gate opens. */
  approvers: readonly GateApprover[];
  /** Who submitted the gate: they hold no seat (four-eyes). */
  submittedBy: string;
}

/**
 * The seats of a gate opening now. The programme manager holds the manager's seat and no other;
 * every other approver holds the seat of their stakeholder group; the submitter holds none. Also
 * says which seats nobody could fill, so that a gate that could never pass is not opened.
 */
export function seatsFor(rule: QuorumRule, facts: SeatingFacts): { seating: GateSeating; unfillable: Unmet[] } {
  const seats: GateSeat[] = [];
  const unfillable: Unmet[] = [];
  if (rule.programmeManager) {
    const managerSubmitted = facts.submittedBy === facts.managerId;
    seats.push(
      managerSubmitted
        ? { seat: MANAGER_SEAT, holders: [], delegatedTo: 'admin', needs: 1 }
        : { seat: MANAGER_SEAT, holders: [facts.managerId], needs: 1 },
    );
  }
  const seated = new Set<string>([facts.managerId, facts.submittedBy]);
  const groups = new Map<string, string[]>();
  const advisers: string[] = [];
  for (const a of facts.approvers) {
    if (a.stakeholderGroup === null) {
      if (!seated.has(a.userId) && !advisers.includes(a.userId)) advisers.push(a.userId);
      continue;
    }
    const holders = groups.get(a.stakeholderGroup) ?? [];
    groups.set(a.stakeholderGroup, holders);
    if (seated.has(a.userId)) continue;
    seated.add(a.userId);
    holders.push(a.userId);
  }
  for (const [group, holders] of groups) {
    const needs = rule.approverPerStakeholderGroup;
    if (needs <= 0) continue;
    seats.push({ seat: groupSeat(group), holders, needs });
    if (holders.length < needs) {
      unfillable.push({
        condition: `quorum:group:${group}:no-eligible-approver`,
        message:
          `The stakeholder group "${group}" needs ${needs} approver${needs === 1 ? '' : 's'} other than the programme manager ` +
          `and the submitter, and has ${holders.length}: add an approver to the group, or submit as someone else.`,
      });
    }
  }
  return { seating: { seats, advisers }, unfillable };
}

/** Who is deciding, as far as seats are concerned. */
export interface Decider {
  userId: string;
  isAdmin: boolean;
}

/**
 * The seat this person fills at this gate, `adviser` if they may decide without a seat, or null.
 * A seat holder keeps their seat whatever happens to their membership during review. An
 * administrator fills the manager's seat only when it was delegated (the manager submitted), and
 * otherwise advises: their approval fills no seat, and their request for changes can unblock a gate
 * whose seat nobody can fill any more (its holder left the engagement or was deactivated).
 */
export function seatOf(seating: GateSeating, decider: Decider): string | 'adviser' | null {
  for (const seat of seating.seats) {
    if (seat.holders.includes(decider.userId)) return seat.seat;
  }
  const delegated = seating.seats.find((s) => s.delegatedTo === 'admin');
  if (delegated && decider.isAdmin) return delegated.seat;
  return seating.advisers.includes(decider.userId) || decider.isAdmin ? 'adviser' : null;
}

export interface GateDecision {
  userId: string;
  decision: 'approve' | 'request_changes';
  /** The seat the decision was made in (`adviser`: none). */
  seat: string;
}

export interface QuorumStatus {
  met: boolean;
  missing: Unmet[];
}

export function quorumStatus(seating: GateSeating, decisions: readonly GateDecision[]): QuorumStatus {
  const latest = new Map<string, GateDecision>();
  for (const d of decisions) latest.set(d.userId, d);
  const approvals = [...latest.values()].filter((d) => d.decision === 'approve');
  const missing: Unmet[] = [];
  for (const seat of seating.seats) {
    const have = approvals.filter((d) => d.seat === seat.seat).length;
    const need = seat.needs - have;
    if (need <= 0) continue;
    if (seat.seat === MANAGER_SEAT) {
      missing.push({
        condition: 'quorum:programme-manager',
        message: seat.delegatedTo
          ? "The programme manager submitted this gate, so their approval does not count; an administrator must approve in the programme manager's seat."
          : 'The programme manager has not approved yet.',
      });
    } else {
      const group = seat.seat.slice('group:'.length);
      missing.push({
        condition: `quorum:group:${group}`,
        message: `Needs ${need} more approval${need === 1 ? '' : 's'} from the stakeholder group "${group}".`,
      });
    }
  }
  return { met: missing.length === 0, missing };
}

/** Would the quorum be met if this person approved now in this seat? */
export function approvalCompletesQuorum(seating: GateSeating, decisions: readonly GateDecision[], next: GateDecision): boolean {
  return quorumStatus(seating, [...decisions, next]).met;
}

/** What this person's decision on an open gate would be now, before its criteria are read. */
export type GateDecisionOutlook =
  /** They may not decide it, and why. */
  | { may: false; why: Unmet }
  /** They may, in this seat; when their approval would complete the quorum, the gate's criteria must hold again. */
  | { may: true; seat: string; approvalCompletesQuorum: boolean };

/** Four-eyes first (the submitter never decides), then the seat (fixed at submission), then one decision per person. */
export function gateDecisionOutlook(seating: GateSeating, submittedBy: string | null, decisions: readonly GateDecision[], decider: Decider): GateDecisionOutlook {
  if (submittedBy === decider.userId) return { may: false, why: { condition: 'gate:four-eyes', message: 'You submitted this gate: another approver must decide it.' } };
  const seat = seatOf(seating, decider);
  if (!seat) return { may: false, why: { condition: 'gate:no-seat', message: 'You hold no seat at this gate: its seats were fixed when it was submitted.' } };
  if (decisions.some((d) => d.userId === decider.userId)) return { may: false, why: { condition: 'gate:already-decided', message: 'You have already decided on this gate.' } };
  return { may: true, seat, approvalCompletesQuorum: approvalCompletesQuorum(seating, decisions, { userId: decider.userId, decision: 'approve', seat }) };
}
