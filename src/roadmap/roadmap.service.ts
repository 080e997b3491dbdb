import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { Unmet } from '../../workflows/gate-criteria';
import { applyEvent, EngagementEvent, MACHINE_VERSION, STAGES, Stage } from '../../workflows/engagement.machine';
import { MANAGER_SEAT, seatOf, type GateSeating } from '../../workflows/quorum';
import { AccessService, EngagementAccess } from '../access/access.service';
import { Principal } from '../common/principal';
import { createStageTasks } from '../checklists/stage-tasks';
import { ApiError, badRequest, conflict } from '../common/api-error';
import { City } from '../cities/city.entity';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { User } from '../users/user.entity';
import { EngagementChange, EngagementWriter, HistoryNote } from '../engagements/engagement-writer';
import { Engagement, EngagementBaseline } from '../engagements/engagement.entity';
import { itemDataPoint, KpiValue } from '../kpis/values/kpi-value.entity';
import { openEngagement } from './open-engagement';
import { offeredActions } from './carry-over';
import { cycleBaseline } from '../../workflows/next-cycle';
import { HistoryEntry } from '../engagements/history-entry.entity';
import { KpiTargetOverride } from '../kpis/targets/target-override.entity';
import { KpiMeasurement } from '../monitoring/measurement.entity';
import { GateApproval } from '../gates/gate-approval.entity';
import { GateCriteriaService, type GateEvaluation } from '../gates/gate-criteria.service';
import { GatesService, quorumOf } from '../gates/gates.service';
import { GateDecisionDto } from '../gates/gates.dto';
import { currentSnapshot, stateLabel, stateOf, workingStage } from '../engagements/engagement-state';
import { EngagementEventDto } from './roadmap.dto';
import type { Gate } from '../gates/gate.entity';
import type { OutboxMessage } from '../outbox/outbox-message';

/**
 * The next cycle's baseline from the completed engagement (workflows/next-cycle.ts): per KPI item the
 * last verified measurement, else the verified value; unverified ones flagged, never taken silently.
 */
