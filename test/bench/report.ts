/** The bench's printed report: pure functions of a BenchResult (model.ts). */
import type { BenchResult, LatencyRow, LoadFigures, ProcessFigures, ProfileFigures, SideBySideRow } from './model';

/** a ÷ b, or null when either is missing or b is not positive. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !(b > 0)) return null;
  return a / b;
}

/** The nearest-rank percentile (0 < q ≤ 1) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Columns aligned: those in `left` (the first, by default) to the left, the others to the right; two spaces between. */
export function alignTable(head: readonly string[], body: readonly (readonly string[])[], left: readonly number[] = [0]): string {
  const rows = [head, ...body];
  const width = head.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => (left.includes(c) ? cell.padEnd(width[c]) : cell.padStart(width[c])))
      .join('  ')
      .trimEnd();
  return rows.map(line).join('\n');
}

const fixed = (digits: number) => (n: number | null): string => (n === null ? '–' : n.toFixed(digits));
const ms = fixed(1);
const perSecond = fixed(0);
const times = fixed(2);
const errors = (f: LoadFigures): string => {
  const detail = Object.entries(f.statuses)
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
  return detail ? `${f.errors} (${detail})` : String(f.errors);
};

/** The ratios the aims are stated in, for one client count. */
export function ratiosOf(row: SideBySideRow): { ofCeiling: number | null; ofPgbench: number | null; p95OverHealth: number | null } {
  return {
    ofCeiling: ratio(row.events.perSecond, row.ceiling.perSecond),
    ofPgbench: ratio(row.events.perSecond, row.pgbenchTps),
    p95OverHealth: ratio(row.events.p95, row.healthUnderLoad.p95),
  };
}

export function sideBySideTable(rows: readonly SideBySideRow[]): string {
  const head = ['clients', 'events/s', 'p50', 'p95', 'p99', 'errors', 'ceiling/s', 'ceil p95', 'ceil err', 'pgbench tps', '÷ ceiling', '÷ pgbench', '/health p95', 'p95 ÷ /health'];
  return alignTable(
    head,
    rows.map((row) => {
      const { ofCeiling, ofPgbench, p95OverHealth } = ratiosOf(row);
      return [
        String(row.connections),
        perSecond(row.events.perSecond),
        ms(row.events.p50),
        ms(row.events.p95),
        ms(row.events.p99),
        errors(row.events),
        perSecond(row.ceiling.perSecond),
        ms(row.ceiling.p95),
        errors(row.ceiling),
        perSecond(row.pgbenchTps),
        times(ofCeiling),
        times(ofPgbench),
        ms(row.healthUnderLoad.p95),
        times(p95OverHealth),
      ];
    }),
  );
}

export function processTable(rows: readonly ProcessFigures[]): string {
  const head = ['database', 'cold start fresh', 'cold start migrated', 'RSS at rest', 'RSS peak under load', 'VmHWM', 'events/s (clients)', 'p95', 'errors'];
  return alignTable(
    head,
    rows.map((p) => [
      p.database,
      `${p.coldStartFreshMs.toFixed(0)} ms`,
      `${p.coldStartMigratedMs.map((t) => t.toFixed(0)).join(', ')} ms`,
      `${p.rssAtRestMiB.toFixed(0)} MiB`,
      `${p.rssPeakUnderLoadMiB.toFixed(0)} MiB`,
      `${p.rssHighWaterMiB.toFixed(0)} MiB`,
      `${perSecond(p.load.perSecond)} (${p.load.connections})`,
      ms(p.load.p95),
      errors(p.load),
    ]),
  );
}

export function latencyTable(rows: readonly LatencyRow[]): string {
  return alignTable(
    ['', 'n', 'median', 'p95', 'min', 'max'],
    rows.map(({ what, times: t }) => [what, String(t.length), ...[percentile(t, 0.5), percentile(t, 0.95), Math.min(...t), Math.max(...t)].map(fixed(3))]),
  );
}

export function profileTable(profile: ProfileFigures): string {
  return alignTable(
    ['self ms', 'share', 'function', 'where'],
    profile.top.map((line) => [line.selfMs.toFixed(0), `${(line.share * 100).toFixed(1)} %`, line.functionName, line.where]),
    [2, 3],
  );
}

const loadLine = (what: string, f: LoadFigures): string =>
  `${what}: ${perSecond(f.perSecond)}/s, p50 ${ms(f.p50)} ms, p95 ${ms(f.p95)} ms, p99 ${ms(f.p99)} ms, errors ${errors(f)}`;

/** The whole report, as `npm run bench` prints it. */
export function formatReport(result: BenchResult): string {
  const { machine } = result;
  const lines = [
    `U4SSC Roadmap benchmark — ${result.startedAt}`,
    `node ${machine.node} on ${machine.platform}; CPU: ${machine.cpu} × ${machine.cores}; ${result.postgres.version} at ${result.postgres.server}`,
    `Load average (1 min) ${machine.loadAverage.map((l) => l.toFixed(1)).join(' at the start, ')} at the end: other work on the machine skews the figures; compare runs. Latencies in ms.`,
    '',
    `POST /api/engagements/:id/events (PUT_ON_HOLD / RESUME over 64 engagements, ${result.seconds} s per client count) beside the bare node:http + pg`,
    'server doing the same transaction (ceiling) and pgbench TPC-B; /health p95 from one more connection at a fixed rate during the events:',
    sideBySideTable(result.sideBySide),
    loadLine('GET /health alone', result.healthAlone),
    '',
    'Server process: cold start is spawn → first /health 200; RSS from /proc/<pid>/status (PGlite: the database lives in the process);',
    'peak: the highest VmRSS sampled every 200 ms during the event loads (PostgreSQL: at 1, 8 and 32 connections; PGlite: at 8)',
    processTable(result.processes),
  ];
  if (result.latency.length > 0) lines.push('', 'One request at a time (ms)', latencyTable(result.latency));
  if (result.profile) {
    lines.push('', `CPU profile of the server under the 8-client event load: top ${result.profile.top.length} functions by self time (of ${result.profile.totalMs.toFixed(0)} ms sampled; ${result.profile.directory})`);
    lines.push(profileTable(result.profile));
  }
  if (result.notes.length > 0) lines.push('', ...result.notes);
  return lines.join('\n');
}
