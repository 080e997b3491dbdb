import { applyEvent, initialEngagementSnapshot, MACHINE_VERSION } from '../../workflows/engagement.machine';
import { roadmapDefinition, type RoadmapDefinition } from '../../workflows/roadmap.definition';
import type { Engagement } from '../engagements/engagement.entity';
import { ReviewFreeze } from '../engagements/review-freeze';
import { GateCriteriaService } from './gate-criteria.service';

class WithDefinition extends GateCriteriaService {
  constructor(definition: RoadmapDefinition) {
    super(new ReviewFreeze());
    this.definition = definition;
  }
}

describe('GateCriteriaService', () => {
  const naming = (criteria: string[]): RoadmapDefinition => ({
    ...roadmapDefinition,
    gates: { ...roadmapDefinition.gates, design: { ...roadmapDefinition.gates.design, criteria } },
  });

  it('refuses to start when the workflow definition names a criterion no module provides', () => {
    const service = new WithDefinition(naming(['required-tasks-settled', 'a-criterion-nobody-provides']));
    service.provide({ name: 'core-kpis-settled', reads: ['kpi-values'], evaluate: () => [] });
    expect(() => service.onApplicationBootstrap()).toThrow('The workflow definition names gate criteria that no module provides: a-criterion-nobody-provides');
  });

  it('starts when every named criterion is provided, and refuses one provided twice', () => {
    const service = new WithDefinition(roadmapDefinition);
    expect(() => service.onApplicationBootstrap()).toThrow(/core-kpis-settled/);
    // Every criterion the definition names, as the feature modules provide them.
    for (const name of new Set(Object.values(roadmapDefinition.gates).flatMap((g) => [...g.criteria]))) {
      if (name !== 'required-tasks-settled') service.provide({ name, reads: [], evaluate: () => [] });
    }
    expect(() => service.onApplicationBootstrap()).not.toThrow();
    expect(() => service.provide({ name: 'core-kpis-settled', reads: [], evaluate: () => [] })).toThrow(/twice/);
  });

  it('tells the freeze what a review reads: the criteria’s parts and the scorecard’s inputs', () => {
    const freeze = new ReviewFreeze();
    const service = new GateCriteriaService(freeze);
    service.provide({ name: 'core-kpis-settled', reads: ['kpi-values'], evaluate: () => [] });
    const inReview = { machineVersion: MACHINE_VERSION, snapshot: applyEvent(initialEngagementSnapshot(), { type: 'SUBMIT_FOR_REVIEW', unmet: [] }).snapshot } as unknown as Engagement;
    expect(freeze.refusal(inReview, 'tasks')?.code).toBe('IN_REVIEW');
    expect(freeze.refusal(inReview, 'targets')?.code).toBe('IN_REVIEW');
    expect(freeze.refusal(inReview, 'discussion')).toBeNull();
  });
});
