import { loadCatalogue } from '../../kpis/catalogue/catalogue';
import { buildScorecard } from './scorecard';
import { testKpi } from './test-fixtures';
import type { AggregateRow, KpiValueInput, Scorecard, ValueStatus } from './types';

const kpi = testKpi;

const value = (
  code: string,
  amount: number | null,
  status: ValueStatus = 'submitted',
  dataPoint: string | null = null,
): KpiValueInput => ({ code, dataPoint, value: amount, status });

const row = <N extends string | number>(rows: AggregateRow<N>[], name: N): AggregateRow<N> => {
  const found = rows.find((r) => r.name === name);
  if (!found) throw new Error(`no aggregate row ${String(name)}`);
  return found;
};

const item = (card: Scorecard, code: string, dataPoint: string | null = null) =>
  card.kpis.find((r) => r.code === code && r.dataPoint === dataPoint);

describe('buildScorecard: the Verification Manual worked example (Education, 4 KPIs)', () => {
  const catalogue = loadCatalogue();
  // Higher Education Degrees has no default target: the engagement sets one (an override).
  const targets = [{ code: 'SC-EH-ED-3C', dataPoint: null, target: 1000, start: 0 }];

  it('all 4 reported, 1 + 3 + 4 + 1 points: 9 of 16 = 56.25 % → one_to_two_thirds', () => {
    const card = buildScorecard({
      kpis: catalogue.kpis,
      targets,
      values: [
        value('SC-EH-ED-1C', 20),
        value('SC-EH-ED-2C', 80, 'verified'),
        value('SC-EH-ED-3C', 1000),
        value('SC-EH-ED-4C', 10),
      ],
    });
    expect(['SC-EH-ED-1C', 'SC-EH-ED-2C', 'SC-EH-ED-3C', 'SC-EH-ED-4C'].map((c) => item(card, c)?.points)).toEqual([
      1, 3, 4, 1,
    ]);
    const expected = { points: 9, maxPoints: 16, percent: 56.25, band: 'one_to_two_thirds' };
    expect(row(card.categories, 'Education')).toMatchObject({ ...expected, counts: { scored: 4, noTarget: 0, noData: 0 } });
    expect(row(card.subdimensions, 'Education, Health and Culture')).toMatchObject(expected);
    expect(row(card.dimensions, 'Society and Culture')).toMatchObject(expected);
    expect(row(card.sdgs, 4)).toMatchObject(expected);
    expect(row(card.sdgs, 5)).toMatchObject({ points: 1, maxPoints: 4, percent: 25, band: 'below_one_third' });
  });

  it('only 3 reported, 3 + 4 + 2 points: 9 of 12 = 75 % → above_two_thirds', () => {
    const card = buildScorecard({
      kpis: catalogue.kpis,
      targets,
      values: [
        value('SC-EH-ED-1C', 20, 'draft'),
        value('SC-EH-ED-2C', 80),
        value('SC-EH-ED-3C', 1000),
        value('SC-EH-ED-4C', 50),
      ],
    });
    expect(row(card.categories, 'Education')).toEqual({
      name: 'Education',
      points: 9,
      maxPoints: 12,
      percent: 75,
      band: 'above_two_thirds',
      counts: { scored: 3, noTarget: 0, noData: 1 },
    });
  });
});

