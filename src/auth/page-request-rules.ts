/**
 * The rules a page request (the dashboard) is held to, in plain TypeScript: when a session has
 * expired, whether an unsafe request comes from this site, and comparing CSRF tokens in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60_000;
/** …and this long after sign-in, whatever happens. */
export const SESSION_MAX_MS = 8 * 60 * 60_000;
/** Seen again within this long: last_seen_at is not written again (one write a minute at most). */
export const SESSION_TOUCH_MS = 60_000;

export const SESSION_COOKIE = 'u4ssc_session';

export function sessionExpired(session: { lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  return now.getTime() >= session.expiresAt.getTime() || now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS;
}

/** The stored form of a session id: its SHA-256 in hex. */
export const hashSessionId = (raw: string): string => createHash('sha256').update(raw).digest('hex');

/** What a session cookie may look like (32 random bytes in base64url); anything else is not looked up. */
export const looksLikeSessionId = (raw: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(raw);

/** Two tokens compared in constant time (digests of equal length); a missing or non-string one never matches. */
export function tokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512 || expected.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(new Uint8Array(a), new Uint8Array(b));
}

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why an unsafe request looks cross-site, or null: a browser's Sec-Fetch-Site other than same-origin
 * (or none: typed or bookmarked), or an Origin that is not this server's. `Origin: null` says
 * nothing: browsers send it for a same-origin form under `Referrer-Policy: no-referrer` (helmet's
 * default). Requests without either header (not a browser, or an old one) rely on the CSRF token alone.
 */
export function crossSiteRefusal(headers: Record<string, string | string[] | undefined>, ownOrigin: string): string | null {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return `The form was sent from another site (Sec-Fetch-Site: ${site})`;
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null' && origin.toLowerCase() !== ownOrigin.toLowerCase()) return 'The form was sent from another site (its Origin is not this server)';
  return null;
}
