import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import type { AnyStateNode, SnapshotFrom } from 'xstate';
import {
  acceptedEventTypes,
  acceptsEvent,
  applyEvent,
  canApply,
  engagementMachine,
  initialEngagementSnapshot,
  stageAndStep,
  STAGES,
  type EngagementEvent,
  type EngagementEventType,
  type PersistedEngagementSnapshot,
} from './engagement.machine';

const submit: EngagementEvent = { type: 'SUBMIT_FOR_REVIEW', unmet: [] };
const approve: EngagementEvent = { type: 'APPROVE', quorum: { met: true, missing: [] }, unmet: [] };
const requestChanges: EngagementEvent = { type: 'REQUEST_CHANGES' };
const hold: EngagementEvent = { type: 'PUT_ON_HOLD' };
const resume: EngagementEvent = { type: 'RESUME' };
const cancel: EngagementEvent = { type: 'CANCEL' };
const reopen: EngagementEvent = { type: 'REOPEN', reason: 'The council found the budget after all.' };

const unmetTask = { condition: 'task:kpi-verification:not-settled', message: 'The required task "KPI verification" is still open.' };
const submitBlocked: EngagementEvent = { type: 'SUBMIT_FOR_REVIEW', unmet: [unmetTask] };
const missingManager = { condition: 'quorum:programme-manager', message: 'The programme manager has not approved yet.' };
const approveShort: EngagementEvent = { type: 'APPROVE', quorum: { met: false, missing: [missingManager] }, unmet: [] };

/** Applies every event (each must be accepted), storing the snapshot as JSON in between. */
function run(...events: EngagementEvent[]): PersistedEngagementSnapshot {
  let snapshot = initialEngagementSnapshot();
  for (const event of events) {
    const result = applyEvent(snapshot, event);
    if (!result.changed) throw new Error(`${event.type} refused at ${JSON.stringify(snapshot.value)}`);
    snapshot = JSON.parse(JSON.stringify(result.snapshot)) as PersistedEngagementSnapshot;
  }
  return snapshot;
}

const toStage = (n: number): EngagementEvent[] => Array.from({ length: n }, () => [submit, approve]).flat();

function expectRefused(snapshot: PersistedEngagementSnapshot, event: EngagementEvent, condition?: string) {
  const result = applyEvent(snapshot, event);
  expect(result.changed).toBe(false);
  expect(result.snapshot).toEqual(snapshot);
  expect(result.effects).toEqual([]);
  expect(result.unmet.length).toBeGreaterThan(0);
  if (condition) expect(result.unmet.map((u) => u.condition)).toContain(condition);
  return result;
}

