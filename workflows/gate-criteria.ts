/**
 * Gate criteria: named pure rules that a stage must satisfy before SUBMIT_FOR_REVIEW.
 * The roadmap definition lists criteria by name per stage; this registry holds their code.
 */
import type { Stage } from './engagement.machine';
import { roadmapDefinition, type RoadmapDefinition } from './roadmap.definition';

export type TaskStatus = 'open' | 'in_progress' | 'done' | 'waived';

/** What the server knows about the engagement when a gate is checked. */
export interface GateFacts {
  /** The tasks of the stage under review. */
  tasks: readonly { key: string; title: string; required: boolean; status: TaskStatus }[];
  /** Further facts (KPI values, actions, procurement items, …) arrive with their criteria. */
  [fact: string]: unknown;
}

/** One condition that does not hold: a stable key and a sentence for the person who can fix it. */
export interface Unmet {
  condition: string;
  message: string;
}

export type GateCriterion = (facts: GateFacts) => Unmet[];

const registry = new Map<string, GateCriterion>();

/** Registers a criterion under its name; returns a function that removes it again (for tests). */
export function registerGateCriterion(name: string, criterion: GateCriterion): () => void {
  if (registry.has(name)) throw new Error(`Gate criterion "${name}" is already registered`);
  registry.set(name, criterion);
  return () => registry.delete(name);
}

/**
 * Every unmet condition of the stage's gate; empty when the stage may be submitted.
 *
 * NOTE: a criterion named by the definition but not registered yet reports NOTHING, i.e. it
 * passes. Only `required-tasks-settled` ships here; the KPI, action-plan, financing and
 * monitoring criteria are registered by the modules that own those facts, as they are built.
 * `pendingCriteria(stage)` lists the ones still missing, so that nobody mistakes that for a check.
 */
export function evaluateGate(
  stage: Stage,
  facts: GateFacts,
  definition: RoadmapDefinition = roadmapDefinition,
): Unmet[] {
  return definition.gates[stage].criteria.flatMap((name) => registry.get(name)?.(facts) ?? []);
}

/** Criteria the definition names for this stage that no code has registered yet. */
export function pendingCriteria(stage: Stage, definition: RoadmapDefinition = roadmapDefinition): string[] {
  return definition.gates[stage].criteria.filter((name) => !registry.has(name));
}

const STATUS_WORDS: Record<TaskStatus, string> = {
  open: 'still open',
  in_progress: 'in progress',
  done: 'done',
  waived: 'waived',
};

registerGateCriterion('required-tasks-settled', ({ tasks }) =>
  tasks
    .filter((t) => t.required && t.status !== 'done' && t.status !== 'waived')
    .map((t) => ({
      condition: `task:${t.key}:not-settled`,
      message: `The required task "${t.title}" is ${STATUS_WORDS[t.status]}: finish it, or waive it with a reason.`,
    })),
);