async function baselineFrom(tx: EntityManager, engagementId: string): Promise<EngagementBaseline> {
  const values = await tx.getRepository(KpiValue).find({
    where: { engagementId, status: In(['submitted', 'verified']) },
    order: { code: 'ASC', dataPoint: 'ASC' },
  });
  const measurements = await tx.getRepository(KpiMeasurement).find({ where: { engagementId }, order: { date: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  return {
    fromEngagementId: engagementId,
    takenAt: new Date().toISOString(),
    values: cycleBaseline(
      values
        .filter((r) => r.value !== null)
        .map((r) => ({ code: r.code, dataPoint: itemDataPoint(r.dataPoint), value: r.value as number, year: r.year, status: r.status as 'submitted' | 'verified' })),
      measurements.map((m) => ({ id: m.id, code: m.code, dataPoint: itemDataPoint(m.dataPoint), value: m.value, date: m.date, status: m.status })),
    ),
  };
}

/**
 * The previous cycle's target overrides, copied to the new engagement with a KPI_TARGET_SET history
 * row each naming the engagement it came from (at the new engagement's version 1).
 */
async function carryTargets(tx: EntityManager, overrides: KpiTargetOverride[], created: Engagement, fromEngagementId: string, actorId: string): Promise<void> {
  if (overrides.length === 0) return;
  const now = new Date();
  await tx.getRepository(KpiTargetOverride).insert(
    overrides.map((o) => ({ engagementId: created.id, code: o.code, dataPoint: o.dataPoint, target: o.target, start: o.start, justification: o.justification, setBy: o.setBy, setAt: now })),
  );
  const state = `${created.stage}.${created.step}`;
  const history = tx.getRepository(HistoryEntry);
  await history.save(
    overrides.map((o) => history.create({
      engagementId: created.id,
      actorId,
      type: 'KPI_TARGET_SET',
      from: state,
      to: state,
      version: created.version,
      payload: {
        code: o.code,
        dataPoint: itemDataPoint(o.dataPoint),
        previous: null,
        target: o.target,
        start: o.start,
        justification: o.justification,
        carriedOverFrom: fromEngagementId,
        setBy: o.setBy,
        setAt: o.setAt,
      },
    })),
  );
}

export const refused = (message: string, unmet: { condition: string; message: string }[]) =>
  conflict('TRANSITION_REFUSED', message, { unmet });

/**
 * The roadmap engine on the server: load the snapshot, compute the next one with the machine's
 * pure transition, write it — gate records, new checklists and a history row in the same
 * transaction, under the engagement's optimistic lock (EngagementWriter).
 */
@Injectable()
export class RoadmapService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly criteria: GateCriteriaService,
    private readonly gates: GatesService,
  ) {}

  /**
   * POST …/events: SUBMIT_FOR_REVIEW, PUT_ON_HOLD, RESUME, CANCEL, REOPEN. APPROVE and
   * REQUEST_CHANGES sent here go to decide() for those the workflow lets send them; a seat holder
   * whose membership changed during review decides through POST …/approvals.
   */
  async sendEvent(access: EngagementAccess, dto: EngagementEventDto, expectedVersion: number): Promise<Engagement> {
    const type = dto.type;
    this.access.require(access, 'roadmap.event', { event: type });
    if (type === 'APPROVE' || type === 'REQUEST_CHANGES') {
      const decision = type === 'APPROVE' ? 'approve' : 'request_changes';
      return (await this.decide(access, { decision, comment: dto.comment ?? dto.reason }, expectedVersion)).engagement;
    }
    const caller = access.principal;
    const { engagement } = await this.writer.change(access.engagement.id, caller.id, expectedVersion, async (tx, engagement) => {
      const before = stateOf(engagement);
      const stage = workingStage(before);
      let event: EngagementEvent;
      let seating: GateSeating | undefined;
      let evaluation: GateEvaluation | undefined;
      if (type === 'SUBMIT_FOR_REVIEW') {
        const unmet: Unmet[] = [];
        if (stage && before.step === 'inProgress') {
          const seats = await this.gates.seating(tx, engagement, stage, caller.id);
          seating = seats.seating;
          evaluation = await this.criteria.evaluate(tx, engagement.id, stage);
          unmet.push(...evaluation.unmet, ...seats.unfillable);
        }
        event = { type, unmet };
      } else if (type === 'REOPEN') {
        event = { type, reason: dto.reason ?? '' };
      } else {
        event = { type };
      }
      return this.transition(tx, engagement, caller, event, { reason: dto.reason ?? null }, seating, evaluation);
    });
    return engagement;
  }

  /**
   * POST …/approvals: one decision per approver per gate. The approval that completes the quorum
   * advances the stage; one request for changes sends the stage back and closes the gate.
   */
  async decide(access: EngagementAccess, dto: GateDecisionDto, expectedVersion: number | undefined): Promise<{ engagement: Engagement; gateId: string }> {
    if (dto.decision === 'request_changes' && !dto.comment?.trim()) {
      throw badRequest('A request for changes needs a comment saying what must change', [
        { field: 'comment', message: 'comment is required when requesting changes' },
      ]);
    }
    const caller = access.principal;
    let gateId = '';
    const { engagement } = await this.writer.change(access.engagement.id, caller.id, expectedVersion, async (tx, engagement) => {
      const state = stateOf(engagement);
      const gate = await this.gates.openGate(tx, engagement.id);
      if (!gate || state.step !== 'inReview') {
        throw refused('No gate is open for a decision', [
          { condition: 'gate:not-in-review', message: `The engagement is ${stateLabel(state)}: there is no stage in review to decide on.` },
        ]);
      }
      gateId = gate.id;
      if (gate.submittedBy === caller.id) {
        throw new ApiError(HttpStatus.FORBIDDEN, 'FOUR_EYES', 'Whoever submitted a gate may not decide it: another approver must');
      }
      // gates.decide: whoever holds a seat at the open gate, or advises it (src/access/permissions.ts).
      const seat = seatOf(gate.seats, { userId: caller.id, isAdmin: caller.role === 'admin' });
      if (!seat) {
        throw new ApiError(
          HttpStatus.FORBIDDEN,
          'NO_SEAT',
          `You hold no seat at this ${gate.stage} gate: its seats were fixed when it was submitted, and a membership given since counts from the next submission`,
        );
      }
      const approvals = tx.getRepository(GateApproval);
      if (await approvals.existsBy({ gateId: gate.id, approverId: caller.id })) {
        throw conflict('ALREADY_DECIDED', 'You have already decided on this gate');
      }
      const asManager = seat === MANAGER_SEAT;
      await approvals.insert({
        gateId: gate.id,
        approverId: caller.id,
        decision: dto.decision,
        comment: dto.comment?.trim() ?? null,
        seat,
        asManager,
        stakeholderGroup: seat.startsWith('group:') ? seat.slice('group:'.length) : null,
      });
      const payload = { gateId: gate.id, stage: gate.stage, round: gate.round, decision: dto.decision, comment: dto.comment ?? null, seat, asManager };
      if (dto.decision === 'request_changes') {
        return this.transition(tx, engagement, caller, { type: 'REQUEST_CHANGES' }, payload);
      }
      const quorum = quorumOf(gate, await this.gates.decisions(tx, gate));
      if (!quorum.met) {
        const label = stateLabel(state);
        return { result: undefined, history: [{ type: 'APPROVAL_RECORDED', from: label, to: label, payload: { ...payload, missing: quorum.missing } }] };
      }
      // The approval that completes the quorum: the gate's criteria must still hold.
      const evaluation = await this.criteria.evaluate(tx, engagement.id, gate.stage as Stage);
      return this.transition(tx, engagement, caller, { type: 'APPROVE', quorum, unmet: evaluation.unmet }, payload, undefined, evaluation);
    });
    return { engagement, gateId };
  }

  /** POST …/next-cycle: a completed engagement opens the next cycle for the same city. */
  async nextCycle(access: EngagementAccess, title: string | undefined): Promise<Engagement> {
    this.access.require(access, 'next-cycle.open');
    const caller = access.principal;
    let created!: Engagement;
    await this.writer.change(access.engagement.id, caller.id, undefined, async (tx, previous) => {
      if (stateOf(previous).stage !== 'completed') {
        throw refused('Only a completed engagement opens the next cycle', [
          { condition: 'state:not-completed', message: `The engagement is ${stateLabel(stateOf(previous))}; complete the implementation gate first.` },
        ]);
      }
      if (await tx.getRepository(Engagement).existsBy({ previousEngagementId: previous.id })) {
        throw conflict('NEXT_CYCLE_EXISTS', 'The next cycle of this engagement is already open');
      }
      const city = await tx.getRepository(City).findOneByOrFail({ id: previous.cityId });
      const cycle = previous.cycle + 1;
      const fields = {
        cityId: previous.cityId,
        title: title?.trim() ?? `${city.name} — U4SSC roadmap, cycle ${cycle}`,
        managerId: previous.managerId,
        cycle,
        previousEngagementId: previous.id,
        createdBy: caller.id,
      };
      const members = await tx.getRepository(EngagementMember).findBy({ engagementId: previous.id });
      const baseline = await baselineFrom(tx, previous.id);
      const overrides = await tx.getRepository(KpiTargetOverride).find({ where: { engagementId: previous.id }, order: { code: 'ASC', dataPoint: 'ASC' } });
      const offered = (await offeredActions(tx, { id: previous.id, previousEngagementId: previous.id })).actions.map((a) => a.id);
      created = await openEngagement(tx, { ...fields, baseline }, {
        previousEngagementId: previous.id,
        membersCarriedOver: members.length,
        baselineValues: baseline.values.length,
        baselineUnverified: baseline.values.filter((v) => v.verified === false).length,
        targetsCarriedOver: overrides.map((o) => ({ code: o.code, dataPoint: itemDataPoint(o.dataPoint) })),
        actionsOffered: offered,
      });
      if (members.length > 0) {
        await tx.getRepository(EngagementMember).insert(
          members.map((m) => ({ engagementId: created.id, userId: m.userId, role: m.role, stakeholderGroup: m.stakeholderGroup })),
        );
      }
      await carryTargets(tx, overrides, created, previous.id, caller.id);
      return { result: undefined, history: [{ type: 'NEXT_CYCLE_OPENED', payload: { engagementId: created.id, cycle, actionsOffered: offered.length } }] };
    });
    return created;
  }

  /**
   * Applies one machine event inside the writer's transaction and carries out its effects: gate
   * records, the checklist of a stage entered for the first time, the history row. A refused event
   * throws 409 TRANSITION_REFUSED with the unmet conditions, so nothing is written.
   */
  private async transition(
    tx: EntityManager,
    engagement: Engagement,
    caller: Principal,
    event: EngagementEvent,
    payload: Record<string, unknown>,
    seating?: GateSeating,
    /** The gate criteria as this event evaluated them: kept on the gate it opens or approves. */
    evaluation?: GateEvaluation,
  ): Promise<EngagementChange<undefined>> {
    const before = stateOf(engagement);
    const outcome = applyEvent(currentSnapshot(engagement), event);
    if (!outcome.changed) {
      const [first, ...others] = outcome.unmet;
      const more = others.length > 0 ? ` (and ${others.length} more condition${others.length === 1 ? '' : 's'}: see unmet)` : '';
      throw refused(`${event.type} refused: ${first?.message ?? 'not possible now'}${more}`, outcome.unmet);
    }
    // Closing effects need the open gate; read it only then.
    const openGate = outcome.effects.some((e) => e !== 'openGate') ? await this.gates.openGate(tx, engagement.id) : null;
    const extra: Record<string, unknown> = {};
    let opened: Gate | undefined;
    for (const effect of outcome.effects) {
      if (effect === 'openGate' && seating) {
        opened = await this.gates.open(tx, engagement.id, workingStage(before) as Stage, caller.id, seating, evaluation);
        extra.gateId = opened.id;
      } else if (openGate && effect === 'approveGate') {
        await this.gates.close(tx, openGate, 'approved', evaluation);
      } else if (openGate && effect === 'sendGateBack') {
        await this.gates.close(tx, openGate, 'changes_requested');
      } else if (openGate && effect === 'withdrawGate') {
        await this.gates.close(tx, openGate, 'withdrawn');
        extra.gateWithdrawn = openGate.id;
      }
    }
    const entered = STAGES.find((s) => s === outcome.stage);
    if (entered && entered !== workingStage(before)) {
      extra.tasksCreated = await createStageTasks(tx, engagement.id, entered);
    }
    const from = stateLabel(before);
    const to = stateLabel(outcome);
    const history: HistoryNote[] = [{ type: event.type, from, to, payload: { ...payload, ...extra } }];
    const outbox: OutboxMessage[] = [
      { type: 'engagement.transitioned', data: { event: event.type, from, to }, message: `${engagement.title}: ${event.type} (${from} → ${to})` },
    ];
    if (opened) {
      // A seat delegated to the administrators (the manager submitted): every active administrator may fill it, so each is told.
      const delegated = opened.seats.seats.some((s) => s.delegatedTo === 'admin');
      const admins = delegated ? (await tx.getRepository(User).findBy({ role: 'admin', active: true })).map((u) => u.id) : [];
      outbox.push({
        type: 'gate.opened',
        data: { gateId: opened.id, stage: opened.stage, round: opened.round, dueAt: opened.dueAt?.toISOString() ?? null },
        message: `${engagement.title}: the ${opened.stage} stage is submitted for review and waits for your decision` +
          (opened.dueAt ? ` (review period ends ${opened.dueAt.toISOString().slice(0, 10)})` : ''),
        // The people whose decision the gate waits for: its seat holders, fixed now.
        notify: [...opened.seats.seats.flatMap((s) => s.holders), ...admins],
      });
    }
    if (openGate && (outcome.effects.includes('approveGate') || outcome.effects.includes('sendGateBack'))) {
      const decision = outcome.effects.includes('approveGate') ? 'approved' : 'changes_requested';
      const coordinators = await tx.getRepository(EngagementMember).findBy({ engagementId: engagement.id, role: 'city_coordinator' });
      outbox.push({
        type: 'gate.decided',
        data: { gateId: openGate.id, stage: openGate.stage, round: openGate.round, decision },
        message: `${engagement.title}: the ${openGate.stage} gate is ${decision === 'approved' ? 'approved' : 'sent back: changes requested'}`,
        notify: [engagement.managerId, ...coordinators.map((c) => c.userId), openGate.submittedBy],
      });
    }
    return {
      result: undefined,
      history,
      outbox,
      patch: {
        snapshot: outcome.snapshot as unknown as Record<string, unknown>,
        stage: outcome.stage,
        step: outcome.step,
        machineVersion: MACHINE_VERSION,
      },
    };
  }
}
