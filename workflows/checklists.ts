/**
 * The stage checklists of the U4SSC roadmap, seeded into every new engagement.
 * Keys are stable (tasks and gate conditions refer to them): rename titles, never keys.
 */
import type { Stage } from './engagement.machine';
import type { MemberRole } from './roles';

/** A task's status, declared once: the task entity, its DTOs and the gate criteria derive from it. */
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'waived'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who is expected to do a task: the programme manager, or a member role that acts (not an observer). */
export type ExpectedRole = 'programme_manager' | Exclude<MemberRole, 'observer'>;

export interface ChecklistTask {
  /** Stable, kebab-case, unique within its stage. */
  key: string;
  title: string;
  description: string;
  /** Required tasks must be done, or waived with a reason, before the stage can be submitted. */
  required: boolean;
  expectedRole: ExpectedRole;
}

/** In every stage: the roadmap's two cross-cutting activities. */
const crossCutting: readonly ChecklistTask[] = [
  {
    key: 'knowledge-transfer',
    title: 'Knowledge transfer and capacity building',
    description:
      'Train the city staff who will carry this stage (workshops, guidance, peer exchange with other U4SSC cities). Record who took part and what they can now do themselves.',
    required: false,
    expectedRole: 'city_coordinator',
  },
  {
    key: 'stakeholder-engagement',
    title: 'Stakeholder engagement',
    description:
      'Inform and involve the city council, departments, residents, businesses and funding partners in this stage. Keep a record of meetings and of the feedback received.',
    required: false,
    expectedRole: 'city_coordinator',
  },
];

const stageTasks: Record<Stage, readonly ChecklistTask[]> = {
  assessment: [
    {
      key: 'kpi-verification',
      title: 'KPI verification',
      description:
        'Enter a value, source, reference year and evidence for every core KPI (and each advanced KPI the city can report), and get each one verified, or mark it not available with a reason.',
      required: true,
      expectedRole: 'data_contributor',
    },
    {
      key: 'kpi-gap-analysis',
      title: 'KPI gap analysis',
      description:
        'Review the KPIs that fall short of their targets, ranked by distance to target, with the unreported and unverified core KPIs first. Agree which gaps the city will work on.',
      required: true,
      expectedRole: 'programme_manager',
    },
    {
      key: 'assessment-report',
      title: 'Assessment recommendations and report',
      description:
        'Write the recommendations for the main gaps and publish the assessment (verification) report. The city council should receive it before the design stage starts.',
      required: true,
      expectedRole: 'programme_manager',
    },
  ],
  design: [
    {
      key: 'city-dashboard',
      title: 'City dashboard',
      description:
        'Set up the city dashboard that shows the verified KPIs and their bands. Check that the figures match the assessment report.',
      required: false,
      expectedRole: 'city_coordinator',
    },
    {
      key: 'city-profile',
      title: 'City profile',
      description:
        'Write the city profile: context, priorities and the KPI snapshot by dimension. It introduces the city to partners and investors.',
      required: true,
      expectedRole: 'city_coordinator',
    },
    {
      key: 'city-simulation',
      title: 'City simulation',
      description:
        'Score the planned actions "as if reached" to compare the projected scorecard with today\'s. Use it to choose the actions with the most effect.',
      required: false,
      expectedRole: 'city_coordinator',
    },
    {
      key: 'innovation-labs',
      title: 'Innovation labs',
      description:
        'Run workshops with city departments, residents and businesses to find solutions for the priority gaps. Turn the ideas worth pursuing into draft actions.',
      required: false,
      expectedRole: 'city_coordinator',
    },
    {
      key: 'ssc-action-plan',
      title: 'SSC action plan',
      description:
        'Build the smart sustainable city action plan: each action linked to the KPIs it improves, with owner, budget, timeline and expected value. Every KPI in the lowest band needs an action or an explicit deferral.',
      required: true,
      expectedRole: 'city_coordinator',
    },
    {
      key: 'procurement-plan',
      title: 'Smart public procurement plan',
      description:
        'For every action that needs procurement, add a procurement item with method, estimated cost and schedule.',
      required: true,
      expectedRole: 'city_coordinator',
    },
  ],
  financing: [
    {
      key: 'business-cases',
      title: 'Business cases linked to KPI results',
      description:
        'Write a business case for the actions, showing cost, benefits and the KPI results they will move. Investors and the city fund decide on these.',
      required: true,
      expectedRole: 'city_coordinator',
    },
    {
      key: 'city-fund',
      title: 'City fund',
      description:
        'Apply to the city fund for the actions it can finance, and record each resulting investment project with its amount.',
      required: false,
      expectedRole: 'programme_manager',
    },
    {
      key: 'investment-project-facility',
      title: 'Investment project facility',
      description:
        'Prepare the larger actions as investment projects for the facility, with amount and status. Record the facility as their funding source.',
      required: false,
      expectedRole: 'programme_manager',
    },
    {
      key: 'investment-marketplace',
      title: 'Investment marketplace',
      description:
        'Publish the projects that still need investors on the investment marketplace. Every action in the plan must end up covered by a funded project.',
      required: false,
      expectedRole: 'programme_manager',
    },
  ],
  implementation: [
    {
      key: 'implementation-plan-qa',
      title: 'Quality assurance of the SSC project implementation plan',
      description:
        'Have the implementation plan checked against the QA checklist (scope, budget, schedule, responsibilities, risks) and fix what the review finds.',
      required: true,
      expectedRole: 'verifier',
    },
    {
      key: 'monitoring-and-evaluation',
      title: 'Monitoring and evaluation',
      description:
        'Re-measure every KPI targeted by an action after the baseline, and record its progress toward the target. These measurements become the next cycle\'s baseline.',
      required: true,
      expectedRole: 'data_contributor',
    },
  ],
};

export function tasksForStage(stage: Stage): readonly ChecklistTask[] {
  return [...stageTasks[stage], ...crossCutting];
}