describe('engagement machine', () => {
  it('starts in assessment, in progress, as plain JSON', () => {
    const snapshot = initialEngagementSnapshot();
    expect(stageAndStep(snapshot)).toEqual({ stage: 'assessment', step: 'inProgress' });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('walks the four stages through their gates to completed', () => {
    let snapshot = initialEngagementSnapshot();
    for (const stage of STAGES) {
      const submitted = applyEvent(snapshot, submit);
      expect(submitted).toMatchObject({ changed: true, stage, step: 'inReview', effects: ['openGate'], unmet: [] });
      const approved = applyEvent(submitted.snapshot, approve);
      expect(approved.changed).toBe(true);
      expect(approved.effects).toEqual(['approveGate']);
      snapshot = approved.snapshot;
    }
    expect(stageAndStep(snapshot)).toEqual({ stage: 'completed', step: null });
    expect(snapshot.status).toBe('done');
    expect(acceptedEventTypes(snapshot)).toEqual([]);
  });

  it('REQUEST_CHANGES sends the stage back to in progress', () => {
    const result = applyEvent(run(...toStage(1), submit), requestChanges);
    expect(result).toMatchObject({ changed: true, stage: 'design', step: 'inProgress', effects: ['sendGateBack'] });
  });

  describe('refusals leave the snapshot as it was and say why', () => {
    it('SUBMIT_FOR_REVIEW with unmet gate criteria', () => {
      const result = expectRefused(initialEngagementSnapshot(), submitBlocked);
      expect(result.unmet).toEqual([unmetTask]);
    });

    it('APPROVE without quorum', () => {
      const result = expectRefused(run(submit), approveShort);
      expect(result.unmet).toEqual([missingManager]);
      expect(result).toMatchObject({ stage: 'assessment', step: 'inReview' });
    });

    it('APPROVE with the quorum met but gate criteria that no longer hold', () => {
      const result = expectRefused(run(submit), { type: 'APPROVE', quorum: { met: true, missing: [] }, unmet: [unmetTask] });
      expect(result.unmet).toEqual([unmetTask]);
      expect(result).toMatchObject({ stage: 'assessment', step: 'inReview' });
    });

    it('APPROVE whose quorum facts name nothing missing still says why', () => {
      const result = expectRefused(run(submit), { type: 'APPROVE', quorum: { met: false, missing: [] }, unmet: [] });
      expect(result.unmet).toEqual([{ condition: 'event:APPROVE:refused', message: expect.any(String) }]);
    });

    it('an event the state does not take names the state', () => {
      const result = expectRefused(run(...toStage(1), submit, hold), approve);
      expect(result.unmet[0].message).toBe('APPROVE is not possible while the engagement is on hold.');
      expect(applyEvent(run(submit), submit).unmet[0].message).toContain('in the assessment stage, in review');
    });

    it.each(['', '   '])('REOPEN with reason %j', (reason) => {
      expectRefused(run(cancel), { type: 'REOPEN', reason }, 'reopen:reason-required');
    });

    const notAccepted: [string, EngagementEvent[], EngagementEvent][] = [
      ['APPROVE while in progress', [], approve],
      ['REQUEST_CHANGES while in progress', [], requestChanges],
      ['SUBMIT_FOR_REVIEW while in review', [submit], submit],
      ['RESUME while active', [], resume],
      ['REOPEN while active', [], reopen],
      ['SUBMIT_FOR_REVIEW while on hold', [hold], submit],
      ['APPROVE while on hold in review', [submit, hold], approve],
      ['PUT_ON_HOLD while on hold', [hold], hold],
      ['RESUME while cancelled', [cancel], resume],
      ['CANCEL while cancelled', [cancel], cancel],
      ['PUT_ON_HOLD while cancelled', [cancel], hold],
      ...(['SUBMIT_FOR_REVIEW', 'PUT_ON_HOLD', 'CANCEL', 'REOPEN'] as const).map(
        (type): [string, EngagementEvent[], EngagementEvent] => [
          `${type} when completed`,
          toStage(4),
          type === 'SUBMIT_FOR_REVIEW' ? submit : type === 'REOPEN' ? reopen : { type },
        ],
      ),
    ];
    it.each(notAccepted)('%s', (_name, before, event) => {
      expectRefused(run(...before), event, 'state:event-not-accepted');
    });
  });

  it('on hold in review resumes in review, of the same stage', () => {
    const held = run(...toStage(2), submit, hold);
    expect(stageAndStep(held)).toEqual({ stage: 'onHold', step: null, pausedStage: 'financing', pausedStep: 'inReview' });
    const resumed = applyEvent(held, resume);
    expect(resumed).toMatchObject({ changed: true, stage: 'financing', step: 'inReview' });
    expect(applyEvent(resumed.snapshot, approve)).toMatchObject({ stage: 'implementation', step: 'inProgress' });
  });

  it('on hold in progress resumes in progress', () => {
    expect(applyEvent(run(...toStage(1), hold), resume)).toMatchObject({ stage: 'design', step: 'inProgress' });
  });

  it('cancel then reopen comes back to the same stage, in progress', () => {
    const cancelled = run(...toStage(1), submit, cancel);
    expect(stageAndStep(cancelled)).toMatchObject({ stage: 'cancelled', pausedStage: 'design', pausedStep: 'inReview' });
    const reopened = applyEvent(cancelled, reopen);
    expect(reopened).toMatchObject({ changed: true, stage: 'design', step: 'inProgress' });
  });

  it('cancel while on hold, then reopen, comes back to the held stage, in progress', () => {
    const snapshot = run(...toStage(3), submit, hold, cancel);
    expect(applyEvent(snapshot, reopen)).toMatchObject({ stage: 'implementation', step: 'inProgress' });
  });

  it('CANCEL announces the gate withdrawn', () => {
    expect(applyEvent(run(submit), cancel).effects).toEqual(['withdrawGate']);
  });

  it('acceptsEvent ignores guards; canApply weighs the facts', () => {
    const start = initialEngagementSnapshot();
    expect(acceptsEvent(start, 'SUBMIT_FOR_REVIEW')).toBe(true);
    expect(canApply(start, submit)).toBe(true);
    expect(canApply(start, submitBlocked)).toBe(false);
    const inReview = run(submit);
    expect(canApply(inReview, approve)).toBe(true);
    expect(canApply(inReview, approveShort)).toBe(false);
    expect(canApply(run(cancel), { type: 'REOPEN', reason: '' })).toBe(false);
    expect(acceptsEvent(start, 'APPROVE')).toBe(false);
  });

  it.each<[string, EngagementEvent[], EngagementEventType[]]>([
    ['in progress', [], ['SUBMIT_FOR_REVIEW', 'PUT_ON_HOLD', 'CANCEL']],
    ['in review', [submit], ['APPROVE', 'REQUEST_CHANGES', 'PUT_ON_HOLD', 'CANCEL']],
    ['on hold', [hold], ['RESUME', 'CANCEL']],
    ['cancelled', [cancel], ['REOPEN']],
    ['completed', toStage(4), []],
  ])('accepts, %s: exactly the expected events', (_name, before, expected) => {
    expect(acceptedEventTypes(run(...before))).toEqual(expected);
  });

  it('stageAndStep refuses a value of another version', () => {
    expect(() => stageAndStep({ ...initialEngagementSnapshot(), value: { design: 'inReview' } })).toThrow(/version 2/);
  });

  it('applyEvent throws on a snapshot that names unknown states', () => {
    expect(() => applyEvent({ ...initialEngagementSnapshot(), value: { design: 'inReview' } }, submit)).toThrow();
  });
});

describe('engagement machine graph', () => {
  type Snap = SnapshotFrom<typeof engagementMachine>;
  // Every event, with facts that pass and facts that do not.
  const events: EngagementEvent[] = [submit, submitBlocked, approve, approveShort, requestChanges, hold, resume, cancel, reopen, { type: 'REOPEN', reason: '' }];
  // Two snapshots differ when their value or their remembered history differ.
  const serializeState = (s: Snap) =>
    JSON.stringify({ value: s.value, history: Object.entries(s.historyValue).map(([k, nodes]) => [k, nodes.map((n) => n.id)]) });
  const options = { events, serializeState };

  const leafValues: string[] = [];
  (function collect(node: AnyStateNode, path: string[]) {
    if (node.type === 'history') return;
    if (node.type === 'atomic' || node.type === 'final') {
      leafValues.push(JSON.stringify(path.reduceRight<unknown>((inner, key) => (inner === null ? key : { [key]: inner }), null)));
    }
    Object.values(node.states).forEach((child) => collect(child, [...path, child.key]));
  })(engagementMachine.root, []);

  const progress = (s: Snap): number => {
    const { stage, pausedStage } = stageAndStep(engagementMachine.getPersistedSnapshot(s) as PersistedEngagementSnapshot);
    if (stage === 'completed') return 4;
    const index = STAGES.findIndex((st) => st === stage || st === pausedStage);
    return Math.max(index, 0);
  };

  it('reaches every state of the definition', () => {
    const reached = new Set(getShortestPaths(engagementMachine, options).map((p) => JSON.stringify(p.state.value)));
    expect(leafValues).toHaveLength(11);
    expect([...reached].sort()).toEqual([...leafValues].sort());
  });

  it('moves forward a stage only by APPROVE, one stage at a time, and never back', () => {
    const edges = adjacencyMapToArray(getAdjacencyMap(engagementMachine, options));
    for (const { state, event, nextState } of edges) {
      const step = progress(nextState) - progress(state);
      expect(step === 0 || (step === 1 && event.type === 'APPROVE')).toBe(true);
    }
    expect(edges.length).toBeGreaterThan(100);
  });

  it('the shortest way to completed is the four gates, submitted and approved', () => {
    const [path] = getShortestPaths(engagementMachine, { ...options, toState: (s) => s.status === 'done' });
    expect(path.steps.map((step) => step.event.type)).toEqual([
      'xstate.init',
      ...Array.from({ length: 4 }, () => ['SUBMIT_FOR_REVIEW', 'APPROVE']).flat(),
    ]);
  });
});
