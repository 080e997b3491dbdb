import fc from 'fast-check';
import { concatBytes, encode, PathValue, poolOf, sometimes } from './cases';
import { hostileKey, hostileString, PROTOTYPE_KEYS } from './hostile';
import { shorten } from './json-text';
import type { Route } from './routes';
import type { World } from './world';

/** Who browses: people signed in to the dashboard (a session cookie), or nobody. */
export type Browser = 'admin' | 'manager' | 'approver' | 'anonymous';

/** A dashboard request: a page with a hostile query, or a form posted as raw urlencoded bytes. */
export interface PageCase {
  route: Route;
  browser: Browser;
  path: PathValue[];
  query: [string, string][];
  /** The form's CSRF token: the right one, a wrong one, or none. */
  csrf: 'right' | 'wrong' | 'absent';
  /** The form's other fields, each already urlencoded (or deliberately not). */
  form: [string, string][];
  /** Bytes sent after the fields, as they are (not UTF-8, stray %). */
  tail: Uint8Array;
  contentType: string;
}

/** The form fields the dashboard reads, and the values it expects. */
const FIELDS: Record<string, string[]> = {
  decision: ['approve', 'request_changes', 'APPROVE', ''],
  comment: ['Looks right', ''],
  expectedVersion: ['1', '7', '0', '-1', '1e999', 'NaN', '1.5', ''],
  published: ['true', 'false', 'TRUE', '1', ''],
  email: ['nobody@u4ssc.test', ''],
  password: ['wrong-password-1', ''],
  next: ['/', '/engagements', '//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/%2F%2Fevil'],
};
const QUERY = ['stage', 'cityId', 'cities', 'city', 'next'];
const RAW = ['%', '%zz', '%ED%A0%80', '%00', '%FF', '+', '&&', '==', '=', 'a=b=c', '%26'];

const value = (name: string, world: World): fc.Arbitrary<string> => {
  const ids = [...(world.pools.city ?? []), ...(world.pools.engagement ?? [])].map((p) => p.id);
  const known = name === 'email' ? [...FIELDS.email, world.victimEmail] : FIELDS[name] ?? (/city|cities/i.test(name) ? [ids.join(','), ids[0] ?? 'x', `${ids[0] ?? 'x'},${ids[0] ?? 'x'}`] : ['assessment', 'design', 'x']);
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known).map(encode), weight: 4 },
    { arbitrary: hostileString.filter((s) => s.length < 40_000).map(encode), weight: 3 },
    { arbitrary: fc.constantFrom(...RAW), weight: 1 },
  );
};

const pairs = (names: string[], world: World, extraKeys: boolean): fc.Arbitrary<[string, string][]> =>
  fc
    .tuple(
      fc.tuple(...names.map((name) => sometimes(value(name, world).map((v): [string, string] => [name, v]), 60))),
      fc.array(
        fc.oneof(
          fc.tuple(hostileKey(), hostileString.filter((s) => s.length < 2_000)).map(([k, v]): [string, string] => [encode(k), encode(v)]),
          fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS, '__proto__[admin]', 'a[b]', '_csrf', 'decision'), fc.constantFrom('true', 'x', '')).map(([k, v]): [string, string] => [encode(k), encode(v)]),
          fc.constantFrom(...RAW).map((raw): [string, string] => [raw, raw]),
        ),
        { maxLength: extraKeys ? 3 : 1 },
      ),
      // Over the 50 fields a form may carry, now and then.
      sometimes(fc.constant(Array.from({ length: 60 }, (_, i): [string, string] => [`f${i}`, 'x'])), 3),
    )
    .map(([known, extra, many]) => [...known.flatMap((p) => (p ? [p] : [])), ...extra, ...(many ?? [])]);

