import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { Stage } from '../../workflows/engagement.machine';
import { quorumStatus, QuorumRule, QuorumStatus } from '../../workflows/quorum';
import { roadmapDefinition } from '../../workflows/roadmap.definition';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { Engagement } from '../engagements/engagement.entity';
import { GateApproval } from './gate-approval.entity';
import { GateFactsService } from './gate-facts.service';
import { GateScoringService } from './gate-scoring.service';
import { Gate, GateStatus } from './gate.entity';
import { GateView } from './gates.dto';

/** Gate records: opened, decided and shown. The decisions themselves go through RoadmapService. */
@Injectable()
export class GatesService {
  constructor(
    private readonly facts: GateFactsService,
    private readonly scoring: GateScoringService,
    @InjectRepository(Gate) private readonly gates: Repository<Gate>,
  ) {}

  openGate(tx: EntityManager, engagementId: string): Promise<Gate | null> {
    return tx.getRepository(Gate).findOneBy({ engagementId, status: 'open' });
  }

  /** SUBMIT_FOR_REVIEW: a new gate record, with the quorum rule of the definition and the scorecard frozen. */
  async open(tx: EntityManager, engagementId: string, stage: Stage, submittedBy: string): Promise<Gate> {
    const repo = tx.getRepository(Gate);
    const round = (await repo.countBy({ engagementId, stage })) + 1;
    const rule = roadmapDefinition.gates[stage];
    return repo.save(
      repo.create({
        engagementId,
        stage,
        round,
        status: 'open',
        submittedBy,
        submittedAt: new Date(),
        quorumRule: { ...rule.quorum },
        criteria: { checked: [...rule.criteria], notYetImplemented: this.facts.pending(stage) },
        scorecardAtSubmission: await this.scoring.freeze(tx, engagementId),
        scorecardAtDecision: null,
      }),
    );
  }

  /** Closes the open gate (approved, changes requested, withdrawn), freezing the scorecard of the decision. */
  async close(tx: EntityManager, gate: Gate, status: Exclude<GateStatus, 'open'>): Promise<void> {
    gate.status = status;
    gate.decidedAt = new Date();
    gate.scorecardAtDecision = status === 'withdrawn' ? null : await this.scoring.freeze(tx, gate.engagementId);
    await tx.getRepository(Gate).save(gate);
  }

  /** Whether the decisions so far satisfy the gate's quorum rule. */
  async quorum(tx: EntityManager, gate: Gate, engagement: Engagement): Promise<QuorumStatus> {
    const approvers = await tx.getRepository(EngagementMember).findBy({ engagementId: engagement.id, role: 'approver' });
    const decisions = await tx.getRepository(GateApproval).find({ where: { gateId: gate.id }, order: { decidedAt: 'ASC' } });
    return quorumOf(gate, engagement, approvers, decisions);
  }

  async list(engagement: Engagement): Promise<GateView[]> {
    const gates = await this.gates.find({ where: { engagementId: engagement.id }, order: { submittedAt: 'ASC', round: 'ASC' } });
    return this.views(engagement, gates);
  }

  async view(engagement: Engagement, gateId: string): Promise<GateView> {
    return (await this.views(engagement, [await this.gates.findOneByOrFail({ id: gateId })]))[0];
  }

  /** Gate records as shown: two queries for any number of gates. */
  private async views(engagement: Engagement, gates: Gate[]): Promise<GateView[]> {
    if (gates.length === 0) return [];
    const db = this.gates.manager;
    const approvers = await db.getRepository(EngagementMember).findBy({ engagementId: engagement.id, role: 'approver' });
    const approvals = await db.getRepository(GateApproval).find({ where: { gateId: In(gates.map((g) => g.id)) }, order: { decidedAt: 'ASC' } });
    return gates.map((gate) => {
      const decisions = approvals.filter((a) => a.gateId === gate.id);
      return {
        id: gate.id,
        stage: gate.stage,
        round: gate.round,
        status: gate.status,
        decision: gate.status === 'open' ? null : gate.status,
        submittedBy: gate.submittedBy,
        submittedAt: gate.submittedAt,
        decidedAt: gate.decidedAt,
        approvals: decisions.map((a) => ({
          approverId: a.approverId,
          decision: a.decision,
          comment: a.comment,
          asManager: a.asManager,
          stakeholderGroup: a.stakeholderGroup,
          decidedAt: a.decidedAt,
        })),
        quorum: { ...quorumOf(gate, engagement, approvers, decisions), rule: gate.quorumRule },
        criteria: gate.criteria,
        scorecard: gate.scorecardAtDecision ?? gate.scorecardAtSubmission,
        scorecardAtSubmission: gate.scorecardAtSubmission,
        scorecardAtDecision: gate.scorecardAtDecision,
      };
    });
  }
}

/** The gate's quorum rule (workflows/quorum.ts) applied to the engagement's approvers and the gate's decisions. */
function quorumOf(gate: Gate, engagement: Engagement, approvers: EngagementMember[], decisions: GateApproval[]): QuorumStatus {
  return quorumStatus(gate.quorumRule as unknown as QuorumRule, {
    managerId: engagement.managerId,
    approvers: approvers.map((a) => ({ userId: a.userId, stakeholderGroup: a.stakeholderGroup })),
    decisions: decisions.map((d) => ({ userId: d.approverId, decision: d.decision, asManager: d.asManager })),
    submittedBy: gate.submittedBy,
  });
}
