import { loadCatalogue } from '../../kpis/catalogue/catalogue';
import { buildScorecard } from './scorecard';
import { bestExpectedValue, PROJECTED_STATUS, projectedInput, simulate, SimulationInputError, type Projection } from './simulation';
import { testKpi } from './test-fixtures';
import type { KpiValueInput, ScorecardInput, ValueStatus } from './types';

const value = (code: string, amount: number | null, status: ValueStatus = 'submitted', dataPoint: string | null = null): KpiValueInput => ({
  code,
  dataPoint,
  value: amount,
  status,
});
const at = (code: string, expectedValue: number, dataPoint: string | null = null): Projection => ({ code, dataPoint, expectedValue });

/** Two KPIs in one category (ICT), one with two data points in another (Water), one lower-is-better. */
const kpis = [
  testKpi('A', { category: 'ICT', sdgs: [9] }),
  testKpi('B', { category: 'ICT', sdgs: [9, 11] }),
  testKpi('W', {
    category: 'Water',
    subdimension: 'Water and Sanitation',
    dimension: 'Environment',
    sdgs: [6],
    dataPoints: [
      { key: 'urban', target: 100, start: 0, direction: 'higher' },
      { key: 'rural', target: 100, start: 0, direction: 'higher' },
    ],
  }),
  testKpi('L', { category: 'Air', dimension: 'Environment', sdgs: [3], direction: 'lower', target: 10, start: 50 }),
  testKpi('G', { category: 'Equity', dimension: 'Society', sdgs: [5], direction: 'band', target: 1, start: 0 }),
];

const input: ScorecardInput = {
  kpis,
  values: [value('A', 20), value('B', 95, 'verified'), value('W', 50, 'submitted', 'urban'), value('L', 40)],
};

describe('simulate: the projected scorecard beside the current one', () => {
  it('without projections: projected equals current, and nothing changes', () => {
    const sim = simulate(input, []);
    expect(sim.current).toEqual(buildScorecard(input));
    expect(sim.projected).toEqual(sim.current);
    expect(sim.changes).toEqual({ kpis: [], categories: [], subdimensions: [], dimensions: [], sdgs: [] });
  });

  it('an expected value at the target: the KPI reaches its band, and its category, sub-dimension, dimension and SDG move with it', () => {
    const sim = simulate(input, [at('A', 100)]);
    expect(sim.changes.kpis).toEqual([
      {
        code: 'A',
        dataPoint: null,
        valueBefore: 20,
        valueAfter: 100,
        progressBefore: 0.2,
        progressAfter: 1,
        bandBefore: 'below_one_third',
        bandAfter: 'reached',
        pointsBefore: 1,
        pointsAfter: 4,
      },
    ]);
    // ICT: A (1 → 4) and B (4): 5 of 8 → 8 of 8.
    expect(sim.changes.categories).toEqual([
      {
        name: 'ICT',
        percentBefore: 62.5,
        percentAfter: 100,
        bandBefore: 'one_to_two_thirds',
        bandAfter: 'reached',
        pointsBefore: 5,
        pointsAfter: 8,
        maxPointsBefore: 8,
        maxPointsAfter: 8,
      },
    ]);
    expect(sim.changes.subdimensions.map((r) => r.name)).toEqual(['ICT']);
    expect(sim.changes.dimensions.map((r) => r.name)).toEqual(['Economy']);
    expect(sim.changes.sdgs.map((r) => [r.name, r.pointsBefore, r.pointsAfter])).toEqual([[9, 5, 8]]);
    expect(sim.projected.categories.find((r) => r.name === 'Water')).toEqual(sim.current.categories.find((r) => r.name === 'Water'));
  });

  it('never scores twice: projected is buildScorecard of the projected input', () => {
    const projections = [at('A', 70), at('W', 80, 'rural'), at('L', 12), at('G', 1.2)];
    expect(simulate(input, projections).projected).toEqual(buildScorecard(projectedInput(input, projections)));
  });

  it('an item with no value counts as reported with the expected value: it enters the score and the denominator', () => {
    const sim = simulate(input, [at('W', 70, 'rural')]);
    expect(sim.changes.kpis).toEqual([
      expect.objectContaining({ code: 'W', dataPoint: 'rural', valueBefore: null, valueAfter: 70, bandBefore: 'no_data', bandAfter: 'above_two_thirds', pointsBefore: null, pointsAfter: 3 }),
    ]);
    expect(sim.changes.categories).toEqual([
      expect.objectContaining({ name: 'Water', pointsBefore: 2, pointsAfter: 5, maxPointsBefore: 4, maxPointsAfter: 8 }),
    ]);
    expect(sim.projected.completeness.core.dataPoints.reported).toBe(sim.current.completeness.core.dataPoints.reported + 1);
    expect(sim.projected.completeness.core.reported).toBe(sim.current.completeness.core.reported + 1);
  });

  it(`a projected value has the status ${PROJECTED_STATUS}: reported, never verified — a verified value projected leaves the verified count`, () => {
    const projected = projectedInput(input, [at('B', 100)]);
    expect(projected.values.find((v) => v.code === 'B')).toEqual(value('B', 100, 'submitted'));
    const sim = simulate(input, [at('B', 100)]);
    expect(sim.projected.completeness.core.verified).toBe(sim.current.completeness.core.verified - 1);
  });

  it('a draft, rejected or not-available value is replaced by the expected value, which counts', () => {
    for (const status of ['draft', 'rejected', 'not_available'] as const) {
      const sim = simulate({ kpis, values: [value('A', 99, status)] }, [at('A', 50)]);
      expect(sim.changes.kpis[0]).toEqual(expect.objectContaining({ valueBefore: null, valueAfter: 50, pointsAfter: 2 }));
    }
  });

  it('replaces the value even when the expected value is worse: it is what the action expects the KPI to be', () => {
    const sim = simulate(input, [at('B', 10)]);
    expect(sim.changes.kpis[0]).toEqual(expect.objectContaining({ valueBefore: 95, valueAfter: 10, pointsBefore: 4, pointsAfter: 1 }));
  });

  it('a data point alone: the other data point of the KPI stays as it is', () => {
    const sim = simulate(input, [at('W', 100, 'urban')]);
    expect(sim.changes.kpis.map((k) => [k.dataPoint, k.valueBefore, k.valueAfter])).toEqual([['urban', 50, 100]]);
    expect(sim.projected.kpis.find((k) => k.dataPoint === 'rural')).toEqual(sim.current.kpis.find((k) => k.dataPoint === 'rural'));
  });

  it("uses the engagement's target override, as the scorecard does", () => {
    const withOverride: ScorecardInput = { ...input, targets: [{ code: 'A', dataPoint: null, target: 200 }] };
    const sim = simulate(withOverride, [at('A', 100)]);
    expect(sim.changes.kpis[0]).toEqual(expect.objectContaining({ progressAfter: 0.5, bandAfter: 'one_to_two_thirds' }));
  });

  it('lists an aggregate holding a projected item even when its numbers do not move', () => {
    const sim = simulate(input, [at('B', 99)]);
    expect(sim.changes.categories).toEqual([expect.objectContaining({ name: 'ICT', pointsBefore: 5, pointsAfter: 5, percentBefore: 62.5, percentAfter: 62.5 })]);
  });

  it('does not change the input it is given', () => {
    const copy = structuredClone(input);
    simulate(input, [at('A', 100), at('W', 10, 'rural')]);
    expect(input).toEqual(copy);
  });

  it("accepts '' as the data point of a single-value KPI (as action_target stores it)", () => {
    expect(simulate(input, [at('A', 100, '')]).changes.kpis[0]).toEqual(expect.objectContaining({ code: 'A', dataPoint: null, valueAfter: 100 }));
  });
});

