import fc from 'fast-check';
import { buildScorecard, itemKey } from './scorecard';
import { projectedInput, simulate, type Projection } from './simulation';
import type { AggregateRow, Direction, KpiValueInput, ScorableKpi, Scorecard, ScoredItem, TargetSpec, ValueStatus } from './types';

const directions: Direction[] = ['higher', 'lower', 'band'];
const statuses: ValueStatus[] = ['draft', 'submitted', 'verified', 'rejected', 'not_available'];

/** A target `span` away from `start`, on the side the direction calls better; sometimes none. */
const specOf = (direction: Direction, start: number, span: number, withTarget: boolean): TargetSpec => ({
  direction,
  start,
  target: withTarget ? (direction === 'lower' ? start - span : start + span) : null,
});

const spec = (direction: Direction): fc.Arbitrary<TargetSpec> =>
  fc
    .tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.boolean())
    .map(([start, span, has]) => specOf(direction, start, span, has));

/** Up to 6 KPIs in 3 categories, 2 sub-dimensions, 2 dimensions and 4 SDGs, some with data points. */
const kpisArb = (direction: Direction): fc.Arbitrary<ScorableKpi[]> =>
  fc
    .array(
      fc.record({
        type: fc.constantFrom('core' as const, 'advanced' as const),
        category: fc.constantFrom('C1', 'C2', 'C3'),
        subdimension: fc.constantFrom('S1', 'S2'),
        dimension: fc.constantFrom('D1', 'D2'),
        sdgs: fc.subarray([1, 2, 3, 4]),
        spec: spec(direction),
        dataPoints: fc.array(spec(direction), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((shapes) =>
      shapes.map(({ spec: s, dataPoints, ...rest }, i) => ({
        code: `K${i}`,
        ...rest,
        ...s,
        dataPoints: dataPoints.map((d, j) => ({ key: `d${j}`, ...d })),
      })),
    );

interface Item {
  code: string;
  dataPoint: string | null;
  spec: TargetSpec;
}
const itemsOf = (kpis: readonly ScorableKpi[]): Item[] =>
  kpis.flatMap((k): Item[] =>
    k.dataPoints.length > 0 ? k.dataPoints.map((d) => ({ code: k.code, dataPoint: d.key, spec: d })) : [{ code: k.code, dataPoint: null, spec: k }],
  );

/** A catalogue, a value (or none) per item, and 0–8 projections of its items (several may name one item). */
const scenario = (direction: Direction) =>
  kpisArb(direction).chain((kpis) => {
    const items = itemsOf(kpis);
    return fc.record({
      kpis: fc.constant(kpis),
      values: fc.array(
        fc.option(fc.record({ status: fc.constantFrom(...statuses), value: fc.integer({ min: -1000, max: 1000 }) }), { nil: undefined }),
        { minLength: items.length, maxLength: items.length },
      ),
      projections: fc.array(fc.record({ item: fc.nat(items.length - 1), expectedValue: fc.integer({ min: -1000, max: 1000 }) }), {
        maxLength: 8,
      }),
    });
  });

const build = (kpis: ScorableKpi[], values: ({ status: ValueStatus; value: number } | undefined)[], raw: { item: number; expectedValue: number }[]) => {
  const items = itemsOf(kpis);
  const current: KpiValueInput[] = items.flatMap((it, i) => {
    const v = values[i];
    return v ? [{ code: it.code, dataPoint: it.dataPoint, value: v.value, status: v.status }] : [];
  });
  const projections: Projection[] = raw.map((p) => ({ code: items[p.item].code, dataPoint: items[p.item].dataPoint, expectedValue: p.expectedValue }));
  return { items, input: { kpis, values: current }, projections };
};

/** Moves `value` the share `lambda` of the way toward `target`: never past it. */
const closer = (value: number, target: number | null, lambda: number): number => (target === null ? value : value + lambda * (target - value));

const aggregates = (card: Scorecard): AggregateRow<string | number>[] => [...card.categories, ...card.subdimensions, ...card.dimensions, ...card.sdgs];

describe('property: projected points never fall when an action’s expected value moves toward the target', () => {
  it.each(directions)('%s: every item, category, sub-dimension, dimension and SDG', (direction) => {
    fc.assert(
      fc.property(
        scenario(direction).filter((s) => s.projections.length > 0),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ kpis, values, projections: raw }, pick, lambda) => {
          const { items, input, projections } = build(kpis, values, raw);
          const moved = pick % raw.length;
          const target = items[raw[moved].item].spec.target;
          const nearer = projections.map((p, i) => (i === moved ? { ...p, expectedValue: closer(p.expectedValue, target, lambda) } : p));
          const [before, after] = [simulate(input, projections).projected, simulate(input, nearer).projected];
          after.kpis.forEach((row, i) => expect(row.points ?? 0).toBeGreaterThanOrEqual(before.kpis[i].points ?? 0));
          const [was, now] = [aggregates(before), aggregates(after)];
          now.forEach((row, i) => {
            expect(row.name).toBe(was[i].name);
            expect(row.maxPoints).toBe(was[i].maxPoints);
            expect(row.points).toBeGreaterThanOrEqual(was[i].points);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('property: with no projections, projected equals current and nothing changes', () => {
  it.each(directions)('%s', (direction) => {
    fc.assert(
      fc.property(scenario(direction), ({ kpis, values }) => {
        const { input } = build(kpis, values, []);
        const sim = simulate(input, []);
        expect(sim.current).toEqual(buildScorecard(input));
        expect(sim.projected).toEqual(sim.current);
        expect(sim.changes).toEqual({ kpis: [], categories: [], subdimensions: [], dimensions: [], sdgs: [] });
      }),
      { numRuns: 100 },
    );
  });
});

describe('property: the projected scorecard is consistent', () => {
  const sum = (rows: readonly ScoredItem[]) => rows.reduce((s, r) => s + (r.points ?? 0), 0);

  it.each(directions)('%s: unprojected items unchanged, projected items reported, aggregates recomputed from the items, changes read from the two scorecards', (direction) => {
    fc.assert(
      fc.property(scenario(direction), ({ kpis, values, projections: raw }) => {
        const { items, input, projections } = build(kpis, values, raw);
        const sim = simulate(input, projections);
        expect(sim.current).toEqual(buildScorecard(input));
        expect(sim.projected).toEqual(buildScorecard(projectedInput(input, projections)));

        const projected = new Set(projections.map((p) => itemKey(p.code, p.dataPoint)));
        sim.projected.kpis.forEach((row, i) => {
          const key = itemKey(row.code, row.dataPoint);
          if (!projected.has(key)) expect(row).toEqual(sim.current.kpis[i]);
          else {
            expect(row.value).not.toBeNull();
            expect(projections.filter((p) => itemKey(p.code, p.dataPoint) === key).map((p) => p.expectedValue)).toContain(row.value);
          }
        });
        expect(sim.changes.kpis.map((c) => itemKey(c.code, c.dataPoint))).toEqual(
          sim.current.kpis.map((r) => itemKey(r.code, r.dataPoint)).filter((k) => projected.has(k)),
        );
        for (const change of sim.changes.kpis) {
          const after = sim.projected.kpis.find((r) => r.code === change.code && r.dataPoint === change.dataPoint)!;
          expect([change.valueAfter, change.progressAfter, change.bandAfter, change.pointsAfter]).toEqual([after.value, after.progress, after.band, after.points]);
        }

        // Each projected aggregate is the official rule over its items: points ÷ (4 × scored).
        const kpiOf = new Map(kpis.map((k) => [k.code, k]));
        const groups: [keyof Pick<Scorecard, 'categories' | 'subdimensions' | 'dimensions'>, (k: ScorableKpi) => string][] = [
          ['categories', (k) => k.category],
          ['subdimensions', (k) => k.subdimension],
          ['dimensions', (k) => k.dimension],
        ];
        for (const [part, nameOf] of groups) {
          for (const row of sim.projected[part]) {
            const members = sim.projected.kpis.filter((r) => nameOf(kpiOf.get(r.code)!) === row.name);
            expect(row.points).toBe(sum(members));
            expect(row.maxPoints).toBe(4 * members.filter((r) => r.points !== null).length);
            const change = sim.changes[part].find((c) => c.name === row.name);
            const touched = members.some((r) => projected.has(itemKey(r.code, r.dataPoint)));
            expect(change !== undefined).toBe(touched);
            if (change) expect([change.pointsAfter, change.percentAfter, change.bandAfter]).toEqual([row.points, row.percent, row.band]);
          }
        }
        for (const row of sim.projected.sdgs) {
          const members = sim.projected.kpis.filter((r) => kpiOf.get(r.code)!.sdgs.includes(row.name));
          expect(row.points).toBe(sum(members));
        }
        expect(items.length).toBe(sim.projected.kpis.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('property: the order of the actions does not matter', () => {
  it.each(directions)('%s: the same projected points, whatever the order of the projections', (direction) => {
    fc.assert(
      fc.property(
        scenario(direction).chain((s) => fc.record({ s: fc.constant(s), order: fc.shuffledSubarray(s.projections, { minLength: s.projections.length }) })),
        ({ s: { kpis, values, projections: raw }, order }) => {
          const a = simulate(build(kpis, values, raw).input, build(kpis, values, raw).projections).projected;
          const b = simulate(build(kpis, values, order).input, build(kpis, values, order).projections).projected;
          expect(b.kpis.map((r) => r.points)).toEqual(a.kpis.map((r) => r.points));
          expect(aggregates(b)).toEqual(aggregates(a));
          // higher and lower choose one value; band may choose either of two equally close values.
          if (direction !== 'band') expect(b).toEqual(a);
        },
      ),
      { numRuns: 200 },
    );
  });
});
