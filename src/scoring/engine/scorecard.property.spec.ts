import fc from 'fast-check';
import { bandOf, pointsOf, progress } from './progress';
import { buildScorecard } from './scorecard';
import type { AggregateRow, Direction, KpiValueInput, ScorableKpi, Scorecard, TargetSpec, ValueStatus } from './types';

const directions: Direction[] = ['higher', 'lower', 'band'];
const statuses: ValueStatus[] = ['draft', 'submitted', 'verified', 'rejected', 'not_available'];

/** A target `span` away from `start`, on the side the direction calls better; sometimes none. */
const specOf = (direction: Direction, start: number, span: number, withTarget: boolean): TargetSpec => ({
  direction,
  start,
  target: withTarget ? (direction === 'lower' ? start - span : start + span) : null,
});

const spec = (direction: fc.Arbitrary<Direction>, withTarget: fc.Arbitrary<boolean>): fc.Arbitrary<TargetSpec> =>
  fc
    .tuple(direction, fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 500 }), withTarget)
    .map(([d, start, span, has]) => specOf(d, start, span, has));

/** Moves `value` the share `lambda` of the way toward `target`: never past it. */
const closer = (value: number, target: number | null, lambda: number): number =>
  target === null ? value : value + lambda * (target - value);

const pointsAt = (value: number, s: TargetSpec): number => pointsOf(bandOf(progress(value, s) ?? 0)) ?? 0;

describe('property: moving a value closer to its target never lowers its band', () => {
  it.each(directions)('%s', (direction) => {
    fc.assert(
      fc.property(
        spec(fc.constant(direction), fc.constant(true)),
        fc.integer({ min: -2000, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, value, lambda) => pointsAt(closer(value, s.target, lambda), s) >= pointsAt(value, s),
      ),
    );
  });
});

const kpiShape = (direction: Direction) =>
  fc.record({
    type: fc.constantFrom('core' as const, 'advanced' as const),
    category: fc.constantFrom('C1', 'C2', 'C3'),
    subdimension: fc.constantFrom('S1', 'S2'),
    dimension: fc.constantFrom('D1', 'D2'),
    sdgs: fc.subarray([1, 2, 3, 4, 5]),
    spec: spec(fc.constant(direction), fc.boolean()),
    dataPoints: fc.array(spec(fc.constant(direction), fc.boolean()), { maxLength: 3 }),
  });

/** Up to 8 KPIs in 3 categories, 2 sub-dimensions, 2 dimensions and 5 SDGs, some with data points. */
const kpisArb = (direction: Direction): fc.Arbitrary<ScorableKpi[]> =>
  fc.array(kpiShape(direction), { minLength: 1, maxLength: 8 }).map((shapes) =>
    shapes.map(({ spec: s, dataPoints, ...rest }, i) => ({
      code: `K${i}`,
      ...rest,
      ...s,
      dataPoints: dataPoints.map((d, j) => ({ key: `d${j}`, ...d })),
    })),
  );

/** Every scorable item with its target spec, in scorecard order. */
interface Item {
  code: string;
  dataPoint: string | null;
  spec: TargetSpec;
}
const itemsOf = (kpis: readonly ScorableKpi[]): Item[] =>
  kpis.flatMap((k): Item[] =>
    k.dataPoints.length > 0
      ? k.dataPoints.map((d) => ({ code: k.code, dataPoint: d.key, spec: d }))
      : [{ code: k.code, dataPoint: null, spec: k }],
  );

const aggregates = (card: Scorecard): AggregateRow<string | number>[] => [
  ...card.categories,
  ...card.subdimensions,
  ...card.dimensions,
  ...card.sdgs,
];

describe('property: moving a value closer to its target never lowers any aggregate percent', () => {
  it.each(directions)('%s: categories, sub-dimensions, dimensions and SDGs', (direction) => {
    const scenario = kpisArb(direction).chain((kpis) => {
      const items = itemsOf(kpis);
      return fc.record({
        kpis: fc.constant(kpis),
        values: fc.array(
          fc.record({ status: fc.constantFrom(...statuses), value: fc.integer({ min: -1000, max: 1000 }) }),
          { minLength: items.length, maxLength: items.length },
        ),
        moved: fc.nat(items.length - 1),
        lambda: fc.double({ min: 0, max: 1, noNaN: true }),
      });
    });
    fc.assert(
      fc.property(scenario, ({ kpis, values, moved, lambda }) => {
        const items = itemsOf(kpis);
        const before: KpiValueInput[] = items.map((it, i) => ({
          code: it.code,
          dataPoint: it.dataPoint,
          value: values[i].value,
          status: values[i].status,
        }));
        const after = before.map((v, i) =>
          i === moved ? { ...v, value: closer(v.value ?? 0, items[i]?.spec.target ?? null, lambda) } : v,
        );
        const [old, now] = [buildScorecard({ kpis, values: before }), buildScorecard({ kpis, values: after })];
        const oldRows = aggregates(old);
        const newRows = aggregates(now);
        expect(newRows.map((r) => r.name)).toEqual(oldRows.map((r) => r.name));
        newRows.forEach((r, i) => {
          const was = oldRows[i]?.percent ?? null;
          expect(r.percent === null).toBe(was === null);
          if (r.percent !== null && was !== null) expect(r.percent).toBeGreaterThanOrEqual(was);
        });
      }),
      { numRuns: 300 },
    );
  });
});
