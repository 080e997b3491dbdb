import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { acceptedEventTypes, type Stage } from '../../workflows/engagement.machine';
import type { Unmet } from '../../workflows/gate-criteria';
import { approvalCompletesQuorum, seatOf } from '../../workflows/quorum';
import { EngagementAccess, whoOf } from '../access/access.service';
import { holds, PERMISSIONS } from '../access/permissions';
import { currentSnapshot, stateOf, workingStage } from '../engagements/engagement-state';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { Gate } from '../gates/gate.entity';
import { GatesService } from '../gates/gates.service';

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

  async describe(access: EngagementAccess): Promise<NextEvents> {
    const { engagement, principal } = access;
    const who = whoOf(access);
    const state = stateOf(engagement);
    const candidates = acceptedEventTypes(currentSnapshot(engagement)).filter((type) => holds(PERMISSIONS['roadmap.event'], who, { event: type }));
    const blockedEvents: Record<string, Unmet[]> = {};
    const stage = workingStage(state);
    if (candidates.includes('SUBMIT_FOR_REVIEW') && stage) {
      const unmet = await this.db.transaction(async (tx) => [
        ...(await this.criteria.unmet(tx, engagement.id, stage)),
        ...(await this.gates.seating(tx, engagement, stage, principal.id)).unfillable,
      ]);
      if (unmet.length > 0) blockedEvents.SUBMIT_FOR_REVIEW = unmet;
    }
    if (candidates.includes('APPROVE')) {
      const why = await this.db.transaction(async (tx): Promise<Unmet[]> => {
        const gate = await tx.getRepository(Gate).findOneBy({ engagementId: engagement.id, status: 'open' });
        if (!gate) return [];
        if (gate.submittedBy === principal.id) return [{ condition: 'gate:four-eyes', message: 'You submitted this gate: another approver must decide it.' }];
        const seat = seatOf(gate.seats, { userId: principal.id, isAdmin: principal.role === 'admin' });
        if (!seat) return [{ condition: 'gate:no-seat', message: 'You hold no seat at this gate: its seats were fixed when it was submitted.' }];
        const decisions = (await this.gates.decisions(tx, gate)).map((d) => ({ userId: d.approverId, decision: d.decision, seat: d.seat }));
        if (decisions.some((d) => d.userId === principal.id)) return [{ condition: 'gate:already-decided', message: 'You have already decided on this gate.' }];
        if (!approvalCompletesQuorum(gate.seats, decisions, { userId: principal.id, decision: 'approve', seat })) return [];
        // Your approval would complete the quorum: the gate's criteria are read again.
        return this.criteria.unmet(tx, engagement.id, gate.stage as Stage);
      });
      if (why.length > 0) {
        blockedEvents.APPROVE = why;
        if (why.some((u) => u.condition.startsWith('gate:'))) blockedEvents.REQUEST_CHANGES = why;
      }
    }
    return { allowedEvents: candidates.filter((type) => !blockedEvents[type]), blockedEvents };
  }
}
