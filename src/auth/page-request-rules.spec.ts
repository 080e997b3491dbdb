import { crossSiteRefusal, looksLikeSessionId, SESSION_IDLE_MS, SESSION_MAX_MS, sessionExpired, tokensMatch } from './page-request-rules';

describe('page request rules', () => {
  const signedIn = new Date('2026-01-01T08:00:00Z');
  const session = (lastSeen: Date) => ({ lastSeenAt: lastSeen, expiresAt: new Date(signedIn.getTime() + SESSION_MAX_MS) });

  it('ends a session after the idle time without a request, and at its absolute expiry even when in use', () => {
    const at = (ms: number) => new Date(signedIn.getTime() + ms);
    expect(sessionExpired(session(signedIn), at(SESSION_IDLE_MS - 1))).toBe(false);
    expect(sessionExpired(session(signedIn), at(SESSION_IDLE_MS))).toBe(true);
    expect(sessionExpired(session(at(SESSION_MAX_MS - 1000)), at(SESSION_MAX_MS - 1))).toBe(false);
    expect(sessionExpired(session(at(SESSION_MAX_MS - 1000)), at(SESSION_MAX_MS))).toBe(true);
  });

  it('matches CSRF tokens only when equal and present', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abd', 'abc')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(tokensMatch(undefined, 'abc')).toBe(false);
    expect(tokensMatch(['abc'], 'abc')).toBe(false);
    expect(tokensMatch('abc', '')).toBe(false);
  });

  it('refuses cross-site browsers by Sec-Fetch-Site or Origin, lets same-origin and header-less requests through', () => {
    const own = 'http://localhost:3000';
    expect(crossSiteRefusal({ 'sec-fetch-site': 'cross-site' }, own)).toMatch(/another site/);
    expect(crossSiteRefusal({ 'sec-fetch-site': 'same-site' }, own)).toMatch(/another site/);
    expect(crossSiteRefusal({ origin: 'https://evil.example' }, own)).toMatch(/Origin/);
    expect(crossSiteRefusal({ origin: 'null', 'sec-fetch-site': 'same-origin' }, own)).toBeNull();
    expect(crossSiteRefusal({ origin: 'null', 'sec-fetch-site': 'cross-site' }, own)).toMatch(/another site/);
    expect(crossSiteRefusal({ 'sec-fetch-site': 'same-origin', origin: own }, own)).toBeNull();
    expect(crossSiteRefusal({}, own)).toBeNull();
  });

  it('looks up only cookies shaped like a session id', () => {
    expect(looksLikeSessionId('a'.repeat(43))).toBe(true);
    expect(looksLikeSessionId("' OR 1=1 --")).toBe(false);
  });
});
