import type { BenchResult, LoadFigures, SideBySideRow } from './model';
import { alignTable, formatReport, percentile, ratio, ratiosOf, sideBySideTable } from './report';

const load = (perSecond: number, p95: number, statuses: Record<string, number> = {}): LoadFigures => ({
  connections: 8,
  seconds: 15,
  perSecond,
  p50: p95 / 2,
  p95,
  p99: p95 * 2,
  errors: Object.values(statuses).reduce((a, b) => a + b, 0),
  statuses,
});

const row = (pgbenchTps: number | null): SideBySideRow => ({
  connections: 8,
  events: load(300, 60, { 409: 3 }),
  healthUnderLoad: load(50, 20),
  ceiling: load(1200, 10),
  pgbenchTps,
});

describe('bench report', () => {
  it('gives the ratios the aims are stated in: events/s ÷ ceiling and ÷ pgbench, event p95 ÷ /health p95', () => {
    expect(ratiosOf(row(3000))).toEqual({ ofCeiling: 0.25, ofPgbench: 0.1, p95OverHealth: 3 });
  });

  it('has no ratio where a figure is missing or nothing to divide by', () => {
    expect(ratiosOf(row(null)).ofPgbench).toBeNull();
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });

  it('takes percentiles by nearest rank, whatever the order', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99), percentile(values, 1)]).toEqual([50, 95, 99, 100]);
    expect(percentile([], 0.95)).toBe(0);
  });

  it('prints one line per client count, the errors by status and a dash for a missing pgbench figure, columns aligned', () => {
    const lines = sideBySideTable([row(3000), { ...row(null), connections: 32 }]).split('\n');
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[1]).toMatch(/^8 +300 +30\.0 +60\.0 +120\.0 +3 \(3×409\) +1200 +10\.0 +0 +3000 +0\.25 +0\.10 +20\.0 +3\.00$/);
    expect(lines[2]).toMatch(/ – +0\.25 +– +20\.0 +3\.00$/);
  });

  it('aligns the columns it is told to the left', () => {
    expect(alignTable(['a', 'bb'], [['ccc', 'd']], [0, 1]).split('\n')).toEqual(['a    bb', 'ccc  d']);
  });

  it('shows the profile only when one was taken', () => {
    const result: BenchResult = {
      startedAt: '2026-11-29T19:00:00.000Z',
      machine: { node: 'v20', platform: 'linux/x64', cpu: 'cpu', cores: 2, loadAverage: [1, 2] },
      postgres: { version: 'PostgreSQL 15', server: '127.0.0.1:5432' },
      seconds: 15,
      healthAlone: load(50, 5),
      sideBySide: [row(3000)],
      processes: [],
      latency: [],
      notes: [],
    };
    expect(formatReport(result)).not.toContain('CPU profile');
    const profiled = formatReport({ ...result, profile: { directory: '/tmp/p', totalMs: 1000, top: [{ functionName: 'writev', where: '(native)', selfMs: 200, share: 0.2 }] } });
    expect(profiled).toMatch(/CPU profile[^\n]*\n.*\n +200 +20\.0 % +writev +\(native\)/);
  });
});