describe('simulate: several projections of one item — the best expected value in the direction counts (among equals, the first given)', () => {
  const afterOf = (projections: Projection[], base: ScorecardInput = input) => simulate(base, projections).changes.kpis[0].valueAfter;

  it('higher: the largest', () => {
    expect(afterOf([at('A', 40), at('A', 80), at('A', 60)])).toBe(80);
  });
  it('lower: the smallest', () => {
    expect(afterOf([at('L', 30), at('L', 15), at('L', 20)])).toBe(15);
  });
  it('band: the closest to the target, whichever side', () => {
    expect(afterOf([at('G', 0.5), at('G', 1.1), at('G', 1.4)])).toBe(1.1);
    expect(afterOf([at('G', 1.25), at('G', 0.75)])).toBe(1.25);
    expect(afterOf([at('G', 0.75), at('G', 1.25)])).toBe(0.75);
  });
  it('band: closest to the overriding target', () => {
    expect(afterOf([at('G', 1), at('G', 2.1)], { ...input, targets: [{ code: 'G', dataPoint: null, target: 2 }] })).toBe(2.1);
  });
  it('band without a target: the first given', () => {
    expect(bestExpectedValue([3, 1, 2], { direction: 'band', target: null, start: null })).toBe(3);
  });
  it('data points are separate items', () => {
    const sim = simulate(input, [at('W', 60, 'urban'), at('W', 90, 'rural'), at('W', 70, 'urban')]);
    expect(sim.changes.kpis.map((k) => [k.dataPoint, k.valueAfter])).toEqual([
      ['urban', 70],
      ['rural', 90],
    ]);
  });
});

describe('simulate: projections that do not fit the catalogue are refused, naming each', () => {
  const refusal = (projections: Projection[]): SimulationInputError => {
    try {
      simulate(input, projections);
    } catch (error) {
      if (error instanceof SimulationInputError) return error;
      throw error;
    }
    throw new Error('simulate accepted the projections');
  };

  it('an unknown KPI, an unknown data point, a missing data point, a data point of a single-value KPI, a non-finite value', () => {
    const error = refusal([
      at('A', 1),
      at('NOPE', 1),
      at('W', 1, 'suburban'),
      at('W', 1),
      at('A', 1, 'urban'),
      at('B', Number.NaN),
      at('B', Number.POSITIVE_INFINITY),
    ]);
    expect(error.problems.map((p) => [p.index, p.field])).toEqual([
      [1, 'code'],
      [2, 'dataPoint'],
      [3, 'dataPoint'],
      [4, 'dataPoint'],
      [5, 'expectedValue'],
      [6, 'expectedValue'],
    ]);
    expect(error.problems[0].message).toBe('NOPE is not a KPI of the catalogue');
    expect(error.problems[1].message).toBe('suburban is not a data point of W (urban, rural)');
    expect(error.message).toContain('W has data points (urban, rural): name one');
  });

  it('against the real catalogue too', () => {
    const catalogue = loadCatalogue();
    const withPoints = catalogue.kpis.find((k) => k.dataPoints.length > 0)!;
    expect(() => simulate({ kpis: catalogue.kpis, values: [] }, [at(withPoints.code, 1, 'not-a-point')])).toThrow(SimulationInputError);
    const single = catalogue.kpis.find((k) => k.dataPoints.length === 0)!;
    expect(simulate({ kpis: catalogue.kpis, values: [] }, [at(single.code, 1)]).changes.kpis).toHaveLength(1);
  });
});
