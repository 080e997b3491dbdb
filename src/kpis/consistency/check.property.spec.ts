import fc from 'fast-check';
import { loadCatalogue } from '../catalogue/catalogue';
import { itemKey } from '../../scoring/engine/scorecard';
import { checkConsistency } from './check';
import { loadConsistencyRules } from './rules';
import type { BaselineItem, CheckedValue } from './types';

const rules = loadConsistencyRules();
const catalogue = loadCatalogue();

/** Every catalogue item, plus items the catalogue does not know. */
const refs: [string, string | null][] = [
  ...catalogue.kpis.flatMap((k): [string, string | null][] => (k.dataPoints.length === 0 ? [[k.code, null]] : k.dataPoints.map((d) => [k.code, d.key]))),
  ['EC-I-WS-2C', 'pm10'],
  ['EN-EN-AQ-1C', null],
  ['XX-YY-1C', null],
];
const ref = fc.constantFrom(...refs);
const number = fc.oneof(fc.constant(null), fc.double(), fc.integer({ min: -10, max: 200 }), fc.constantFrom(0, 90, 2.5, 100));
const value = fc.tuple(ref, number).map(([[code, dataPoint], n]): CheckedValue => ({ code, dataPoint, value: n }));
const baselineItem = fc
  .tuple(ref, number, fc.option(fc.integer({ min: 2000, max: 2030 })))
  .map(([[code, dataPoint], n, year]): BaselineItem => ({ code, dataPoint, value: n, year }));

/** Decimal numbers in a text with more than ten significant digits (float noise: 70.30000000000001). */
const noisyNumbers = (text: string): string[] =>
  (text.match(/\d+\.\d+/g) ?? []).filter((n) => n.replace('.', '').replace(/^0+/, '').length > 10);

describe('property: checkConsistency', () => {
  it('never throws, and flags only items given a finite number in the values', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.array(baselineItem, { maxLength: 40 }), (values, baseline) => {
        const flags = checkConsistency(rules, catalogue, values, baseline);
        // The last value given for each item: only a finite number is checked.
        const last = new Map(values.map((x) => [itemKey(x.code, x.dataPoint), x.value]));
        const given = new Set([...last].filter(([, n]) => typeof n === 'number' && Number.isFinite(n)).map(([key]) => key));
        for (const [key, list] of flags) {
          expect(given.has(key)).toBe(true);
          expect(list.length).toBeGreaterThan(0);
          for (const flag of list) {
            expect(flag.compared[0].value).toEqual(expect.any(Number));
            expect(flag.message).not.toMatch(/NaN|Infinity|undefined/);
            expect(noisyNumbers(flag.message)).toEqual([]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same flags for the same input', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 30 }), fc.array(baselineItem, { maxLength: 30 }), (values, baseline) => {
        expect(checkConsistency(rules, catalogue, values, baseline)).toEqual(checkConsistency(rules, catalogue, [...values], [...baseline]));
      }),
      { numRuns: 100 },
    );
  });
});
