import { stageAndStep, initialEngagementSnapshot, applyEvent } from './engagement.machine';
import {
  criteriaOf,
  evaluateCriteria,
  frozenInReview,
  requiredTasksSettled,
  unprovidedCriteria,
  writeRefusal,
  type GateCriterion,
  type GateFacts,
} from './gate-criteria';
import { roadmapDefinition, type RoadmapDefinition } from './roadmap.definition';
import { lowBandKpisHaveActionsCriterion, procurementItemsForActionsCriterion } from './design-criteria';
import { actionsFinancedCriterion } from './financing-criteria';

const settled: GateFacts = {
  tasks: [
    { key: 'kpi-verification', title: 'KPI verification', required: true, status: 'done' },
    { key: 'kpi-gap-analysis', title: 'KPI gap analysis', required: true, status: 'waived' },
    { key: 'knowledge-transfer', title: 'Knowledge transfer and capacity building', required: false, status: 'open' },
  ],
};
const coreKpis: GateCriterion = {
  name: 'core-kpis-settled',
  reads: ['kpi-values'],
  evaluate: (facts) => (facts.unverifiedCoreKpis === 0 ? [] : [{ condition: 'kpi:core:unverified', message: `${String(facts.unverifiedCoreKpis)} core KPIs are not verified.` }]),
};
/** The criteria the feature modules provide, as stand-ins where their own tests live beside them. */
const standIn = (name: string): GateCriterion => ({ name, reads: [], evaluate: () => [] });
const provided = new Map(
  [requiredTasksSettled, coreKpis, lowBandKpisHaveActionsCriterion, procurementItemsForActionsCriterion, actionsFinancedCriterion, standIn('implementation-qa-passed'), standIn('targeted-kpis-monitored')].map((c) => [c.name, c]),
);

describe('gate criteria', () => {
  it('required-tasks-settled: one entry per required task neither done nor waived', () => {
    const facts: GateFacts = {
      tasks: [...settled.tasks, { key: 'assessment-report', title: 'Assessment recommendations and report', required: true, status: 'in_progress' }],
    };
    expect(requiredTasksSettled.evaluate(facts)).toEqual([
      { condition: 'task:assessment-report:not-settled', message: expect.stringContaining('Assessment recommendations and report') },
    ]);
    expect(requiredTasksSettled.evaluate(settled)).toEqual([]);
  });

  it('names every criterion of the definition that no module provides', () => {
    expect(unprovidedCriteria(roadmapDefinition, provided.keys())).toEqual([]);
    expect(unprovidedCriteria(roadmapDefinition, ['required-tasks-settled'])).toEqual(expect.arrayContaining(['core-kpis-settled']));
    expect(unprovidedCriteria(roadmapDefinition, ['required-tasks-settled'])).not.toContain('required-tasks-settled');
    expect(() => criteriaOf('assessment', roadmapDefinition, new Map())).toThrow(/required-tasks-settled.*not provided/);
  });

  it('runs the stage’s criteria with the facts they read, in the definition’s order', () => {
    const assessment = criteriaOf('assessment', roadmapDefinition, provided);
    expect(assessment.map((c) => c.name)).toEqual(['required-tasks-settled', 'core-kpis-settled']);
    expect(evaluateCriteria(assessment, { ...settled, unverifiedCoreKpis: 0 })).toEqual([]);
    expect(evaluateCriteria(assessment, { ...settled, unverifiedCoreKpis: 3 }).map((u) => u.condition)).toEqual(['kpi:core:unverified']);
  });

  it('follows a definition given to it', () => {
    const lax: RoadmapDefinition = { ...roadmapDefinition, gates: { ...roadmapDefinition.gates, design: { ...roadmapDefinition.gates.design, criteria: [] } } };
    const open: GateFacts = { tasks: [{ key: 'ssc-action-plan', title: 'SSC action plan', required: true, status: 'open' }] };
    expect(evaluateCriteria(criteriaOf('design', roadmapDefinition, provided), open)).toHaveLength(1);
    expect(evaluateCriteria(criteriaOf('design', lax, provided), open)).toEqual([]);
  });
});

describe('writes while in review or closed', () => {
  const frozen = () => frozenInReview([requiredTasksSettled, coreKpis]);
  const submitted = applyEvent(initialEngagementSnapshot(), { type: 'SUBMIT_FOR_REVIEW', unmet: [] }).snapshot;

  it('freezes what the criteria and the scorecard read, and nothing else', () => {
    expect([...frozen()].sort()).toEqual(['kpi-values', 'targets', 'tasks']);
    const inReview = stageAndStep(submitted);
    expect(writeRefusal(inReview, 'kpi-values', frozen)).toEqual({ code: 'IN_REVIEW', message: expect.stringContaining('assessment gate') });
    expect(writeRefusal(inReview, 'discussion', frozen)).toBeNull();
    expect(writeRefusal(inReview, 'members', frozen)).toBeNull();
    expect(writeRefusal(stageAndStep(initialEngagementSnapshot()), 'kpi-values', frozen)).toBeNull();
  });

  it('keeps the freeze while a stage in review is on hold, and makes a cancelled or completed engagement read-only', () => {
    const held = applyEvent(submitted, { type: 'PUT_ON_HOLD' }).snapshot;
    expect(writeRefusal(stageAndStep(held), 'targets', frozen)?.code).toBe('IN_REVIEW');
    const cancelled = applyEvent(submitted, { type: 'CANCEL' }).snapshot;
    expect(writeRefusal(stageAndStep(cancelled), 'discussion', frozen)?.code).toBe('ENGAGEMENT_CLOSED');
    expect(writeRefusal({ stage: 'completed', step: null }, 'members', frozen)?.code).toBe('ENGAGEMENT_CLOSED');
  });
});
