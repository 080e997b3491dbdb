import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { acceptedEventTypes } from '../../workflows/engagement.machine';
import type { Unmet } from '../../workflows/gate-criteria';
import { Actor, mayActorSend } from '../../workflows/roadmap.definition';
import { EngagementAccess } from '../access/access.service';
import { GateApproval } from '../gates/gate-approval.entity';
import { GateFactsService } from '../gates/gate-facts.service';
import { Gate } from '../gates/gate.entity';
import { currentSnapshot, stateOf, workingStage } from './engagement-state';

export const actorOf = (access: EngagementAccess): Actor => ({
  globalRole: access.principal.role,
  isEngagementManager: access.isManager,
  memberRoles: access.memberRoles,
});

export interface NextEvents {
  /** Events the machine accepts now, that the caller's roles may send, whose conditions hold. */
  allowedEvents: string[];
  /** Events the machine accepts and the caller may send, but whose conditions do not hold yet: why. */
  blockedEvents: Record<string, Unmet[]>;
}

/**
 * What may happen next, for the calling user. The machine says which events it accepts where the
 * engagement is; roadmap.definition.ts says who may send them; the gate criteria and the four-eyes
 * rule say whether they would pass now.
 */
@Injectable()
export class NextEventsService {
  constructor(
    private readonly facts: GateFactsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async describe(access: EngagementAccess): Promise<NextEvents> {
    const { engagement, principal } = access;
    const actor = actorOf(access);
    const state = stateOf(engagement);
    const candidates = acceptedEventTypes(currentSnapshot(engagement)).filter((type) => mayActorSend(type, actor));
    const blockedEvents: Record<string, Unmet[]> = {};
    const stage = workingStage(state);
    if (candidates.includes('SUBMIT_FOR_REVIEW') && stage) {
      const unmet = await this.db.transaction((tx) => this.facts.unmet(tx, engagement.id, stage));
      if (unmet.length > 0) blockedEvents.SUBMIT_FOR_REVIEW = unmet;
    }
    if (candidates.includes('APPROVE')) {
      const gate = await this.db.getRepository(Gate).findOneBy({ engagementId: engagement.id, status: 'open' });
      const decided = gate ? await this.db.getRepository(GateApproval).existsBy({ gateId: gate.id, approverId: principal.id }) : false;
      const why: Unmet[] = [];
      if (gate?.submittedBy === principal.id) why.push({ condition: 'gate:four-eyes', message: 'You submitted this gate: another approver must decide it.' });
      if (decided) why.push({ condition: 'gate:already-decided', message: 'You have already decided on this gate.' });
      if (why.length > 0) blockedEvents.APPROVE = blockedEvents.REQUEST_CHANGES = why;
    }
    return { allowedEvents: candidates.filter((type) => !blockedEvents[type]), blockedEvents };
  }
}
