/**
 * Reading the Cookie header and writing Set-Cookie, for the dashboard's session and login cookies.
 * Plain TypeScript: a cookie is `name=value` pairs separated by `;` (RFC 6265); a malformed pair is
 * skipped, never an error, and values are taken as they are (the server only sets base64url values).
 */

/** The cookies of a request: the first value of each name wins (as browsers send the most specific first). */
export function parseCookies(header: string | string[] | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  if (text.length > 8192) return cookies;
  for (const pair of text.split(';')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. Absent: a session cookie, gone when the browser closes. */
  maxAge?: number;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
  path?: string;
}

const TOKEN = /^[A-Za-z0-9_-]*$/;

/** A Set-Cookie value, always HttpOnly; the name and value must be base64url (the server's own tokens). */
export function serialiseCookie(name: string, value: string, options: CookieOptions): string {
  if (!TOKEN.test(name) || !TOKEN.test(value)) throw new Error('cookie names and values are base64url');
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAge === undefined ? [] : [`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`]),
  ].join('; ');
}
