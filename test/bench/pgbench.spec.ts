import { parseTps } from './pgbench';

describe('pgbench output', () => {
  it('reads the tps without connection time (pgbench 14+) or excluding connections (older)', () => {
    const output = 'number of failed transactions: 0 (0.000%)\nlatency average = 13.650 ms\ninitial connection time = 4.370 ms\ntps = 586.082137 (without initial connection time)\n';
    expect(parseTps(output)).toBe(586.082137);
    expect(parseTps('tps = 1201.5 (including connections establishing)\ntps = 1210.25 (excluding connections establishing)\n')).toBe(1210.25);
    expect(parseTps('connection to server failed')).toBeNull();
  });
});
