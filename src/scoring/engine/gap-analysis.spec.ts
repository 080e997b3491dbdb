import { gapAnalysis } from './gap-analysis';
import { buildScorecard } from './scorecard';
import { testKpi } from './test-fixtures';
import type { KpiType, KpiValueInput, ScorableKpi, ValueStatus } from './types';

const kpi = (code: string, type: KpiType, fields: Partial<ScorableKpi> = {}): ScorableKpi => testKpi(code, { type, ...fields });

const value = (code: string, amount: number, status: ValueStatus, dataPoint: string | null = null): KpiValueInput => ({
  code,
  dataPoint,
  value: amount,
  status,
});

const points = [
  { key: 'b', direction: 'higher' as const, start: 0, target: 100 },
  { key: 'a', direction: 'higher' as const, start: 0, target: 100 },
];

const kpis = [
  kpi('A-FAR', 'advanced'), // submitted, progress 0.4 → a scored gap
  kpi('A-MISSING', 'advanced'), // advanced, not reported → last
  kpi('A-DRAFT', 'advanced'), // advanced draft → last
  kpi('A-REACHED', 'advanced'), // reached → not a gap
  kpi('C-FAR', 'core'), // verified, progress 0.2 → a scored gap
  kpi('C-NA', 'core'), // not available → first
  kpi('C-MISSING', 'core'), // not reported → first
  kpi('C-POINTS', 'core', { dataPoints: points }), // two data points, not reported → first
  kpi('C-HALF', 'core'), // submitted, progress 0.5 → core not verified
  kpi('C-NEAR', 'core'), // submitted, progress 0.8 → core not verified, after C-HALF
  kpi('C-REACHED', 'core'), // verified, reached → not a gap
  kpi('C-NO-TARGET', 'core', { target: null }), // no target → not a gap
];

const values = [
  value('A-FAR', 40, 'submitted'),
  value('A-DRAFT', 90, 'draft'),
  value('A-REACHED', 97, 'verified'),
  value('C-FAR', 20, 'verified'),
  value('C-NA', 0, 'not_available'),
  value('C-HALF', 50, 'submitted'),
  value('C-NEAR', 80, 'submitted'),
  value('C-REACHED', 100, 'verified'),
  value('C-NO-TARGET', 12, 'verified'),
];

describe('gapAnalysis', () => {
  const gaps = gapAnalysis(buildScorecard({ kpis, values }), kpis, values);

  it('ranks core not reported, core not verified, scored gaps by distance, then advanced not reported', () => {
    expect(gaps.map((g) => [g.code, g.dataPoint, g.reason, g.distance])).toEqual([
      ['C-MISSING', null, 'not_reported', null],
      ['C-NA', null, 'not_available', null],
      ['C-POINTS', 'a', 'not_reported', null],
      ['C-POINTS', 'b', 'not_reported', null],
      ['C-HALF', null, 'not_verified', 0.5],
      ['C-NEAR', null, 'not_verified', 0.2],
      ['C-FAR', null, 'below_target', 0.8],
      ['A-FAR', null, 'below_target', 0.6],
      ['A-DRAFT', null, 'not_reported', null],
      ['A-MISSING', null, 'not_reported', null],
    ]);
  });

  it('gives each gap its band, value, target and type', () => {
    expect(gaps.find((g) => g.code === 'C-FAR')).toEqual({
      code: 'C-FAR',
      dataPoint: null,
      band: 'below_one_third',
      value: 20,
      target: 100,
      distance: 0.8,
      type: 'core',
      reason: 'below_target',
    });
    expect(gaps.find((g) => g.code === 'A-DRAFT')).toMatchObject({ band: 'no_data', value: null, type: 'advanced' });
  });

  it('leaves out items that reached their target and items without a target', () => {
    const codes = gaps.map((g) => g.code);
    expect(codes).not.toContain('C-REACHED');
    expect(codes).not.toContain('A-REACHED');
    expect(codes).not.toContain('C-NO-TARGET');
  });

  it('does not depend on the order of the catalogue', () => {
    const reversed = [...kpis].reverse();
    expect(gapAnalysis(buildScorecard({ kpis: reversed, values }), reversed, values)).toEqual(gaps);
  });

  it('refuses a scorecard whose KPIs are not in the catalogue given', () => {
    expect(() => gapAnalysis(buildScorecard({ kpis, values }), [], values)).toThrow(/A-FAR/);
  });
});
