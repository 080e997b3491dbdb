/**
 * Financing as data (SPEC "Plans, financing and monitoring"): the funding sources and statuses of an
 * investment project, the moves between them, and the financing plan's arithmetic (per action: budget,
 * covered amount, gap). Declared once here; the entities, DTOs, migration and gate criterion import them.
 * Amounts are money with two decimals: the arithmetic runs in whole cents, so sums and gaps are exact.
 */

export const FUNDING_SOURCES = ['city_fund', 'investment_project_facility', 'marketplace', 'public_budget', 'private'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/**
 * An investment project's statuses: proposed → seeking_funding → funded → closed (the funding
 * received and spent, the project finished); cancelled from any status but closed. A project may go
 * back from seeking_funding to proposed, and from funded to seeking_funding (a funder withdrew).
 */
export const PROJECT_STATUSES = ['proposed', 'seeking_funding', 'funded', 'closed', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  proposed: ['seeking_funding', 'funded', 'cancelled'],
  seeking_funding: ['proposed', 'funded', 'cancelled'],
  funded: ['seeking_funding', 'closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** The statuses a project may be created with. */
export const PROJECT_INITIAL_STATUSES: readonly ProjectStatus[] = ['proposed', 'seeking_funding', 'funded'];

export const allowedProjectMoves = (from: ProjectStatus): readonly ProjectStatus[] => PROJECT_TRANSITIONS[from];

export const mayMoveProject = (from: ProjectStatus, to: ProjectStatus): boolean => from === to || PROJECT_TRANSITIONS[from].includes(to);

/**
 * A project whose allocations cover its actions in the financing plan (and for the Financing gate):
 * every project but a cancelled one. Every project has a funding source (it is required), so
 * "covered by investment projects with a funding source" is "covered by projects that are not cancelled".
 * A closed project keeps covering: its money was received and spent on the action.
 */
export const isCovering = (status: ProjectStatus): boolean => status !== 'cancelled';

/** A project the marketplace shows (when published): one still open to investors or funded, not closed or cancelled. */
export const isOnMarketplace = (status: ProjectStatus): boolean => status !== 'cancelled' && status !== 'closed';

export const toCents = (amount: number): number => Math.round(amount * 100);
export const fromCents = (cents: number): number => cents / 100;

/**
 * `amount` split evenly over `count` actions, in whole cents; the cents left over go one each to the
 * first actions (10.00 over 3 → 3.34, 3.33, 3.33). Every share is exact and they add up to the amount.
 */
export function splitEvenly(amount: number, count: number): number[] {
  if (count <= 0) return [];
  const cents = toCents(amount);
  const base = Math.floor(cents / count);
  const left = cents - base * count;
  return Array.from({ length: count }, (_, i) => fromCents(base + (i < left ? 1 : 0)));
}

export interface PlanAction {
  id: string;
  title: string;
  /** Not dropped: only these are in the financing plan. */
  active: boolean;
  budget: number;
}

export interface PlanAllocation {
  actionId: string;
  amount: number;
  projectStatus: ProjectStatus;
}

export interface FinancingLine {
  actionId: string;
  title: string;
  budget: number;
  /** The allocations of covering projects (isCovering) to this action. */
  covered: number;
  /** budget − covered, never below 0. */
  gap: number;
  /** covered − budget when more than the budget is allocated, else 0. */
  surplus: number;
  financed: boolean;
}

export interface FinancingPlan {
  actions: FinancingLine[];
  totals: { budget: number; covered: number; gap: number };
}

/** Per action not dropped: budget, covered amount (allocations of covering projects) and gap; and their totals. */
export function financingPlan(actions: readonly PlanAction[], allocations: readonly PlanAllocation[]): FinancingPlan {
  const coveredCents = new Map<string, number>();
  for (const a of allocations) {
    if (!isCovering(a.projectStatus)) continue;
    coveredCents.set(a.actionId, (coveredCents.get(a.actionId) ?? 0) + toCents(a.amount));
  }
  const lines = actions
    .filter((a) => a.active)
    .map((a) => {
      const budget = toCents(a.budget);
      const covered = coveredCents.get(a.id) ?? 0;
      return {
        actionId: a.id,
        title: a.title,
        budget: fromCents(budget),
        covered: fromCents(covered),
        gap: fromCents(Math.max(0, budget - covered)),
        surplus: fromCents(Math.max(0, covered - budget)),
        financed: covered >= budget,
      };
    });
  const sum = (pick: (l: FinancingLine) => number) => fromCents(lines.reduce((s, l) => s + toCents(pick(l)), 0));
  return { actions: lines, totals: { budget: sum((l) => l.budget), covered: sum((l) => l.covered), gap: sum((l) => l.gap) } };
}
