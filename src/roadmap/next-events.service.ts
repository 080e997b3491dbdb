import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { acceptedEventTypes, type EngagementEventType, type Stage } from '../../workflows/engagement.machine';
import type { Unmet } from '../../workflows/gate-criteria';
import { gateDecisionOutlook, seatOf, type GateDecision } from '../../workflows/quorum';
import { EngagementAccess, whoOf } from '../access/access.service';
import { holds, PERMISSIONS } from '../access/permissions';
import { currentSnapshot, stateOf, workingStage } from '../engagements/engagement-state';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { Gate } from '../gates/gate.entity';
import { GateApproval } from '../gates/gate-approval.entity';
import { Engagement } from '../engagements/engagement.entity';
import type { Principal } from '../common/principal';
import { GatesService } from '../gates/gates.service';

const DECISIONS: readonly EngagementEventType[] = ['APPROVE', 'REQUEST_CHANGES'];

const decisionsOf = (rows: readonly GateApproval[]): GateDecision[] => rows.map((d) => ({ userId: d.approverId, decision: d.decision, seat: d.seat }));

export interface NextEvents {
  /** Events the machine accepts now, that the caller's roles may send, whose conditions hold. */
  allowedEvents: string[];
  /** Events the machine accepts and the caller may send, but whose conditions do not hold yet: why. */
  blockedEvents: Record<string, Unmet[]>;
}

/**
 * What may happen next, for the calling user. The machine says which events it accepts where the
 * engagement is; roadmap.definition.ts says who may send them; the gate criteria, the seats of the
 * open gate and the four-eyes rule say whether they would pass now.
 */
@Injectable()
export class NextEventsService {
  constructor(
    private readonly criteria: GateCriteriaService,
    private readonly gates: GatesService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * Of these engagements, those on which describe() would allow the caller APPROVE now, read for all
   * of them at once (the portfolio's "waiting for your decision"): the open gates and their decisions
   * in two queries; the gate criteria only where the caller's approval would complete the quorum.
   * `unknown`: engagements the machine has in review without an open gate, which only describe() settles.
   */
  async approvable(principal: Principal, engagementIds: readonly string[]): Promise<{ approvable: Set<string>; unknown: string[] }> {
    const engagements = engagementIds.length === 0 ? [] : await this.db.getRepository(Engagement).findBy({ id: In([...engagementIds]) });
    const inReview = engagements.filter((e) => acceptedEventTypes(currentSnapshot(e)).includes('APPROVE'));
    const approvable = new Set<string>();
    if (inReview.length === 0) return { approvable, unknown: [] };
    const gates = await this.db.getRepository(Gate).find({ where: { engagementId: In(inReview.map((e) => e.id)), status: 'open' } });
    const decisions = gates.length === 0 ? [] : await this.db.getRepository(GateApproval).find({ where: { gateId: In(gates.map((g) => g.id)) }, order: { decidedAt: 'ASC', id: 'ASC' } });
    const gateOf = new Map(gates.map((g) => [g.engagementId, g]));
    for (const engagement of inReview) {
      const gate = gateOf.get(engagement.id);
      if (!gate) continue;
      const made = decisionsOf(decisions.filter((d) => d.gateId === gate.id));
      const outlook = gateDecisionOutlook(gate.seats, gate.submittedBy, made, { userId: principal.id, isAdmin: principal.role === 'admin' });
      if (!outlook.may) continue;
      if (outlook.approvalCompletesQuorum && (await this.criteria.unmet(this.db.manager, engagement.id, gate.stage as Stage)).length > 0) continue;
      approvable.add(engagement.id);
    }
    return { approvable, unknown: inReview.filter((e) => !gateOf.has(e.id)).map((e) => e.id) };
  }

  async describe(access: EngagementAccess): Promise<NextEvents> {
    const { engagement, principal } = access;
    const who = whoOf(access);
    const state = stateOf(engagement);
    const accepted = acceptedEventTypes(currentSnapshot(engagement));
    // Decisions on a gate go by its seats (gates.decide); every other event by the workflow's senders.
    const candidates = accepted.filter((type) => !DECISIONS.includes(type) && holds(PERMISSIONS['roadmap.event'], who, { event: type }));
    const blockedEvents: Record<string, Unmet[]> = {};
    const stage = workingStage(state);
    if (candidates.includes('SUBMIT_FOR_REVIEW') && stage) {
      // Reads only: no transaction (see decisionOutlook).
      const db = this.db.manager;
      const unmet = [...(await this.criteria.unmet(db, engagement.id, stage)), ...(await this.gates.seating(db, engagement, stage, principal.id)).unfillable];
      if (unmet.length > 0) blockedEvents.SUBMIT_FOR_REVIEW = unmet;
    }
    if (accepted.includes('APPROVE')) {
      const decision = await this.decisionOutlook(access);
      if (decision.eligible) {
        candidates.push(...DECISIONS.filter((type) => accepted.includes(type)));
        if (decision.why.length > 0) {
          blockedEvents.APPROVE = decision.why;
          if (decision.why.some((u) => u.condition.startsWith('gate:'))) blockedEvents.REQUEST_CHANGES = decision.why;
        }
      }
    }
    return { allowedEvents: candidates.filter((type) => !blockedEvents[type]), blockedEvents };
  }

  /**
   * Whether the caller decides the open gate, and what would stop their decision now. Reads only, no
   * transaction: under READ COMMITTED it would give these reads no common snapshot anyway.
   */
  private async decisionOutlook(access: EngagementAccess): Promise<{ eligible: boolean; why: Unmet[] }> {
    const { engagement, principal } = access;
    const db = this.db.manager;
    const gate = await db.getRepository(Gate).findOneBy({ engagementId: engagement.id, status: 'open' });
    const decider = { userId: principal.id, isAdmin: principal.role === 'admin' };
    // Approvers without a seat at this gate are told why; other people do not decide gates at all.
    const eligible = (gate !== null && seatOf(gate.seats, decider) !== null) || holds(PERMISSIONS['roadmap.event'], whoOf(access), { event: 'APPROVE' });
    if (!gate || !eligible) return { eligible, why: [] };
    const outlook = gateDecisionOutlook(gate.seats, gate.submittedBy, decisionsOf(await this.gates.decisions(db, gate)), decider);
    if (!outlook.may) return { eligible, why: [outlook.why] };
    // Your approval would complete the quorum: the gate's criteria are read again.
    return { eligible, why: outlook.approvalCompletesQuorum ? await this.criteria.unmet(db, engagement.id, gate.stage as Stage) : [] };
  }
}
