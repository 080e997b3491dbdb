import { evaluateGate, pendingCriteria, registerGateCriterion, type GateFacts } from './gate-criteria';
import { roadmapDefinition, type RoadmapDefinition } from './roadmap.definition';

const settled: GateFacts = {
  tasks: [
    { key: 'kpi-verification', title: 'KPI verification', required: true, status: 'done' },
    { key: 'kpi-gap-analysis', title: 'KPI gap analysis', required: true, status: 'waived' },
    { key: 'knowledge-transfer', title: 'Knowledge transfer and capacity building', required: false, status: 'open' },
  ],
};

describe('gate criteria', () => {
  it('required-tasks-settled: one entry per required task neither done nor waived', () => {
    const facts: GateFacts = {
      tasks: [
        ...settled.tasks,
        { key: 'assessment-report', title: 'Assessment recommendations and report', required: true, status: 'in_progress' },
      ],
    };
    const unmet = evaluateGate('assessment', facts);
    expect(unmet).toEqual([
      { condition: 'task:assessment-report:not-settled', message: expect.stringContaining('Assessment recommendations and report') },
    ]);
    expect(evaluateGate('assessment', settled)).toEqual([]);
  });

  it('lists the criteria nobody has registered yet, which report nothing meanwhile', () => {
    expect(pendingCriteria('assessment')).toEqual(['core-kpis-settled']);
    expect(pendingCriteria('implementation')).toEqual(['implementation-qa-passed', 'targeted-kpis-monitored']);
    expect(pendingCriteria('design')).not.toContain('required-tasks-settled');
  });

  it('runs registered stand-in rules with the facts they need, in the definition’s order', () => {
    const unregister = [
      registerGateCriterion('core-kpis-settled', (facts) =>
        facts.unverifiedCoreKpis === 0 ? [] : [{ condition: 'kpi:core:unverified', message: `${String(facts.unverifiedCoreKpis)} core KPIs are not verified.` }],
      ),
      registerGateCriterion('actions-financed', () => [{ condition: 'action:a1:not-financed', message: 'Action "Smart meters" has no funding source.' }]),
    ];
    try {
      expect(pendingCriteria('assessment')).toEqual([]);
      expect(evaluateGate('assessment', { ...settled, unverifiedCoreKpis: 0 })).toEqual([]);
      expect(evaluateGate('assessment', { ...settled, unverifiedCoreKpis: 3 }).map((u) => u.condition)).toEqual(['kpi:core:unverified']);
      expect(evaluateGate('financing', settled).map((u) => u.condition)).toEqual(['action:a1:not-financed']);
      expect(() => registerGateCriterion('actions-financed', () => [])).toThrow(/already registered/);
    } finally {
      unregister.forEach((u) => u());
    }
    expect(pendingCriteria('financing')).toEqual(['actions-financed']);
  });

  it('follows a definition given to it', () => {
    const strict: RoadmapDefinition = {
      ...roadmapDefinition,
      gates: { ...roadmapDefinition.gates, design: { ...roadmapDefinition.gates.design, criteria: [] } },
    };
    const open: GateFacts = { tasks: [{ key: 'ssc-action-plan', title: 'SSC action plan', required: true, status: 'open' }] };
    expect(evaluateGate('design', open)).toHaveLength(1);
    expect(evaluateGate('design', open, strict)).toEqual([]);
  });
});
