import { CpuProfile, shortWhere, topSelfTime } from './profile';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });

describe('CPU profile: self time per function', () => {
  const first: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1) },
      { id: 2, callFrame: frame('addFields', 'file:///app/node_modules/pg/lib/result.js', 81) },
      { id: 3, callFrame: frame('', 'file:///app/dist/src/engagements/engagement-writer.js', 41) },
      { id: 4, callFrame: frame('', 'file:///app/dist/src/engagements/engagement-writer.js', 90) },
    ],
    samples: [2, 3, 2, 4, 1],
    timeDeltas: [1000, 2000, 3000, 500, 3500],
  };
  // A second profile (another thread) numbers its nodes its own way.
  const second: CpuProfile = { nodes: [{ id: 7, callFrame: frame('addFields', 'file:///app/node_modules/pg/lib/result.js', 81) }], samples: [7], timeDeltas: [2000] };

  it('sums each sample time to the function sampled, across profiles, and keeps two anonymous functions of one file apart', () => {
    const { totalMs, top } = topSelfTime([first, second], 10, '/app');
    expect(totalMs).toBe(12);
    expect(top.map((l) => [l.functionName, l.where, l.selfMs])).toEqual([
      ['addFields', 'node_modules/pg/lib/result.js:82', 6],
      ['(root)', '(native)', 3.5],
      ['(anonymous)', 'dist/src/engagements/engagement-writer.js:42', 2],
      ['(anonymous)', 'dist/src/engagements/engagement-writer.js:91', 0.5],
    ]);
    expect(top[0].share).toBe(0.5);
  });

  it('keeps the top n', () => {
    expect(topSelfTime([first], 1, '/app').top.map((l) => l.functionName)).toEqual(['addFields']);
  });

  it('shortens paths to the package or the project', () => {
    expect(shortWhere('file:///x/node_modules/a/node_modules/b/i.js', 0, '/x')).toBe('node_modules/b/i.js:1');
    expect(shortWhere('node:internal/crypto/keys', 609, '/x')).toBe('node:internal/crypto/keys:610');
  });
});
