import { shareOf } from './load';

describe('the load: each connection its own engagements', () => {
  it.each([1, 8, 32])('shares 64 engagements between %i connections, each engagement to exactly one', (n) => {
    const slots = Array.from({ length: 64 }, (_, i) => i);
    const shares = Array.from({ length: n }, (_, k) => shareOf(slots, k, n));
    expect(shares.flat().sort((a, b) => a - b)).toEqual(slots);
    expect(new Set(shares.map((s) => s.length))).toEqual(new Set([64 / n]));
  });
});
