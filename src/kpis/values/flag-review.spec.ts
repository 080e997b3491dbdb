import type { ConsistencyFlag } from '../consistency';
import { type FlagNoteFact, reviewFlags, verificationBlockers } from './flag-review';

const flag = (rule: string, severity: 'warning' | 'error', fingerprint: string): ConsistencyFlag => ({
  rule,
  severity,
  message: `${rule} message`,
  compared: [],
  reason: 'reason',
  source: 'source',
  fingerprint,
});
const note = (fingerprint: string, kind: FlagNoteFact['kind'], text: string, at: number): FlagNoteFact => ({
  fingerprint,
  kind,
  text,
  writtenBy: 'u1',
  writtenAt: new Date(at),
});

describe('reviewFlags', () => {
  const error = flag('potable-within-basic-water', 'error', 'potable|80|70');
  const warning = flag('sanitation-typical-range', 'warning', 'san|60');

  it('leaves an error open until the city answers it, a warning until a verifier acknowledges it', () => {
    expect(reviewFlags([error, warning], []).map((f) => f.open)).toEqual([true, true]);
    const answered = reviewFlags([error, warning], [note('potable|80|70', 'answer', 'the census counts differently', 1)]);
    expect(answered[0]).toMatchObject({ open: false, answer: { text: 'the census counts differently', by: 'u1' } });
    // An answer does not close a warning: the verifier acknowledges it.
    expect(reviewFlags([warning], [note('san|60', 'answer', 'rural districts', 1)])[0].open).toBe(true);
    expect(reviewFlags([warning], [note('san|60', 'acknowledgement', 'confirmed with the utility', 1)])[0]).toMatchObject({
      open: false,
      acknowledgement: { text: 'confirmed with the utility' },
    });
  });

  it('counts only notes on the same figures, and shows the latest', () => {
    const notes = [note('potable|80|60', 'answer', 'on other figures', 1), note('potable|80|70', 'answer', 'first', 2), note('potable|80|70', 'answer', 'second', 3)];
    expect(reviewFlags([flag('potable-within-basic-water', 'error', 'potable|85|70')], notes)[0].open).toBe(true);
    expect(reviewFlags([error], notes)[0].answer?.text).toBe('second');
  });

  it('counts only notes written since the value was last submitted: a resubmission needs its own, even with the same figures', () => {
    const notes = [note('potable|80|70', 'answer', 'before the resubmission', 1_000)];
    expect(reviewFlags([error], notes, new Date(1_000))[0].open).toBe(false);
    expect(reviewFlags([error], notes, new Date(2_000))[0]).toMatchObject({ open: true, answer: null });
  });
});

describe('verificationBlockers', () => {
  const reviewed = reviewFlags(
    [flag('potable-within-basic-water', 'error', 'a'), flag('plausible-range', 'warning', 'b'), flag('change-from-baseline', 'warning', 'c')],
    [note('c', 'acknowledgement', 'seen', 1)],
  );

  it('names unanswered errors and unacknowledged warnings', () => {
    const { unanswered, unacknowledged } = verificationBlockers(reviewed);
    expect(unanswered.map((f) => f.rule)).toEqual(['potable-within-basic-water']);
    expect(unacknowledged.map((f) => f.rule)).toEqual(['plausible-range']);
  });

  it('lets a warning be acknowledged in the request, never an error', () => {
    const { unanswered, unacknowledged } = verificationBlockers(reviewed, new Set(['plausible-range', 'potable-within-basic-water']));
    expect(unanswered.map((f) => f.rule)).toEqual(['potable-within-basic-water']);
    expect(unacknowledged).toEqual([]);
  });

  it('holds nothing back on a value without flags', () => {
    expect(verificationBlockers([])).toEqual({ unanswered: [], unacknowledged: [] });
  });
});
