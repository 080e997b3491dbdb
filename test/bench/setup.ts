/** What the bench sets up through the server's own API before it measures. */
import type { Slot } from './load';

export const ADMIN = { email: 'admin@u4ssc.bench', password: 'bench-admin-password-1' };
const MANAGER = { email: 'manager@u4ssc.bench', password: 'bench-manager-password-1' };

/** A small client of the running server: JSON in, JSON out, the status checked. */
export class Api {
  constructor(readonly base: string) {}

  async call<T>(method: string, path: string, options: { token?: string; json?: unknown; csv?: string; status?: number } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.csv !== undefined) headers['content-type'] = 'text/csv';
    const body = options.csv ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    const res = await fetch(`${this.base}${path}`, { method, headers, body }).catch((error: Error) => {
      throw new Error(`${method} ${path}: ${error.message} (${(error.cause as Error | undefined)?.message ?? 'no cause'})`);
    });
    const expected = options.status ?? (method === 'POST' ? 201 : 200);
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  }

  async signIn(who: { email: string; password: string }): Promise<string> {
    return (await this.call<{ accessToken: string }>('POST', '/api/auth/login', { json: who, status: 200 })).accessToken;
  }
}

/** A city and an engagement on it, opened by the holder of `token` (who becomes its manager). */
export async function openEngagement(api: Api, token: string, name: string): Promise<{ id: string; version: number }> {
  const city = await api.call<{ id: string }>('POST', '/api/cities', { token, json: { name, country: 'Norway', population: 50000 } });
  return api.call<{ id: string; version: number }>('POST', '/api/engagements', { token, json: { cityId: city.id, title: `${name} roadmap` } });
}

/** A programme manager, signed in, and `count` engagements they manage (and so may put on hold and resume). */
export async function managedEngagements(api: Api, count: number, prefix: string): Promise<{ token: string; slots: Slot[] }> {
  const admin = await api.signIn(ADMIN);
  await api.call('POST', '/api/users', { token: admin, json: { ...MANAGER, name: 'Bench Manager', role: 'programme_manager' } });
  const token = await api.signIn(MANAGER);
  const slots: Slot[] = [];
  for (let i = 0; i < count; i++) {
    const { id, version } = await openEngagement(api, token, `${prefix} ${i + 1}`);
    slots.push({ id, version, onHold: false });
  }
  return { token, slots };
}
