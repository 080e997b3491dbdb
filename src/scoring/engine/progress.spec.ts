import { bandOf, pointsOf, progress } from './progress';
import type { Band, TargetSpec } from './types';

const higher: TargetSpec = { direction: 'higher', start: 0, target: 100 }; // e.g. household internet access, %
const lower: TargetSpec = { direction: 'lower', start: 70, target: 15 }; // PM10, WHO IT-1 → AQG
const band: TargetSpec = { direction: 'band', start: 0, target: 1 }; // gender income ratio

describe('progress', () => {
  it('is the share of the way from start to target, for either direction', () => {
    expect(progress(80, higher)).toBe(0.8);
    expect(progress(42.5, lower)).toBe(0.5);
    expect(progress(0.8, band)).toBe(0.8);
    expect(progress(1.2, band)).toBe(0.8);
  });

  it('is clamped to [0, 1]', () => {
    expect(progress(120, higher)).toBe(1);
    expect(progress(-5, higher)).toBe(0);
    expect(progress(10, lower)).toBe(1);
    expect(progress(90, lower)).toBe(0);
    expect(progress(2.5, band)).toBe(0);
  });

  it('is null without a target, without a start, when target = start, or for a non-finite value', () => {
    expect(progress(5, { direction: 'higher', start: 0, target: null })).toBeNull();
    expect(progress(5, { direction: 'lower', start: null, target: 10 })).toBeNull();
    expect(progress(5, { direction: 'higher', start: 10, target: 10 })).toBeNull();
    expect(progress(Number.NaN, higher)).toBeNull();
  });
});

describe('bandOf, at and beside each edge, through real values', () => {
  const cases: [string, number, Band, TargetSpec][] = [
    ['higher', 95, 'reached', higher],
    ['higher', 94.99, 'above_two_thirds', higher],
    ['higher', 66, 'above_two_thirds', higher],
    ['higher', 65.99, 'one_to_two_thirds', higher],
    ['higher', 33, 'one_to_two_thirds', higher],
    ['higher', 32.99, 'below_one_third', higher],
    ['higher 0→3 (2.85/3 = 0.9500000000000001)', 2.85, 'reached', { direction: 'higher', start: 0, target: 3 }],
    ['lower', 17.75, 'reached', lower],
    ['lower', 17.7555, 'above_two_thirds', lower],
    ['lower (0.6599999999999999 in floats)', 33.7, 'above_two_thirds', lower],
    ['lower', 33.7055, 'one_to_two_thirds', lower],
    ['lower (0.32999999999999996 in floats)', 51.85, 'one_to_two_thirds', lower],
    ['lower', 51.8555, 'below_one_third', lower],
    ['band, below the target', 0.95, 'reached', band],
    ['band, above the target', 1.05, 'reached', band],
    ['band', 0.9499, 'above_two_thirds', band],
    ['band', 1.0501, 'above_two_thirds', band],
    ['band (0.6599999999999999 in floats)', 1.34, 'above_two_thirds', band],
    ['band', 0.66, 'above_two_thirds', band],
    ['band', 1.3401, 'one_to_two_thirds', band],
    ['band', 0.6599, 'one_to_two_thirds', band],
    ['band', 1.67, 'one_to_two_thirds', band],
    ['band', 0.33, 'one_to_two_thirds', band],
    ['band', 1.6701, 'below_one_third', band],
    ['band', 0.3299, 'below_one_third', band],
  ];
  it.each(cases)('%s: %p → %s', (_label, value, expected, spec) => {
    const share = progress(value, spec);
    expect(share).not.toBeNull();
    expect(bandOf(share ?? Number.NaN)).toBe(expected);
  });

  it('reads 0 as below one third and 1 as reached', () => {
    expect(bandOf(0)).toBe('below_one_third');
    expect(bandOf(1)).toBe('reached');
  });
});

describe('pointsOf', () => {
  it('gives 4, 3, 2, 1 points and leaves out no_target and no_data', () => {
    expect(pointsOf('reached')).toBe(4);
    expect(pointsOf('above_two_thirds')).toBe(3);
    expect(pointsOf('one_to_two_thirds')).toBe(2);
    expect(pointsOf('below_one_third')).toBe(1);
    expect(pointsOf('no_target')).toBeNull();
    expect(pointsOf('no_data')).toBeNull();
  });
});
