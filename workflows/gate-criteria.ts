/**
 * Gate criteria: named pure rules that a stage must satisfy before SUBMIT_FOR_REVIEW, checked again
 * at the approval that completes the quorum. The roadmap definition names the criteria of each
 * stage; the feature modules provide them (a name, the facts it reads, a pure evaluation), and the
 * server refuses to start when the definition names a criterion that no module provides.
 */
import type { TaskStatus } from './checklists';
import type { Stage, StageAndStep } from './engagement.machine';
import type { RoadmapDefinition } from './roadmap.definition';
import type { Unmet } from './unmet';

export type { Unmet } from './unmet';

/**
 * The parts of an engagement that a write changes. A gate criterion names the parts it reads; while
 * a stage is in review those parts (and the scorecard's inputs) are frozen.
 */
export const ENGAGEMENT_PARTS = ['tasks', 'kpi-values', 'targets', 'members', 'discussion', 'details', 'actions', 'procurement', 'measurements', 'financing'] as const;
export type EngagementPart = (typeof ENGAGEMENT_PARTS)[number];

/** The frozen scorecard of every gate reads these, whatever its criteria. */
export const SCORECARD_READS: readonly EngagementPart[] = ['kpi-values', 'targets'];

/** What the server knows about the engagement when a gate is checked. */
export interface GateFacts {
  /** The tasks of the stage under review. */
  tasks: readonly { key: string; title: string; required: boolean; status: TaskStatus }[];
  /** Further facts (KPI values, actions, procurement items, …), loaded for the criteria that read them. */
  [fact: string]: unknown;
}

/** A gate criterion as a module provides it. */
export interface GateCriterion {
  name: string;
  /** The parts of the engagement its evaluation reads (frozen while a stage it guards is in review). */
  reads: readonly EngagementPart[];
  evaluate(facts: GateFacts): Unmet[];
}

/** Names the definition uses that no provided criterion answers to (the server refuses to start on any). */
export function unprovidedCriteria(definition: RoadmapDefinition, provided: Iterable<string>): string[] {
  const have = new Set(provided);
  const named = Object.values(definition.gates).flatMap((g) => [...g.criteria]);
  return [...new Set(named.filter((name) => !have.has(name)))];
}

/** The criteria of a stage's gate, in the definition's order. */
export function criteriaOf(stage: Stage, definition: RoadmapDefinition, provided: ReadonlyMap<string, GateCriterion>): GateCriterion[] {
  return definition.gates[stage].criteria.map((name) => {
    const criterion = provided.get(name);
    if (!criterion) throw new Error(`Gate criterion "${name}" of the ${stage} gate is not provided by any module`);
    return criterion;
  });
}

/** Every unmet condition of these criteria; empty when the stage may be submitted (or approved). */
export function evaluateCriteria(criteria: readonly GateCriterion[], facts: GateFacts): Unmet[] {
  return criteria.flatMap((c) => c.evaluate(facts));
}

/** What a review of this stage freezes: what its criteria read, and the scorecard's inputs. */
export function frozenInReview(criteria: readonly GateCriterion[]): Set<EngagementPart> {
  return new Set<EngagementPart>([...SCORECARD_READS, ...criteria.flatMap((c) => c.reads)]);
}

export interface WriteRefusal {
  code: 'ENGAGEMENT_CLOSED' | 'IN_REVIEW';
  message: string;
}

const PART_WORDS: Record<EngagementPart, string> = {
  tasks: 'its tasks',
  'kpi-values': 'KPI values and their verification',
  targets: 'targets',
  members: 'the members',
  discussion: 'verification questions',
  details: 'the engagement',
  actions: 'the action plan (actions and gap deferrals)',
  procurement: 'the procurement plan',
  measurements: 'KPI measurements',
  financing: 'the financing (business cases and investment projects)',
};

/**
 * Whether a write to this part of the engagement may happen where the engagement is: a completed or
 * cancelled engagement is read-only (REOPEN and the next cycle go through the machine, not here);
 * while a stage is in review (also while it is on hold in review), what its gate reads is frozen.
 */
export function writeRefusal(state: StageAndStep, part: EngagementPart, frozen: (stage: Stage) => ReadonlySet<EngagementPart>): WriteRefusal | null {
  if (state.stage === 'completed' || state.stage === 'cancelled') {
    return {
      code: 'ENGAGEMENT_CLOSED',
      message: `The engagement is ${state.stage} and read-only: ${PART_WORDS[part]} cannot change${state.stage === 'cancelled' ? ' unless a programme manager reopens it' : '; open the next cycle instead'}.`,
    };
  }
  const inReview: Stage | undefined =
    state.step === 'inReview' && state.stage !== 'onHold'
      ? state.stage
      : state.stage === 'onHold' && state.pausedStep === 'inReview'
        ? state.pausedStage
        : undefined;
  if (inReview && frozen(inReview).has(part)) {
    return {
      code: 'IN_REVIEW',
      message: `The ${inReview} gate is open for review and decides on ${PART_WORDS[part]} as submitted: they cannot change until it is decided. To change them, an approver requests changes.`,
    };
  }
  return null;
}

const STATUS_WORDS: Record<TaskStatus, string> = {
  open: 'still open',
  in_progress: 'in progress',
  done: 'done',
  waived: 'waived',
};

/** Every required task of the stage is done, or waived with a reason. */
export const requiredTasksSettled: GateCriterion = {
  name: 'required-tasks-settled',
  reads: ['tasks'],
  evaluate: ({ tasks }) =>
    tasks
      .filter((t) => t.required && t.status !== 'done' && t.status !== 'waived')
      .map((t) => ({
        condition: `task:${t.key}:not-settled`,
        message: `The required task "${t.title}" is ${STATUS_WORDS[t.status]}: finish it, or waive it with a reason.`,
      })),
};
