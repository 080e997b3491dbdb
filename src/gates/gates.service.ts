import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { Stage } from '../../workflows/engagement.machine';
import type { Unmet } from '../../workflows/gate-criteria';
import { GateSeating, quorumStatus, QuorumStatus, seatsFor } from '../../workflows/quorum';
import { roadmapDefinition } from '../../workflows/roadmap.definition';
import type { EngagementAccess } from '../access/access.service';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { Engagement } from '../engagements/engagement.entity';
import { GateApproval } from './gate-approval.entity';
import { GateCriteriaService, type GateEvaluation } from './gate-criteria.service';
import { GateScoringService } from './gate-scoring.service';
import { Gate, GateStatus } from './gate.entity';
import { GateView } from './gates.dto';
import { Clock } from '../clock/clock';
import { gateDueAt } from '../deadlines/deadline-rules';

/** Gate records: opened, decided and shown. The decisions themselves go through RoadmapService. */
@Injectable()
export class GatesService {
  constructor(
    private readonly scoring: GateScoringService,
    private readonly criteria: GateCriteriaService,
    private readonly clock: Clock,
    @InjectRepository(Gate) private readonly gates: Repository<Gate>,
  ) {}

  openGate(tx: EntityManager, engagementId: string): Promise<Gate | null> {
    return tx.getRepository(Gate).findOneBy({ engagementId, status: 'open' });
  }

  /**
   * The seats a gate opening now would have (workflows/quorum.ts: seatsFor), from the engagement's
   * approvers as they are, and the seats nobody could fill (then the gate is not opened).
   */
  async seating(tx: EntityManager, engagement: Engagement, stage: Stage, submittedBy: string): Promise<{ seating: GateSeating; unfillable: Unmet[] }> {
    const approvers = await tx.getRepository(EngagementMember).find({ where: { engagementId: engagement.id, role: 'approver' }, order: { createdAt: 'ASC' } });
    return seatsFor(roadmapDefinition.gates[stage].quorum, {
      managerId: engagement.managerId,
      approvers: approvers.map((a) => ({ userId: a.userId, stakeholderGroup: a.stakeholderGroup })),
      submittedBy,
    });
  }

  /**
   * SUBMIT_FOR_REVIEW: a new gate record with its seats fixed, the quorum rule of the definition, the
   * scorecard frozen and what its criteria read (`criteria.atSubmission`: the evaluation the
   * submission passed, or a fresh one).
   */
  async open(tx: EntityManager, engagementId: string, stage: Stage, submittedBy: string, seating: GateSeating, evaluation?: GateEvaluation): Promise<Gate> {
    const repo = tx.getRepository(Gate);
    const round = (await repo.countBy({ engagementId, stage })) + 1;
    const rule = roadmapDefinition.gates[stage];
    const now = this.clock.now();
    return repo.save(
      repo.create({
        engagementId,
        stage,
        round,
        status: 'open',
        submittedBy,
        submittedAt: now,
        dueAt: gateDueAt(now, rule.reviewDays),
        quorumRule: { ...rule.quorum },
        seats: seating,
        criteria: {
          checked: [...rule.criteria],
          atSubmission: keptOf(evaluation ?? (await this.criteria.evaluate(tx, engagementId, stage))),
          atDecision: null,
        },
        scorecardAtSubmission: await this.scoring.freeze(tx, engagementId),
        scorecardAtDecision: null,
      }),
    );
  }

  /**
   * Closes the open gate (approved, changes requested, withdrawn), freezing the scorecard of the
   * decision and what its criteria read then (`criteria.atDecision`; none when withdrawn). A closed
   * gate is never written again.
   */
  async close(tx: EntityManager, gate: Gate, status: Exclude<GateStatus, 'open'>, evaluation?: GateEvaluation): Promise<void> {
    gate.status = status;
    gate.decidedAt = new Date();
    gate.scorecardAtDecision = status === 'withdrawn' ? null : await this.scoring.freeze(tx, gate.engagementId);
    if (status !== 'withdrawn') {
      gate.criteria = { ...gate.criteria, atDecision: keptOf(evaluation ?? (await this.criteria.evaluate(tx, gate.engagementId, gate.stage as Stage))) };
    }
    await tx.getRepository(Gate).save(gate);
  }