/** Every fuzzed request for one dashboard route. */
export function pageCasesFor(route: Route, world: World): fc.Arbitrary<PageCase> {
  const post = route.method === 'post';
  const fieldNames = route.path === '/login' ? ['email', 'password', 'next'] : route.path.endsWith('/approvals') ? ['decision', 'comment', 'expectedVersion'] : route.path.endsWith('/publication') ? ['published'] : [];
  const path = fc.tuple(
    ...route.pathParams.map((name) => {
      const pool = world.pools[poolOf(route, name)] ?? world.pools.city ?? [];
      return fc
        .oneof(
          { arbitrary: fc.constantFrom(...pool).map((p) => ({ segment: p.id, label: p.label })), weight: 6 },
          { arbitrary: fc.uuid().map((u) => ({ segment: u, label: 'an unknown uuid' })), weight: 1 },
          { arbitrary: fc.oneof(hostileString.filter((s) => s.length > 0 && s.length < 2_000).map(encode), fc.constantFrom(...RAW)).map((segment) => ({ segment, label: 'a hostile segment' })), weight: 2 },
        )
        .map((v): PathValue => ({ name, ...v }));
    }),
  );
  return fc.record({
    route: fc.constant(route),
    browser: route.path === '/login' ? fc.constant<Browser>('anonymous') : fc.constantFrom<Browser>('admin', 'admin', 'manager', 'approver', 'approver', 'anonymous'),
    path,
    query: pairs(post ? [] : QUERY, world, !post),
    csrf: post ? fc.oneof({ arbitrary: fc.constant<'right'>('right'), weight: 8 }, { arbitrary: fc.constantFrom<'wrong' | 'absent'>('wrong', 'absent'), weight: 1 }) : fc.constant<'absent'>('absent'),
    form: post ? pairs(fieldNames, world, true) : fc.constant([]),
    tail: post ? fc.oneof({ arbitrary: fc.constant(new Uint8Array()), weight: 8 }, { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 1 }) : fc.constant(new Uint8Array()),
    contentType: post
      ? fc.oneof({ arbitrary: fc.constant('application/x-www-form-urlencoded'), weight: 10 }, { arbitrary: fc.constantFrom('application/x-www-form-urlencoded; charset=latin1', 'application/json', 'text/plain', 'multipart/form-data; boundary=x'), weight: 1 })
      : fc.constant(''),
  });
}

export function pageUrlOf(c: PageCase): string {
  let path = c.route.path;
  for (const p of c.path) path = path.replace(`{${p.name}}`, p.segment);
  return c.query.length ? `${path}?${c.query.map(([k, v]) => `${k}=${v}`).join('&')}` : path;
}

/** The form as sent: its fields, the CSRF token where asked, and any raw tail. */
export function formBytes(c: PageCase, token: string): Buffer {
  const fields = [...c.form];
  if (c.csrf === 'right') fields.unshift(['_csrf', encode(token)]);
  if (c.csrf === 'wrong') fields.unshift(['_csrf', 'not-the-token']);
  return concatBytes([Buffer.from(fields.map(([k, v]) => `${k}=${v}`).join('&')), c.tail]);
}

export function describePageCase(c: PageCase): string {
  const lines = [`${c.route.method.toUpperCase()} ${shorten(pageUrlOf(c), 600)}   (dashboard route ${c.route.method.toUpperCase()} ${c.route.path}, as ${c.browser})`];
  for (const p of c.path) lines.push(`  {${p.name}} = ${p.label}`);
  if (c.route.method === 'post') {
    lines.push(`  Content-Type: ${c.contentType}`);
    lines.push(`  form: ${c.csrf === 'right' ? '_csrf=<the session token>&' : c.csrf === 'wrong' ? '_csrf=not-the-token&' : ''}${shorten(c.form.map(([k, v]) => `${k}=${v}`).join('&'), 1200)}`);
    if (c.tail.length) lines.push(`  then the bytes ${Buffer.from(c.tail).toString('hex')}`);
  }
  return lines.join('\n');
}
