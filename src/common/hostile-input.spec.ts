import { canonicalJson } from '../idempotency/idempotency.interceptor';
import { inspectInput, MAX_JSON_DEPTH, textProblem } from './hostile-input';

describe('hostile input', () => {
  it('finds NUL and lone surrogates, not well-formed pairs', () => {
    expect(textProblem('plain')).toBeUndefined();
    expect(textProblem('emoji \u{1F30D}')).toBeUndefined();
    expect(textProblem('a\u0000b')).toEqual({ rule: 'noNul', index: 1 });
    expect(textProblem('x\ud800@x.org')).toEqual({ rule: 'wellFormed', index: 1 });
    expect(textProblem('\udc00')).toEqual({ rule: 'wellFormed', index: 0 });
  });

  it('names every bad string by its dotted path, keys included', () => {
    const verdict = inspectInput({ name: 'ok', items: [{ name: 'a' }, { name: 'b\u0000' }], ['k\u0000']: 1, notes: '\ud800' });
    expect(verdict).toEqual({
      tooDeep: false,
      problems: [
        expect.objectContaining({ field: 'items.1.name', rule: 'noNul' }),
        expect.objectContaining({ field: 'k\\u0000', rule: 'noNul' }),
        expect.objectContaining({ field: 'notes', rule: 'wellFormed' }),
      ],
    });
  });

  it('refuses nesting past the limit without recursing, naming the top-level field', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(inspectInput({ x: deep })).toEqual({ tooDeep: true, field: 'x' });
    let ok: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) ok = { a: ok };
    expect(inspectInput({ x: ok })).toEqual({ tooDeep: false, problems: [] });
    expect(inspectInput({ x: { a: ok } })).toEqual({ tooDeep: true, field: 'x' });
  });
});

describe('canonicalJson (Idempotency-Key hash)', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [3, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 3] })).not.toBe(canonicalJson({ a: [3, 1] }));
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('hostile input: size', () => {
  it('walks a 1 MB array of half a million numbers, finding the one bad string at its end', () => {
    const big = JSON.parse(`[${Array.from({ length: 500_000 }, () => '0').join(',')},"\\u0000"]`) as unknown[];
    expect(inspectInput({ values: big })).toEqual({ tooDeep: false, problems: [expect.objectContaining({ field: 'values.500000', rule: 'noNul' })] });
  });
});
