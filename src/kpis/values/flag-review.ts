import type { ConsistencyFlag } from '../consistency';

/** What someone said about a flag, as a reader sees it. */
export interface FlagNoteView {
  text: string;
  by: string;
  at: Date;
}

/** A note as stored (src/kpis/values/kpi-value.entity.ts KpiFlagNote), what this module needs of it. */
export interface FlagNoteFact {
  fingerprint: string;
  kind: 'answer' | 'acknowledgement';
  text: string;
  writtenBy: string;
  writtenAt: Date;
}

/**
 * A consistency flag with what was said about it: the city's latest answer and the verifier's latest
 * acknowledgement for these very figures. `open`: it still stands in the way of verifying the value
 * (an error not answered by the city, a warning not acknowledged by a verifier).
 */
export interface ReviewedFlag extends ConsistencyFlag {
  answer: FlagNoteView | null;
  acknowledgement: FlagNoteView | null;
  open: boolean;
}

const latest = (notes: readonly FlagNoteFact[], fingerprint: string, kind: FlagNoteFact['kind'], since: Date | null): FlagNoteView | null => {
  let found: FlagNoteFact | null = null;
  for (const note of notes) {
    if (note.fingerprint !== fingerprint || note.kind !== kind) continue;
    if (since !== null && note.writtenAt.getTime() < since.getTime()) continue;
    if (found === null || note.writtenAt.getTime() >= found.writtenAt.getTime()) found = note;
  }
  return found === null ? null : { text: found.text, by: found.writtenBy, at: found.writtenAt };
};

/**
 * Each flag of a value with the notes given on its figures since the value was last submitted
 * (`submittedAt`): notes on other figures say nothing about it, and a resubmission — after a
 * rejection, say — needs its own, even with the same figures.
 */
export function reviewFlags(flags: readonly ConsistencyFlag[], notes: readonly FlagNoteFact[], submittedAt: Date | null = null): ReviewedFlag[] {
  return flags.map((flag) => {
    const answer = latest(notes, flag.fingerprint, 'answer', submittedAt);
    const acknowledgement = latest(notes, flag.fingerprint, 'acknowledgement', submittedAt);
    return { ...flag, answer, acknowledgement, open: flag.severity === 'error' ? answer === null : acknowledgement === null };
  });
}

/**
 * What keeps a value from being verified: errors the city has not answered, and warnings no
 * verifier has acknowledged — except those acknowledged in the request itself (`acknowledging`:
 * the rules the verifier comments on as they verify). A rejection is never held back.
 */
export function verificationBlockers(
  flags: readonly ReviewedFlag[],
  acknowledging: ReadonlySet<string> = new Set(),
): { unanswered: ReviewedFlag[]; unacknowledged: ReviewedFlag[] } {
  return {
    unanswered: flags.filter((f) => f.severity === 'error' && f.answer === null),
    unacknowledged: flags.filter((f) => f.severity === 'warning' && f.acknowledgement === null && !acknowledging.has(f.rule)),
  };
}
