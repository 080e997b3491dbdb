import { applyEvent, MACHINE_VERSION, stageAndStep, type EngagementEvent, type PersistedEngagementSnapshot } from './engagement.machine';
import { migrateSnapshot } from './snapshot-migrations';

/** As version 1 stored them, read back from the database. */
const v1InDesignReview = JSON.parse(
  '{"status":"active","value":{"design":"inReview"},"historyValue":{},"context":{},"children":{}}',
) as PersistedEngagementSnapshot;
const v1OnHoldInDesignReview = JSON.parse(
  '{"status":"active","value":"onHold","historyValue":{"engagement.resumePoint":[{"id":"engagement.design.inReview"}]},"context":{},"children":{}}',
) as PersistedEngagementSnapshot;
const v1Completed = JSON.parse('{"status":"done","value":"completed","historyValue":{},"context":{},"children":{}}') as PersistedEngagementSnapshot;

const approve: EngagementEvent = { type: 'APPROVE', quorum: { met: true, missing: [] }, unmet: [] };

describe('migrateSnapshot', () => {
  it('version 1 in design review → version 2, and goes on from there', () => {
    const v2 = migrateSnapshot(v1InDesignReview, 1);
    expect(v2.value).toEqual({ active: { design: 'inReview' } });
    expect(stageAndStep(v2)).toEqual({ stage: 'design', step: 'inReview' });
    expect(applyEvent(v2, approve)).toMatchObject({ changed: true, stage: 'financing', step: 'inProgress' });
    expect(applyEvent(v2, { type: 'REQUEST_CHANGES' })).toMatchObject({ changed: true, stage: 'design', step: 'inProgress' });
  });

  it('version 1 on hold → RESUME returns to design review', () => {
    const v2 = migrateSnapshot(v1OnHoldInDesignReview, 1);
    expect(v2.historyValue).toEqual({
      'engagement.active.resumePoint': [{ id: 'engagement.active.design.inReview' }],
      'engagement.active.reopenPoint': [{ id: 'engagement.active.design' }],
    });
    expect(stageAndStep(v2)).toEqual({ stage: 'onHold', step: null, pausedStage: 'design', pausedStep: 'inReview' });
    const resumed = applyEvent(v2, { type: 'RESUME' });
    expect(resumed).toMatchObject({ changed: true, stage: 'design', step: 'inReview' });
    expect(JSON.parse(JSON.stringify(resumed.snapshot))).toEqual(resumed.snapshot);
  });

  it('version 1 on hold → cancelled → REOPEN returns to design, in progress', () => {
    const cancelled = applyEvent(migrateSnapshot(v1OnHoldInDesignReview, 1), { type: 'CANCEL' });
    const reopened = applyEvent(cancelled.snapshot, { type: 'REOPEN', reason: 'Funding confirmed' });
    expect(reopened).toMatchObject({ changed: true, stage: 'design', step: 'inProgress' });
  });

  it('keeps completed and does not touch its input', () => {
    const copy = structuredClone(v1OnHoldInDesignReview);
    expect(stageAndStep(migrateSnapshot(v1Completed, 1))).toEqual({ stage: 'completed', step: null });
    migrateSnapshot(v1OnHoldInDesignReview, 1);
    expect(v1OnHoldInDesignReview).toEqual(copy);
  });

  it('leaves a current snapshot as it is', () => {
    const v2 = migrateSnapshot(v1InDesignReview, 1);
    expect(migrateSnapshot(v2, MACHINE_VERSION)).toEqual(v2);
  });

  it('refuses unknown versions and states it cannot place', () => {
    expect(() => migrateSnapshot(v1InDesignReview, 0)).toThrow(/version 0/);
    expect(() => migrateSnapshot(v1InDesignReview, MACHINE_VERSION + 1)).toThrow();
    expect(() => migrateSnapshot({ ...v1InDesignReview, value: { design: 'drafting' } }, 1)).toThrow();
  });
});