describe('buildScorecard: aggregates', () => {
  const kpis = [
    kpi('A', { category: 'C1', subdimension: 'S1', dimension: 'D1', sdgs: [6, 11] }),
    kpi('B', { category: 'C1', subdimension: 'S1', dimension: 'D1', sdgs: [11], direction: 'lower', start: 50, target: 10 }),
    kpi('C', { category: 'C2', subdimension: 'S1', dimension: 'D1', sdgs: [6] }),
    kpi('D', { category: 'C3', subdimension: 'S2', dimension: 'D2', sdgs: [3], target: null }),
    kpi('E', { category: 'C3', subdimension: 'S2', dimension: 'D2', sdgs: [3] }),
  ];
  const card = buildScorecard({
    kpis,
    values: [value('A', 100), value('B', 30), value('C', 10), value('D', 7), value('E', 70, 'draft')],
  });

  it('scores every item: A reached, B halfway down from 50 to 10, C below a third, D no target, E a draft', () => {
    expect(card.kpis).toEqual([
      { code: 'A', dataPoint: null, value: 100, target: 100, start: 0, progress: 1, band: 'reached', points: 4 },
      { code: 'B', dataPoint: null, value: 30, target: 10, start: 50, progress: 0.5, band: 'one_to_two_thirds', points: 2 },
      { code: 'C', dataPoint: null, value: 10, target: 100, start: 0, progress: 0.1, band: 'below_one_third', points: 1 },
      { code: 'D', dataPoint: null, value: 7, target: null, start: 0, progress: null, band: 'no_target', points: null },
      { code: 'E', dataPoint: null, value: null, target: 100, start: 0, progress: null, band: 'no_data', points: null },
    ]);
  });

  it('sums points per category, sub-dimension and dimension over 4 × the scored items', () => {
    expect(card.categories.map((r) => [r.name, r.points, r.maxPoints, r.percent, r.band])).toEqual([
      ['C1', 6, 8, 75, 'above_two_thirds'],
      ['C2', 1, 4, 25, 'below_one_third'],
      ['C3', 0, 0, null, 'no_data'],
    ]);
    expect(row(card.categories, 'C3').counts).toEqual({ scored: 0, noTarget: 1, noData: 1 });
    expect(card.subdimensions.map((r) => [r.name, r.points, r.maxPoints, r.band])).toEqual([
      ['S1', 7, 12, 'one_to_two_thirds'],
      ['S2', 0, 0, 'no_data'],
    ]);
    expect(row(card.subdimensions, 'S1').percent).toBeCloseTo(58.333, 3);
    expect(card.dimensions.map((r) => [r.name, r.points, r.maxPoints])).toEqual([
      ['D1', 7, 12],
      ['D2', 0, 0],
    ]);
  });

  it('scores each SDG over the KPIs that inform it, in SDG order', () => {
    expect(card.sdgs.map((r) => [r.name, r.points, r.maxPoints, r.percent, r.band])).toEqual([
      [3, 0, 0, null, 'no_data'],
      [6, 5, 8, 62.5, 'one_to_two_thirds'],
      [11, 6, 8, 75, 'above_two_thirds'],
    ]);
  });

  it('leaves unreported and target-less items out of the denominator: they never lower a score', () => {
    const alone = buildScorecard({ kpis: [kpi('A')], values: [value('A', 100)] });
    const withGaps = buildScorecard({
      kpis: [kpi('A'), kpi('N'), kpi('T', { target: null })],
      values: [value('A', 100), value('T', 50)],
    });
    expect(withGaps.categories[0]).toEqual({
      ...alone.categories[0],
      counts: { scored: 1, noTarget: 1, noData: 1 },
    });
    expect(withGaps.categories[0]).toMatchObject({ points: 4, maxPoints: 4, percent: 100, band: 'reached' });
  });

  it('gives an aggregate no_target when none of its items has a target, no_data when targets wait for data', () => {
    const targetless = buildScorecard({
      kpis: [kpi('T1', { target: null }), kpi('T2', { target: null, start: null })],
      values: [value('T1', 3)],
    });
    expect(targetless.categories[0]).toMatchObject({ percent: null, band: 'no_target', counts: { scored: 0, noTarget: 1, noData: 1 } });
    const unreported = buildScorecard({ kpis: [kpi('A'), kpi('T', { target: null })], values: [] });
    expect(unreported.categories[0]).toMatchObject({ percent: null, band: 'no_data' });
  });
});

