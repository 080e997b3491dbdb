import fc from 'fast-check';
import { Json, JsonObject, num, obj } from './json-text';

/** Keys that rewrite an object's prototype when code copies fields naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** SQL, template and path fragments: text that means something to a layer that should never read it as code. */
export const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE engagement; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "') UNION SELECT password_hash FROM app_user --",
  '{{constructor}}',
  '{{constructor.constructor "return process"}}',
  '{{#each this}}{{@key}}{{/each}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%s%s%s%n',
  '\\',
  '$where',
  '{"$gt": ""}',
  'javascript:alert(1)',
  '=cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
] as const;

/** Unicode that trips storage, comparison or display: NUL, lone surrogates, bidi marks, zero-width and combining characters. */
export const UNICODE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\udc00y',
  '\ud83c',
  '\u202eevil\u202c',
  '\u200f\u200e',
  '\u2066isolate\u2069',
  '\u200b',
  '\ufeff',
  '\u00a0',
  '\u3000',
  'e\u0301\u0301\u0301',
  'Z\u0351\u0308\u036b\u0303\u0352',
  '\u{1F30D}',
  '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}',
  '\uffff',
  '\ufffd',
  'Å',
  'ﷺ',
  '\r\n',
  '\t',
  '\u0085',
  '\u2028\u2029',
  '\u001b[31m',
] as const;

/** Strings that look like other types. */
const LOOKALIKES = ['', ' ', 'null', 'undefined', 'true', 'false', '0', '-1', '1e999', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', '12,5', '[]', '{}', '2024-02-30', '9999-12-31T23:59:60Z'];

const huge = fc.constantFrom(300, 4_001, 70_000, 300_000).chain((n) => fc.constantFrom('x', 'é', '\u{1F30D}', ' ', '\u0000').map((c) => c.repeat(n)));

/** A string to put where any value goes: short random text, injections, odd unicode, lookalikes, huge ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 2 },
  { arbitrary: fc.constantFrom(...INJECTIONS), weight: 3 },
  { arbitrary: fc.constantFrom(...UNICODE), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...UNICODE), fc.string({ maxLength: 6 })).map(([u, s]) => `${s}${u}${s}`), weight: 1 },
  { arbitrary: fc.constantFrom(...LOOKALIKES), weight: 2 },
  { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 1 },
  { arbitrary: fc.uuid().map((u) => u.toUpperCase()), weight: 1 },
  { arbitrary: huge, weight: 1 },
);

/** Numbers as written in JSON: extremes, non-finite once parsed (1e999), negative zero, fractions of cents. */
export const hostileNumber = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map(num),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(num),
  fc.constantFrom('1e999', '-1e999', '-0', '1e-7', '0.001', '9007199254740993', '-9007199254740993', '1.7976931348623157e308', '5e-324', '2147483648', '-2147483649', '12.345', '1E2', '100000000000000000000000').map(num),
);

/** Any JSON value a hostile client might send in place of a field, nesting included. */
export const hostileJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json; object: JsonObject; array: Json[] }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.boolean(), weight: 1 },
    { arbitrary: hostileString, weight: 5 },
    { arbitrary: hostileNumber, weight: 3 },
    { arbitrary: tie('array'), weight: 1 },
    { arbitrary: tie('object'), weight: 1 },
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(hostileKey(), tie('value')), { maxLength: 4 }).map(obj),
})).value;

/** A field name a client should never be able to slip in. */
export function hostileKey(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS), weight: 4 },
    { arbitrary: fc.constantFrom('id', 'version', 'role', 'isAdmin', 'admin', 'engagementId', 'createdAt', 'deletedAt', 'stage', 'passwordHash', 'toString', 'valueOf', 'hasOwnProperty'), weight: 3 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 2 },
    { arbitrary: fc.constantFrom('', ' ', 'a.b', 'items[0]', '$set', '\u0000', '\ud800', '\u202ename'), weight: 2 },
  );
}

/** `{"__proto__": {"isAdmin": true}}` and its kin, to put at any level. */
export const pollution: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('isAdmin', 'role', 'polluted', 'toString', 'prototype', '__proto__'), fc.oneof(fc.constant<Json>(true), fc.constant<Json>('admin'), hostileJson))
  .map(([outer, inner, value]): Json => (outer === 'constructor' ? obj([['prototype', obj([[inner, value]])]]) : obj([[inner, value]])));

/** A value nested `depth` levels deep (objects or arrays), around a leaf. */
export const nested = (depth: number, arrays: boolean, leaf: Json): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : obj([['a', value]]);
  return value;
};

export const deepValue: fc.Arbitrary<Json> = fc
  .tuple(fc.oneof(fc.integer({ min: 2, max: 12 }), fc.constantFrom(30, 31, 32, 33, 40, 1_000, 5_000)), fc.boolean(), fc.oneof(fc.constant<Json>(num(1)), hostileString))
  .map(([depth, arrays, leaf]) => nested(depth, arrays, leaf));
