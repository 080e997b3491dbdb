/**
 * The engagement page as data: stage progress, the checklist, the scorecard's tables, the gaps, the
 * open gate with its seats and what the reader may decide, the history. Pure TypeScript: the
 * template only prints what this gives it (no arithmetic, no rules in the template).
 */
import { STAGES } from '../../../workflows/engagement.machine';
import type { CatalogueKpi } from '../../kpis/catalogue/catalogue';
import type { Band, Scorecard } from '../../scoring/engine/types';

export interface PersonRef {
  id: string;
  name: string;
}

export type StageState = 'done' | 'current' | 'in_review' | 'upcoming' | 'paused';

export interface StageStep {
  stage: string;
  label: string;
  state: StageState;
  /** Words for the state, read out with the stage (never colour alone). */
  stateLabel: string;
  current: boolean;
}

const STAGE_WORDS: Record<StageState, string> = {
  done: 'done',
  current: 'in progress',
  in_review: 'in review',
  upcoming: 'not started',
  paused: 'paused here',
};

/** Where the engagement stands across the four stages. `pausedStage`: the stage an on-hold or cancelled engagement stopped in. */
export function stageProgress(stage: string, step: string | null, pausedStage: string | null): StageStep[] {
  const at = STAGES.findIndex((s) => s === (stage === 'onHold' || stage === 'cancelled' ? pausedStage : stage));
  return STAGES.map((s, i) => {
    const state: StageState =
      stage === 'completed' || (at >= 0 && i < at)
        ? 'done'
        : i === at
          ? stage === 'onHold' || stage === 'cancelled'
            ? 'paused'
            : step === 'inReview'
              ? 'in_review'
              : 'current'
          : 'upcoming';
    return { stage: s, label: s.charAt(0).toUpperCase() + s.slice(1), state, stateLabel: STAGE_WORDS[state], current: i === at };
  });
}

/** "Assessment, in review", "Completed", "On hold (Design)". */
export function whereInWords(stage: string, step: string | null, pausedStage: string | null): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  if (stage === 'onHold') return `On hold${pausedStage ? ` (${cap(pausedStage)})` : ''}`;
  if (stage === 'cancelled') return `Cancelled${pausedStage ? ` (in ${cap(pausedStage)})` : ''}`;
  if (stage === 'completed') return 'Completed';
  return `${cap(stage)}, ${step === 'inReview' ? 'in review' : 'in progress'}`;
}

export interface TaskInput {
  id: string;
  title: string;
  required: boolean;
  status: string;
  assigneeId: string | null;
  dueDate: string | null;
  note: string | null;
  overdue: boolean;
}

export function checklistRows(tasks: readonly TaskInput[], people: ReadonlyMap<string, string>) {
  return tasks.map((t) => ({
    ...t,
    assignee: t.assigneeId ? (people.get(t.assigneeId) ?? 'someone no longer a member') : null,
  }));
}

/** The scorecard's tables, with catalogue names and units for the KPI rows. */
export function scorecardTables(scorecard: Scorecard, kpis: readonly CatalogueKpi[]) {
  const byCode = new Map(kpis.map((k) => [k.code, k]));
  return {
    dimensions: scorecard.dimensions,
    subdimensions: scorecard.subdimensions,
    sdgs: scorecard.sdgs.map((s) => ({ ...s, label: `SDG ${s.name}` })),
    completeness: scorecard.completeness,
    kpis: scorecard.kpis.map((row) => {
      const kpi = byCode.get(row.code);
      const dp = row.dataPoint ? kpi?.dataPoints.find((d) => d.key === row.dataPoint) : undefined;
      return {
        ...row,
        officialCode: kpi?.officialCode ?? row.code,
        name: kpi?.name ?? row.code,
        dataPointLabel: dp?.label ?? null,
        unit: dp?.unit ?? kpi?.unit ?? '',
        dimension: kpi?.dimension ?? '',
      };
    }),
  };
}