describe('buildScorecard: values, data points and targets', () => {
  it('scores submitted and verified values; draft, rejected, not available and missing are no_data', () => {
    const statuses: ValueStatus[] = ['submitted', 'verified', 'draft', 'rejected', 'not_available'];
    const kpis = [...statuses.map((s) => kpi(s)), kpi('missing')];
    const card = buildScorecard({ kpis, values: statuses.map((s) => value(s, 100, s)) });
    expect(card.kpis.map((r) => [r.code, r.band, r.value])).toEqual([
      ['submitted', 'reached', 100],
      ['verified', 'reached', 100],
      ['draft', 'no_data', null],
      ['rejected', 'no_data', null],
      ['not_available', 'no_data', null],
      ['missing', 'no_data', null],
    ]);
    const unusable = buildScorecard({ kpis: [kpi('A'), kpi('B')], values: [value('A', null), value('B', Number.NaN)] });
    expect(unusable.kpis.map((r) => r.band)).toEqual(['no_data', 'no_data']);
  });

  it('scores each data point on its own target, one row each, and counts each in the aggregates', () => {
    const air = kpi('AQ', {
      direction: 'lower',
      target: null,
      start: null,
      category: 'Air Quality',
      dataPoints: [
        { key: 'pm10', direction: 'lower', start: 70, target: 15 },
        { key: 'pm2-5', direction: 'lower', start: 35, target: 5 },
        { key: 'no2', direction: 'lower', start: 40, target: 10 },
      ],
    });
    const card = buildScorecard({
      kpis: [air],
      values: [value('AQ', 15, 'verified', 'pm10'), value('AQ', 20, 'submitted', 'pm2-5'), value('AQ', 3, 'submitted')],
    });
    expect(card.kpis.map((r) => [r.dataPoint, r.target, r.start, r.progress, r.band, r.points])).toEqual([
      ['pm10', 15, 70, 1, 'reached', 4],
      ['pm2-5', 5, 35, 0.5, 'one_to_two_thirds', 2],
      ['no2', 10, 40, null, 'no_data', null],
    ]);
    expect(card.categories[0]).toMatchObject({ points: 6, maxPoints: 8, percent: 75, counts: { scored: 2, noTarget: 0, noData: 1 } });
  });

  it('lets engagement targets replace the catalogue defaults, per KPI and per data point', () => {
    const kpis = [
      kpi('A'),
      kpi('B', { target: null }),
      kpi('C'),
      kpi('W', { target: null, start: null, dataPoints: [{ key: 'x', direction: 'higher', start: 0, target: 100 }] }),
    ];
    const card = buildScorecard({
      kpis,
      targets: [
        { code: 'A', dataPoint: null, target: 50 },
        { code: 'B', dataPoint: null, target: 10, start: 20, direction: 'lower' },
        { code: 'C', dataPoint: null, target: null },
        { code: 'W', dataPoint: 'x', target: 40 },
      ],
      values: [value('A', 50), value('B', 15), value('C', 50), value('W', 40, 'submitted', 'x')],
    });
    expect(card.kpis.map((r) => [r.code, r.target, r.start, r.progress, r.band])).toEqual([
      ['A', 50, 0, 1, 'reached'],
      ['B', 10, 20, 0.5, 'one_to_two_thirds'],
      ['C', null, 0, null, 'no_target'],
      ['W', 40, 0, 1, 'reached'],
    ]);
  });
});

describe('buildScorecard: completeness', () => {
  it('counts a KPI reported when every data point is reported, verified when every one is verified', () => {
    const twoPoints = [
      { key: 'a', direction: 'higher' as const, start: 0, target: 100 },
      { key: 'b', direction: 'higher' as const, start: 0, target: 100 },
    ];
    const kpis = [
      kpi('C1', { dataPoints: twoPoints }),
      kpi('C2', { dataPoints: twoPoints }),
      kpi('C3'),
      kpi('C4', { target: null }),
      kpi('A1', { type: 'advanced' }),
      kpi('A2', { type: 'advanced', dataPoints: twoPoints }),
    ];
    const card = buildScorecard({
      kpis,
      values: [
        value('C1', 50, 'verified', 'a'),
        value('C1', 50, 'submitted', 'b'),
        value('C2', 50, 'verified', 'a'),
        value('C3', 50, 'verified'),
        value('C4', 50, 'verified'),
        value('A1', 50, 'not_available'),
        value('A2', 50, 'verified', 'a'),
        value('A2', 50, 'rejected', 'b'),
      ],
    });
    expect(card.completeness).toEqual({
      core: { total: 4, reported: 3, verified: 2, dataPoints: { total: 6, reported: 5, verified: 4 } },
      advanced: { total: 2, reported: 0, verified: 0, dataPoints: { total: 3, reported: 1, verified: 1 } },
    });
  });

  it('covers the whole 2022 catalogue: 112 items, 22 categories, 7 sub-dimensions, 3 dimensions', () => {
    const card = buildScorecard({ kpis: loadCatalogue().kpis, values: [] });
    expect(card.kpis).toHaveLength(112);
    expect(card.kpis.every((r) => r.band === 'no_data')).toBe(true);
    expect([card.categories.length, card.subdimensions.length, card.dimensions.length]).toEqual([22, 7, 3]);
    expect(card.completeness.core).toMatchObject({ total: 54, reported: 0, verified: 0 });
    expect(card.completeness.advanced).toMatchObject({ total: 37, reported: 0 });
    expect(card.completeness.core.dataPoints.total + card.completeness.advanced.dataPoints.total).toBe(112);
    expect(card.sdgs.map((r) => r.name)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17]);
  });
});
