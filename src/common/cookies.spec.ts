import { parseCookies, serialiseCookie } from './cookies';

describe('cookies', () => {
  it('reads name=value pairs, skips malformed ones, keeps the first of a name', () => {
    const c = parseCookies('a=1; b = two ;junk; =x; a=3; q="quoted"');
    expect([...c]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['q', 'quoted'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies('x'.repeat(9000) + '=1').size).toBe(0);
  });

  it('writes HttpOnly cookies with SameSite, Path, Secure only when asked, Max-Age when given', () => {
    expect(serialiseCookie('s', 'abc_-1', { sameSite: 'Lax', secure: false })).toBe('s=abc_-1; Path=/; HttpOnly; SameSite=Lax');
    expect(serialiseCookie('s', '', { sameSite: 'Strict', secure: true, maxAge: 0 })).toBe('s=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0');
    expect(() => serialiseCookie('s', 'a;b', { sameSite: 'Lax', secure: false })).toThrow();
  });
});