  /** The decisions on a gate, oldest first. */
  decisions(tx: EntityManager, gate: Gate): Promise<GateApproval[]> {
    return tx.getRepository(GateApproval).find({ where: { gateId: gate.id }, order: { decidedAt: 'ASC', id: 'ASC' } });
  }

  async list(access: EngagementAccess): Promise<GateView[]> {
    const gates = await this.gates.find({ where: { engagementId: access.engagement.id }, order: { submittedAt: 'ASC', round: 'ASC' } });
    return this.views(gates);
  }

  /**
   * The latest approved gate with a frozen decision scorecard of each engagement (latest decision;
   * on a tie, the earlier submitted, as list() orders them): one query for any number of engagements.
   */
  async latestApproved(engagementIds: readonly string[]): Promise<Map<string, Gate>> {
    if (engagementIds.length === 0) return new Map();
    const gates = await this.gates
      .createQueryBuilder('g')
      .distinctOn(['g.engagement_id'])
      .where('g.engagement_id IN (:...ids)', { ids: engagementIds })
      .andWhere("g.status = 'approved' AND g.decided_at IS NOT NULL AND g.scorecard_at_decision IS NOT NULL AND jsonb_typeof(g.scorecard_at_decision) <> 'null'")
      .orderBy('g.engagement_id')
      .addOrderBy('g.decided_at', 'DESC')
      .addOrderBy('g.submitted_at', 'ASC')
      .addOrderBy('g.round', 'ASC')
      .getMany();
    return new Map(gates.map((g) => [g.engagementId, g]));
  }

  async view(engagementId: string, gateId: string): Promise<GateView> {
    return (await this.views([await this.gates.findOneByOrFail({ id: gateId, engagementId })]))[0];
  }

  /** Gate records as shown: one query for the decisions of any number of gates. */
  private async views(gates: Gate[]): Promise<GateView[]> {
    if (gates.length === 0) return [];
    const approvals = await this.gates.manager
      .getRepository(GateApproval)
      .find({ where: { gateId: In(gates.map((g) => g.id)) }, order: { decidedAt: 'ASC', id: 'ASC' } });
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
        dueAt: gate.dueAt,
        overdue: gate.status === 'open' && gate.dueAt !== null && gate.dueAt.getTime() <= this.clock.now().getTime(),
        seats: gate.seats.seats,
        advisers: gate.seats.advisers,
        approvals: decisions.map((a) => ({
          approverId: a.approverId,
          decision: a.decision,
          comment: a.comment,
          seat: a.seat,
          asManager: a.asManager,
          stakeholderGroup: a.stakeholderGroup,
          decidedAt: a.decidedAt,
        })),
        quorum: { ...quorumOf(gate, decisions), rule: gate.quorumRule },
        criteria: gate.criteria,
        scorecard: gate.scorecardAtDecision ?? gate.scorecardAtSubmission,
        scorecardAtSubmission: gate.scorecardAtSubmission,
        scorecardAtDecision: gate.scorecardAtDecision,
      };
    });
  }
}

/** What a gate record keeps of one evaluation of its criteria. */
function keptOf(evaluation: GateEvaluation): Record<string, unknown> {
  return { evaluatedAt: evaluation.evaluatedAt, checked: evaluation.checked, unmet: evaluation.unmet, facts: evaluation.facts };
}

/** The gate's quorum: its seats, fixed when it opened, filled by its decisions. */
export function quorumOf(gate: Gate, decisions: GateApproval[]): QuorumStatus {
  return quorumStatus(
    gate.seats,
    decisions.map((d) => ({ userId: d.approverId, decision: d.decision, seat: d.seat })),
  );
}
