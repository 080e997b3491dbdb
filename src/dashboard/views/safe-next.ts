/** Where to go after signing in: a local path of this site only (an open redirect otherwise); `/` by default. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return '/';
  // eslint-disable-next-line no-control-regex
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://this.site');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://this.site') return '/';
  if (url.pathname === '/login' || url.pathname === '/logout') return '/';
  return `${url.pathname}${url.search}`;
}
