import fc from 'fast-check';
import { shorten } from './json-text';
import { RowCounts, TableState } from './row-counts';

/** What one request answered. */
export interface Answer {
  status: number;
  /** Parsed when the answer is JSON, else {}. */
  body: Record<string, unknown>;
  type: string;
  /** The answer as text (JSON, HTML), or a note of its size for bytes. */
  text: string;
}

/** The answers of one route, for the closing table. */
export interface RouteStats {
  cases: number;
  /** Cases whose handler ran (past authentication, permission and validation). */
  reached: number;
  ok: number;
  ms: number;
  statuses: Map<string, number>;
}

/**
 * The tables as they were after the last request: read again only when some transaction wrote (or
 * locked a row) since — the next transaction id the database hands out says so — so that most
 * refused requests cost one small query, not a count of every table.
 */
export class WriteWatch {
  private state!: TableState;
  private transaction!: string;
  fullReads = 0;

  constructor(private readonly counts: RowCounts) {}

  async reset(): Promise<void> {
    this.state = await this.counts.take();
    this.transaction = await this.counts.nextTransaction();
  }

  /** The tables before and after the request just sent. */
  async settle(): Promise<{ before: TableState; after: TableState }> {
    const next = await this.counts.nextTransaction();
    const before = this.state;
    if (next !== this.transaction) {
      this.state = await this.counts.take();
      this.transaction = next;
      this.fullReads++;
    }
    return { before, after: this.state };
  }
}

/** A 32-bit hash of a text (FNV-1a): each route's own seed, the same whichever routes run. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Runs `runs` cases of one route's property with its own seed (from the run's seed and the route),
 * recording each answer; returns the failure, shrunk to its smallest case, in words.
 */
export async function fuzzRoute<C>(options: {
  key: string;
  seed: number;
  runs: number;
  cases: fc.Arbitrary<C>;
  stats: RouteStats;
  /** Sends one case and returns what is wrong with the answer (nothing: []), or throws. */
  check: (c: C) => Promise<{ answer: Answer; reached: boolean; problems: string[]; describe: () => string }>;
}): Promise<string | null> {
  const { key, stats } = options;
  const seed = (options.seed ^ hash(key)) >>> 0;
  const property = fc.asyncProperty(fc.limitShrink(options.cases, 150), async (c) => {
    const started = performance.now();
    const { answer, reached, problems, describe } = await options.check(c);
    stats.ms += performance.now() - started;
    stats.cases++;
    if (reached) stats.reached++;
    if (answer.status < 300) stats.ok++;
    const label = `${answer.status}${typeof answer.body.code === 'string' ? ` ${answer.body.code}` : ''}`;
    stats.statuses.set(label, (stats.statuses.get(label) ?? 0) + 1);
    if (problems.length) throw new Error(`${describe()}\n→ ${answer.status} ${answer.type}: ${shorten(answer.text, 800)}\n✗ ${problems.join('\n✗ ')}`);
  });
  const details = await fc.check(property, { seed, numRuns: options.runs });
  if (!details.failed) return null;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `${key} (route seed ${seed}, shrunk ${details.numShrinks} times; reproduce: FUZZ_SEED=${options.seed} FUZZ_ROUTES='${key}')\n${error}`;
}

/** The closing table: per route, cases sent, handlers reached, 2xx, time, and the answers by status and code. */
export function statsTable(stats: Map<string, RouteStats>): string {
  const rows = [...stats.entries()].map(([key, s]) => {
    const statuses = [...s.statuses.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(' ');
    return `${key.padEnd(74)} ${String(s.cases).padStart(4)} ${String(s.reached).padStart(4)} ${String(s.ok).padStart(4)} ${String(Math.round(s.ms)).padStart(6)}  ${statuses}`;
  });
  return [`${'route'.padEnd(74)} ${'sent'.padStart(4)} ${'hndl'.padStart(4)} ${'2xx'.padStart(4)} ${'ms'.padStart(6)}  answers`, ...rows].join('\n');
}

export const newStats = (): RouteStats => ({ cases: 0, reached: 0, ok: 0, ms: 0, statuses: new Map() });

/** How many of `total` cases the route at `index` of `count` gets: an even share. */
export const shareOf = (total: number, count: number, index: number): number => Math.floor(total / count) + (index < total % count ? 1 : 0);
