/**
 * The engagement state machine: one city, one cycle, four stages each ending at a review gate.
 *
 * The server never runs a long-lived actor. It loads the persisted snapshot, calls
 * `applyEvent`, stores the result (with `MACHINE_VERSION`) and is done. Guards are pure and
 * read only facts carried by the event: the server computes the facts (unmet gate criteria,
 * quorum status, the reopening reason) before sending it.
 */
import {
  getNextTransitions,
  initialTransition,
  setup,
  transition,
  type HistoryValue,
  type MachineContext,
  type SnapshotFrom,
  type StateValue,
} from 'xstate';
import type { Unmet } from './unmet';
import type { QuorumStatus } from './quorum';

/** Version of this definition; stored with every snapshot (see snapshot-migrations.ts). */
export const MACHINE_VERSION = 2;

export const STAGES = ['assessment', 'design', 'financing', 'implementation'] as const;
export type Stage = (typeof STAGES)[number];
/** Where an engagement can be: a roadmap stage, or completed, on hold, cancelled. */
export const ENGAGEMENT_STAGES = [...STAGES, 'completed', 'onHold', 'cancelled'] as const;
export type Step = 'inProgress' | 'inReview';

export type EngagementEvent =
  | { type: 'SUBMIT_FOR_REVIEW'; unmet: Unmet[] }
  /** `unmet`: the gate criteria, evaluated again at the approval that completes the quorum. */
  | { type: 'APPROVE'; quorum: QuorumStatus; unmet: Unmet[] }
  | { type: 'REQUEST_CHANGES' }
  | { type: 'PUT_ON_HOLD' }
  | { type: 'RESUME' }
  | { type: 'CANCEL' }
  | { type: 'REOPEN'; reason: string };
export type EngagementEventType = EngagementEvent['type'];

export const EVENT_TYPES: readonly EngagementEventType[] = [
  'SUBMIT_FOR_REVIEW',
  'APPROVE',
  'REQUEST_CHANGES',
  'PUT_ON_HOLD',
  'RESUME',
  'CANCEL',
  'REOPEN',
];

/**
 * Effects the server carries out after a transition (gate records, notifications), named as
 * machine actions so they come back from `transition()`; they do nothing inside the machine.
 */
export const EFFECTS = ['openGate', 'approveGate', 'sendGateBack', 'withdrawGate'] as const;
export type EngagementEffect = (typeof EFFECTS)[number];
const effect = (): void => undefined;

function stage(next: string) {
  return {
    initial: 'inProgress',
    states: {
      inProgress: {
        on: { SUBMIT_FOR_REVIEW: { target: 'inReview', guard: 'gateCriteriaMet', actions: 'openGate' } },
      },
      inReview: {
        on: {
          APPROVE: { target: next, guard: 'quorumMet', actions: 'approveGate' },
          REQUEST_CHANGES: { target: 'inProgress', actions: 'sendGateBack' },
        },
      },
    },
  } as const;
}

export const engagementMachine = setup({
  types: { events: {} as EngagementEvent },
  guards: {
    gateCriteriaMet: ({ event }) => event.type === 'SUBMIT_FOR_REVIEW' && event.unmet.length === 0,
    quorumMet: ({ event }) => event.type === 'APPROVE' && event.quorum.met && event.unmet.length === 0,
    reasonGiven: ({ event }) =>
      event.type === 'REOPEN' && typeof event.reason === 'string' && event.reason.trim() !== '',
  },
  actions: { openGate: effect, approveGate: effect, sendGateBack: effect, withdrawGate: effect },
}).createMachine({
  id: 'engagement',
  initial: 'active',
  states: {
    active: {
      initial: 'assessment',
      on: { PUT_ON_HOLD: '#engagement.onHold', CANCEL: '#engagement.cancelled' },
      states: {
        assessment: stage('#engagement.active.design.inProgress'),
        design: stage('#engagement.active.financing.inProgress'),
        financing: stage('#engagement.active.implementation.inProgress'),
        implementation: stage('#engagement.completed'),
        /** Where RESUME returns: the exact stage and step. */
        resumePoint: { type: 'history', history: 'deep' },
        /** Where REOPEN returns: the stage, at its initial step (inProgress). */
        reopenPoint: { type: 'history', history: 'shallow' },
      },
    },
    onHold: { on: { RESUME: 'active.resumePoint', CANCEL: 'cancelled' } },
    cancelled: {
      entry: 'withdrawGate',
      on: { REOPEN: { target: 'active.reopenPoint', guard: 'reasonGiven' } },
    },
    completed: { type: 'final' },
  },
});

/** Ids of the history states, as they appear in `historyValue`. */
export const RESUME_POINT = 'engagement.active.resumePoint';
export const REOPEN_POINT = 'engagement.active.reopenPoint';

type EngagementSnapshot = SnapshotFrom<typeof engagementMachine>;

/** The JSON form stored in the database (what `getPersistedSnapshot` returns). */
export interface PersistedEngagementSnapshot {
  status: 'active' | 'done' | 'error' | 'stopped';
  value: StateValue;
  /** History state id → the state node ids it remembers. */
  historyValue: Record<string, { id: string }[]>;
  context: Record<string, unknown>;
  children: Record<string, unknown>;
  output?: unknown;
  error?: unknown;
}

function persist(snapshot: EngagementSnapshot): PersistedEngagementSnapshot {
  // A JSON round trip drops the `undefined` fields and proves the result is storable.
  return JSON.parse(JSON.stringify(engagementMachine.getPersistedSnapshot(snapshot))) as PersistedEngagementSnapshot;
}