export interface GapInput {
  code: string;
  dataPoint: string | null;
  band: Band;
  value: number | null;
  target: number | null;
  reason: string;
  type: string;
  actionIds: string[];
}

export function gapRows(gaps: readonly GapInput[], kpis: readonly CatalogueKpi[]) {
  const byCode = new Map(kpis.map((k) => [k.code, k]));
  return gaps.map((g) => ({
    ...g,
    name: byCode.get(g.code)?.name ?? g.code,
    officialCode: byCode.get(g.code)?.officialCode ?? g.code,
    dataPointLabel: g.dataPoint ? (byCode.get(g.code)?.dataPoints.find((d) => d.key === g.dataPoint)?.label ?? g.dataPoint) : null,
    actions: g.actionIds.length,
  }));
}

export interface SeatInput {
  seat: string;
  holders: string[];
  needs: number;
}
export interface ApprovalInput {
  approverId: string;
  decision: string;
  comment: string | null;
  seat: string;
  decidedAt: Date | string;
}

/** A seat in words: "Programme manager", "City council". */
export const seatLabel = (seat: string): string =>
  seat === 'programme-manager' ? 'Programme manager' : seat.startsWith('group:') ? humaniseGroup(seat.slice('group:'.length)) : seat === 'adviser' ? 'Adviser (no seat)' : seat;
const humaniseGroup = (group: string) => {
  const words = group.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The open gate: each seat with who may fill it and what was decided in it. */
export function openGateView(gate: { stage: string; round: number; submittedBy: string; submittedAt: Date | string; seats: SeatInput[]; approvals: ApprovalInput[]; quorum: { met: boolean; missing: { message: string }[] } }, people: ReadonlyMap<string, string>) {
  const name = (id: string) => people.get(id) ?? 'a former member';
  return {
    stage: gate.stage,
    round: gate.round,
    submittedBy: name(gate.submittedBy),
    submittedAt: gate.submittedAt,
    seats: gate.seats.map((s) => {
      const decisions = gate.approvals.filter((a) => a.seat === s.seat);
      return {
        label: seatLabel(s.seat),
        holders: s.holders.map(name).join(', ') || 'nobody',
        needs: s.needs,
        filled: decisions.filter((d) => d.decision === 'approve').length >= s.needs,
        decisions: decisions.map((d) => ({ ...d, who: name(d.approverId) })),
      };
    }),
    advisers: gate.approvals.filter((a) => a.seat === 'adviser').map((d) => ({ ...d, who: name(d.approverId) })),
    missing: gate.quorum.missing.map((m) => m.message),
  };
}

export interface DecisionForms {
  /** The reader may approve now. */
  approve: boolean;
  /** The reader may request changes now. */
  requestChanges: boolean;
  /** Why the reader may not decide (four-eyes, no seat, already decided, criteria), shown instead of the forms. */
  why: string[];
}

/** What the reader may decide, from the engagement detail's allowedEvents and blockedEvents (NextEventsService). */
export function decisionForms(allowed: readonly string[], blocked: Readonly<Record<string, readonly { message: string }[]>>): DecisionForms {
  const why = [...new Set([...(blocked.APPROVE ?? []), ...(blocked.REQUEST_CHANGES ?? [])].map((u) => u.message))];
  return { approve: allowed.includes('APPROVE'), requestChanges: allowed.includes('REQUEST_CHANGES'), why };
}

export interface HistoryInput {
  id: string;
  at: Date | string;
  actorId: string | null;
  type: string;
  from: string | null;
  to: string | null;
  version: number;
}

/** The history timeline, newest first, in words. */
export function timeline(entries: readonly HistoryInput[], people: ReadonlyMap<string, string>) {
  return entries.map((h) => ({
    ...h,
    actor: h.actorId ? (people.get(h.actorId) ?? 'a former member') : 'the system',
    what: h.type.replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase()),
    move: h.from && h.to && h.from !== h.to ? `${h.from} → ${h.to}` : null,
  }));
}