/** Persisted JSON → a live snapshot of this definition. Throws on a value the machine does not know. */
export function restore(persisted: PersistedEngagementSnapshot): EngagementSnapshot {
  const historyValue: HistoryValue<MachineContext, EngagementEvent> = {};
  for (const [historyId, nodes] of Object.entries(persisted.historyValue ?? {})) {
    historyValue[historyId] = nodes.map((n) => engagementMachine.getStateNodeById(n.id));
  }
  return engagementMachine.resolveState({ value: persisted.value, historyValue, status: persisted.status });
}

export function initialEngagementSnapshot(): PersistedEngagementSnapshot {
  const [snapshot] = initialTransition(engagementMachine);
  return persist(snapshot);
}

export interface StageAndStep {
  stage: Stage | 'completed' | 'onHold' | 'cancelled';
  step: Step | null;
  /**
   * onHold: the stage and step RESUME returns to. cancelled: the stage REOPEN returns to
   * (always at inProgress), with the step it was cancelled in. Absent otherwise.
   */
  pausedStage?: Stage;
  pausedStep?: Step;
}

/** `engagement.active.design.inReview` → design, inReview. */
function parseStateId(id: string | undefined): { stage: Stage; step: Step } | null {
  const [, name, step] = /^engagement\.active\.(\w+)\.(\w+)$/.exec(id ?? '') ?? [];
  const stage = STAGES.find((s) => s === name);
  return stage && (step === 'inProgress' || step === 'inReview') ? { stage, step } : null;
}

export function stageAndStep(snapshot: PersistedEngagementSnapshot): StageAndStep {
  const { value } = snapshot;
  if (value === 'completed') return { stage: value, step: null };
  if (value === 'onHold' || value === 'cancelled') {
    const paused = parseStateId(snapshot.historyValue[RESUME_POINT]?.[0]?.id);
    return paused ? { stage: value, step: null, pausedStage: paused.stage, pausedStep: paused.step } : { stage: value, step: null };
  }
  const active = typeof value === 'object' ? value.active : undefined;
  const [name, step] = typeof active === 'object' ? (Object.entries(active)[0] ?? []) : [];
  const here = parseStateId(`engagement.active.${String(name)}.${String(step)}`);
  if (!here) throw new Error(`Not an engagement state of version ${MACHINE_VERSION}: ${JSON.stringify(value)}`);
  return here;
}

export interface ApplyResult extends StageAndStep {
  /** False when the machine refused the event; then `snapshot` is the one passed in. */
  changed: boolean;
  snapshot: PersistedEngagementSnapshot;
  /** Why it was refused (empty when changed): the answer to a 409 TRANSITION_REFUSED. */
  unmet: Unmet[];
  /**
   * What the server must now do, in order: openGate (a gate record for the stage),
   * approveGate (close it approved), sendGateBack (close it, void its approvals),
   * withdrawGate (on every CANCEL: close the open gate, if there is one).
   */
  effects: EngagementEffect[];
}

export function applyEvent(current: PersistedEngagementSnapshot, event: EngagementEvent): ApplyResult {
  const before = restore(current);
  const [after, actions] = transition(engagementMachine, before, event);
  if (after === before) {
    return { changed: false, snapshot: current, unmet: refusal(current, event), effects: [], ...stageAndStep(current) };
  }
  const snapshot = persist(after);
  const effects = actions.map((a) => a.type).filter((t): t is EngagementEffect => (EFFECTS as readonly string[]).includes(t));
  return { changed: true, snapshot, unmet: [], effects, ...stageAndStep(snapshot) };
}

/** Does the engagement, where it is, have a transition for this event type (guards aside)? */
export function acceptsEvent(snapshot: PersistedEngagementSnapshot, eventType: EngagementEventType): boolean {
  return getNextTransitions(restore(snapshot)).some((t) => t.eventType === eventType);
}

/** Would this event, with its facts, be applied (guards included)? */
export function canApply(snapshot: PersistedEngagementSnapshot, event: EngagementEvent): boolean {
  return restore(snapshot).can(event);
}

/** The event types the engagement accepts where it is (guards aside), for `allowedEvents`. */
export function acceptedEventTypes(snapshot: PersistedEngagementSnapshot): EngagementEventType[] {
  return EVENT_TYPES.filter((type) => acceptsEvent(snapshot, type));
}

function describe({ stage, step }: StageAndStep): string {
  if (step) return `in the ${stage} stage, ${step === 'inReview' ? 'in review' : 'in progress'}`;
  return stage === 'onHold' ? 'on hold' : stage;
}

/** Why the event was refused: never empty, never a bare "not allowed". */
function refusal(snapshot: PersistedEngagementSnapshot, event: EngagementEvent): Unmet[] {
  if (!acceptsEvent(snapshot, event.type)) {
    return [
      {
        condition: 'state:event-not-accepted',
        message: `${event.type} is not possible while the engagement is ${describe(stageAndStep(snapshot))}.`,
      },
    ];
  }
  const facts =
    event.type === 'SUBMIT_FOR_REVIEW' ? event.unmet : event.type === 'APPROVE' ? [...event.quorum.missing, ...event.unmet] : [];
  if (facts.length > 0) return facts;
  if (event.type === 'REOPEN') {
    return [{ condition: 'reopen:reason-required', message: 'Reopening a cancelled engagement needs a reason.' }];
  }
  return [{ condition: `event:${event.type}:refused`, message: `${event.type} was refused: its conditions do not hold.` }];
}
