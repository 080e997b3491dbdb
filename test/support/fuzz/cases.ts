import fc from 'fast-check';
import { deepValue, hostileJson, hostileKey, hostileNumber, hostileString, INJECTIONS, pollution, PROTOTYPE_KEYS, UNICODE } from './hostile';
import { Json, JsonNumber, JsonObject, num, obj, shorten, toJsonText } from './json-text';
import type { Route, Schema } from './routes';
import { routeKey } from './routes';
import type { Identity, World } from './world';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One path parameter: the segment as sent (percent-encoded) and what it is. */
export interface PathValue {
  name: string;
  segment: string;
  label: string;
}

/** A body: JSON (as a tree, sent as its exact text), text, raw bytes, or the seeded workbook with bytes changed. */
export type Body =
  | { kind: 'json'; value: Json }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'workbook'; flips: [number, number][]; cutAt: number | null; append: Uint8Array };

/** One fuzzed request. */
export interface Case {
  route: Route;
  identity: Identity;
  path: PathValue[];
  /** name=value pairs, each already percent-encoded (or deliberately not). */
  query: [string, string][];
  headers: Record<string, string>;
  contentType: string | null;
  body: Body | null;
}

/** `arbitrary` in about `percent` % of the cases, else null. */
export const sometimes = <T>(arbitrary: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 100 - percent }, { arbitrary, weight: percent });

/** Percent-encodes text for a URL; a lone surrogate becomes the bytes of its code unit (CESU-8), which is not UTF-8. */
export function encode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

/** Segments or query parts written as a careless or hostile client writes them: not percent-encoded properly. */
const RAW_ENCODINGS = ['%', '%zz', '%2', '%C0%AF', '%FF', '%ED%A0%80', '%00', '..', '.', '%2e%2e', '%2F', 'a%2Fb', '+', '%20', '%E2%80%AE', ';', ':', '@', '*', '~'];

const uuidLike = fc.oneof(
  fc.uuid().map((u) => ({ segment: u, label: 'an unknown uuid' })),
  fc.uuid().map((u) => ({ segment: u.toUpperCase(), label: 'an unknown uuid in capitals' })),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-4000-8000-000000000000').map((u) => ({ segment: u, label: 'a well-known uuid' })),
);

const badSegment = fc.oneof(
  hostileString.filter((s) => s.length > 0 && s.length < 5_000).map((s) => ({ segment: encode(s), label: 'a hostile text' })),
  fc.constantFrom(...RAW_ENCODINGS).map((s) => ({ segment: s, label: 'a raw segment' })),
  fc.uuid().map((u) => ({ segment: `{${u}}`, label: 'a uuid in braces' })),
  fc.uuid().map((u) => ({ segment: u.replace(/-/g, ''), label: 'a uuid without hyphens' })),
  fc.uuid().map((u) => ({ segment: `${u}x`, label: 'a uuid and more' })),
  fc.constantFrom('1', '0', '-1', '1e999', 'null', 'undefined', 'NaN', 'true', '[]', '%7B%7D').map((s) => ({ segment: s, label: 'not a uuid' })),
);

/** The pool of real ids a path parameter may name, by its name and the route. */
export function poolOf(route: Route, name: string): string {
  if (name === 'id') {
    if (route.path.startsWith('/api/engagements')) return 'engagement';
    if (route.path.startsWith('/api/users')) return 'victimUser';
    if (route.path.startsWith('/api/cities')) return 'city';
    if (route.path.startsWith('/api/webhooks')) return 'webhook';
    if (route.path.startsWith('/engagements')) return 'engagement';
  }
  const byName: Record<string, string> = {
    memberId: 'member',
    taskId: 'task',
    actionId: 'action',
    itemId: 'procurementItem',
    businessCaseId: 'businessCase',
    projectId: 'investmentProject',
    measurementId: 'measurement',
    questionId: 'question',
    evidenceId: 'evidence',
    gateId: 'gate',
    notificationId: 'notification',
    code: 'kpiCode',
  };
  return byName[name] ?? 'none';
}

function pathValue(route: Route, name: string, world: World): fc.Arbitrary<PathValue> {
  const pool = world.pools[poolOf(route, name)] ?? [];
  const real = pool.length > 0 ? fc.constantFrom(...pool).map((p) => ({ segment: encode(p.id), label: p.label })) : null;
  const options: fc.WeightedArbitrary<{ segment: string; label: string }>[] = [
    ...(real ? [{ arbitrary: real, weight: 14 }] : []),
    { arbitrary: uuidLike, weight: 2 },
    { arbitrary: badSegment, weight: 3 },
  ];
  return fc.oneof(...options).map((v) => ({ name, ...v }));
}

const isoDate = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const NOTIFICATION_TYPES = ['engagement.transitioned', 'gate.opened', 'gate.decided', 'gate.reminder', 'gate.overdue', 'task.assigned', 'task.reminder', 'task.overdue', 'kpi.submitted', 'kpi.verified', 'kpi.rejected', 'kpi.questioned', 'escalation'];

/** A value that fits a schema, with the real ids and codes of the world where the field names one: what gets a request to the handler. */
export function fitting(schema: Schema, name: string, world: World, depth = 0): fc.Arbitrary<Json> {
  const ids = (kind: string) => (world.pools[kind] ?? []).map((p) => p.id);
  const choose = (values: string[], fallback: fc.Arbitrary<string>) => (values.length ? fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 5 }, { arbitrary: fallback, weight: 1 }) : fallback);
  if (schema.enum?.length) return fc.constantFrom(...(schema.enum as Json[]));
  const type = schema.type ?? (schema.properties ? 'object' : 'string');
  if (type === 'object') {
    if (depth > 3) return fc.constant(obj([]));
    const props = Object.entries(schema.properties ?? {});
    if (props.length === 0 && schema.additionalProperties) {
      const keys = name === 'expectedValues' ? ids('kpiCode') : name === 'channels' ? NOTIFICATION_TYPES : ['a', 'b'];
      const value = typeof schema.additionalProperties === 'object' ? fitting(schema.additionalProperties, 'value', world, depth + 1) : fc.constant<Json>(num(1));
      return fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }).chain((ks) => fc.tuple(...ks.map((k) => value.map((v): [string, Json] => [k, v])))).map((entries) => obj(entries));
    }
    const required = new Set(schema.required ?? []);
    const fields = props.map(([key, s]) => {
      const value = fitting(s, key, world, depth + 1);
      // Optional fields the description gives an example for are the ones clients send most.
      return required.has(key) ? value.map((v) => [[key, v]] as [string, Json][]) : sometimes(value, s.example !== undefined ? 85 : 45).map((v) => (v === null ? [] : ([[key, v]] as [string, Json][])));
    });
    return fc.tuple(...fields).map((parts) => obj(parts.flat()));
  }
  if (type === 'array') {
    const items = schema.items ?? {};
    const singular = name === 'kpiCodes' ? 'code' : name === 'actionIds' ? 'actionId' : name.replace(/s$/, '');
    // Lists of ids or codes: distinct, at least one (what the routes ask for; mutations send the rest).
    if (/(Ids|Codes)$/.test(name)) return fc.uniqueArray(fitting(items, singular, world, depth + 1), { minLength: 1, maxLength: 3, selector: (j) => toJsonText(j) });
    return fc.array(fitting(items, singular, world, depth + 1), { minLength: 0, maxLength: 3 });
  }
  if (type === 'boolean') return fc.boolean();
  if (type === 'number' || type === 'integer') {
    const lo = schema.minimum ?? 0;
    const hi = schema.maximum ?? lo + 1_000_000;
    if (/^(expectedVersion|itemVersion)$/.test(name)) return fc.integer({ min: 1, max: 40 }).map(num);
    if (name === 'year') return fc.oneof({ arbitrary: fc.integer({ min: 2010, max: 2024 }), weight: 5 }, { arbitrary: fc.integer({ min: 1900, max: 2100 }), weight: 1 }).map(num);
    if (/^(value|target|start|expectedValue|paybackYears)$/.test(name)) return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }).map((d) => Math.round(d * 100) / 100)).map(num);
    if (/^(limit|offset)$/.test(name)) return fc.integer({ min: lo, max: Math.min(hi, 60) }).map(num);
    return fc.integer({ min: Math.ceil(lo), max: Math.floor(Math.min(hi, lo + 1_000_000)) }).map(num);
  }
  // Strings.
  if (schema.format === 'uuid' || /Ids?$/.test(name)) {
    const kind: Record<string, string> = { cityId: 'city', userId: 'user', managerId: 'manager', ownerId: 'user', assigneeId: 'user', actionId: 'action', engagementId: 'engagement' };
    return choose(ids(kind[name] ?? 'none'), fc.uuid());
  }
  if (name === 'code' || name === 'kpiCode') return choose(ids('kpiCode'), fc.constantFrom('EC: ICT: ICT: 1C', 'ec-ict-ict-1c', 'NOT-A-KPI', `${ids('kpiCode')[0] ?? 'X'}/pm10`));
  if (name === 'dataPoint') return choose(ids('dataPoint'), fc.constantFrom('pm10', 'pm2-5', 'nope'));
  if (name === 'cursor') return choose(ids('cursor'), fc.base64String({ maxLength: 24 }));
  if (schema.format === 'date' || /(^date$|Date$|^scheduled(Start|End)$)/.test(name)) return isoDate;
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2040-01-01') }).map((d) => d.toISOString());
  if (name === 'email') return fc.oneof(fc.nat({ max: 1_000_000 }).map((n) => `fuzz-${n}@u4ssc.test`), fc.constant(world.victimEmail), fc.emailAddress());
  if (/password|secret/i.test(name)) return fc.oneof(fc.constant('a-long-and-uncommon-passphrase-1'), fc.string({ minLength: 12, maxLength: 40 }));
  // The evidence link may name any public site; a webhook's (url) is resolved at registration: only addresses, no DNS.
  if (name === 'evidenceUrl' && typeof schema.example === 'string') return fc.oneof({ arbitrary: fc.constant(schema.example), weight: 3 }, { arbitrary: fc.constantFrom('http://127.0.0.1:9/hook', 'ftp://x.org/', 'https://', 'http://user:pw@x.org/'), weight: 1 });
  if (/url$/i.test(name)) return fc.constantFrom('http://127.0.0.1:9/hook', 'https://93.184.216.34/hook', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data', 'ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/x', 'https://localhost/x', 'http://[::1]/x');
  if (name === 'locale') return fc.constantFrom('en-GB', 'fr', 'nb-NO', 'ar-EG', 'xx', 'en_GB', 'de-DE-u-nu-arab');
  if (name === 'role') return fc.constantFrom('member', 'programme_manager', 'admin', 'observer', 'verifier');
  const examples = [schema.example, schema.default].filter((x): x is string => typeof x === 'string');
  const text = fc.string({ minLength: 1, maxLength: Math.min(schema.maxLength ?? 40, 40) }).filter((s) => s.trim().length > 0);
  return examples.length ? fc.oneof(fc.constantFrom(...examples), text) : fc.oneof(fc.constantFrom('Fuzzed text', 'Ålesund', 'Roadmap 2027'), text);
}

/** A change that makes a fitting body hostile. */
type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: Json }
  | { op: 'stringify'; at: number }
  | { op: 'add'; key: string; value: Json }
  | { op: 'duplicate'; at: number; value: Json }
  | { op: 'pollute'; at: number; value: Json }
  | { op: 'wrap'; how: 'array' | 'object' }
  /** The same, one level down: inside an object field, or the first item of a list field. */
  | { op: 'inner'; at: number; inner: Mutation };

const flatMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.nat().map((at): Mutation => ({ op: 'drop', at })), weight: 3 },
  { arbitrary: fc.tuple(fc.nat(), fc.oneof({ arbitrary: hostileJson, weight: 4 }, { arbitrary: deepValue, weight: 1 })).map(([at, value]): Mutation => ({ op: 'set', at, value })), weight: 6 },
  { arbitrary: fc.nat().map((at): Mutation => ({ op: 'set', at, value: null })), weight: 3 },
  { arbitrary: fc.nat().map((at): Mutation => ({ op: 'stringify', at })), weight: 3 },
  { arbitrary: fc.tuple(hostileKey(), fc.oneof(hostileJson, pollution)).map(([key, value]): Mutation => ({ op: 'add', key, value })), weight: 4 },
  { arbitrary: fc.tuple(fc.nat(), hostileJson).map(([at, value]): Mutation => ({ op: 'duplicate', at, value })), weight: 1 },
  { arbitrary: fc.tuple(fc.nat(), pollution).map(([at, value]): Mutation => ({ op: 'pollute', at, value })), weight: 2 },
  { arbitrary: fc.constantFrom<'array' | 'object'>('array', 'object').map((how): Mutation => ({ op: 'wrap', how })), weight: 1 },
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: flatMutation, weight: 5 },
  { arbitrary: fc.tuple(fc.nat(), flatMutation).map(([at, inner]): Mutation => ({ op: 'inner', at, inner })), weight: 2 },
);

/** The same value as the text a client that quotes everything would send: 12 → "12", true → "true", [1,2] → "1,2". */
function asString(value: Json): Json {
  if (value instanceof JsonNumber) return value.text;
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : toJsonText(v))).join(',');
  if (value instanceof JsonObject) return toJsonText(value);
  return value;
}

function mutate(body: Json, mutations: Mutation[]): Json {
  let value = body;
  for (const m of mutations) {
    if (m.op === 'wrap') {
      value = m.how === 'array' ? [value] : obj([['data', value]]);
      continue;
    }
    if (!(value instanceof JsonObject)) continue;
    const entries = [...value.entries];
    const at = entries.length ? ('at' in m ? m.at % entries.length : 0) : -1;
    if (m.op === 'add') entries.push([m.key, m.value]);
    else if (at < 0) continue;
    else if (m.op === 'drop') entries.splice(at, 1);
    else if (m.op === 'set') entries[at] = [entries[at][0], m.value];
    else if (m.op === 'stringify') entries[at] = [entries[at][0], asString(entries[at][1])];
    else if (m.op === 'inner') entries[at] = [entries[at][0], mutateInside(entries[at][1], m.inner)];
    else if (m.op === 'duplicate') entries.push([entries[at][0], m.value]);
    else if (m.op === 'pollute') {
      const [key, inner] = entries[at];
      const into = inner instanceof JsonObject ? inner : Array.isArray(inner) && inner[0] instanceof JsonObject ? inner[0] : null;
      const pollutionEntries = m.value instanceof JsonObject ? m.value.entries : [];
      const polluted = obj([...(into?.entries ?? []), ...PROTOTYPE_KEYS.slice(0, 1).map((k): [string, Json] => [k, obj(pollutionEntries)])]);
      entries[at] = [key, Array.isArray(inner) ? [polluted, ...inner.slice(1)] : polluted];
    }
    value = obj(entries);
  }
  return value;
}

/** A mutation applied one level down: to an object, or to the first item of a list. */
function mutateInside(value: Json, inner: Mutation): Json {
  if (value instanceof JsonObject) return mutate(value, [inner]);
  if (!Array.isArray(value) || value.length === 0) return value;
  const [first, ...rest] = value;
  if (first instanceof JsonObject) return [mutate(first, [inner]), ...rest];
  if (inner.op === 'set') return [inner.value, ...rest];
  if (inner.op === 'stringify') return [asString(first), ...rest];
  if (inner.op === 'duplicate') return [first, first, ...rest];
  if (inner.op === 'drop') return rest;
  return value;
}

/** A JSON body for a schema: fitting, fitting with up to three mutations, or hostile through and through. */
export function jsonBody(schema: Schema, world: World): fc.Arbitrary<Json> {
  const fit = fitting(schema, 'body', world);
  return fc.oneof(
    { arbitrary: fit, weight: 4 },
    { arbitrary: fc.tuple(fit, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([b, ms]) => mutate(b, ms)), weight: 9 },
    { arbitrary: hostileJson, weight: 2 },
    { arbitrary: deepValue, weight: 1 },
    { arbitrary: pollution, weight: 1 },
  );
}

/** A CSV file for the KPI import: its header and rows, with hostile cells, delimiters and line ends. */
const csvText = (world: World): fc.Arbitrary<string> => {
  const codes = (world.pools.kpiCode ?? []).map((p) => p.id);
  const cell = fc.oneof(
    { arbitrary: fc.constantFrom(...codes), weight: 3 },
    { arbitrary: fc.constantFrom('', '87.5', '87,5', '2024', '1e999', 'NaN', '-0', '0x10', '"quoted, cell"', '"unterminated', 'a""b', '=1+1', '+cmd', '@SUM(A1)'), weight: 3 },
    { arbitrary: hostileString.filter((s) => s.length < 5_000), weight: 2 },
  );
  const header = fc.oneof(
    fc.constantFrom('code,dataPoint,value,year,source', 'code;dataPoint;value;year;source', 'code\tdataPoint\tvalue\tyear\tsource', 'code,value,year,source', 'CODE,VALUE', '', 'code,code,code'),
    fc.array(fc.oneof(hostileString.filter((s) => s.length < 200), fc.constantFrom(...PROTOTYPE_KEYS)), { minLength: 1, maxLength: 6 }).map((h) => h.join(',')),
  );
  return fc
    .tuple(header, fc.array(fc.array(cell, { minLength: 0, maxLength: 7 }), { maxLength: 6 }), fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
    .map(([h, rows, sep, eol, bom]) => `${bom ? '\ufeff' : ''}${[h, ...rows.map((r) => r.join(sep))].join(eol)}${eol}`);
};

const CSV_TYPES = ['text/csv', 'text/csv; delimiter=";"; decimal=","', 'text/csv; delimiter=tab', 'text/csv; delimiter=x', 'text/csv; decimal="."', 'text/csv; charset=utf-16', 'text/csv; charset=latin1', 'text/plain'];
const OTHER_TYPES = ['application/json', 'text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/merge-patch+json', XLSX, 'application/octet-stream', ';;;', 'application/json; charset="'];

/** What an uploaded file holds: a PDF (cut or with bytes after it), markup, an executable's header, text, raw bytes. */
const fileContent: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((tail) => new Uint8Array(concatBytes([new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'), tail]))),
  fc.constantFrom('<!DOCTYPE html><script>alert(1)</script>', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'code,value\nEC-ICT-ICT-1C,1\n', 'MZ\u0090\u0000').map((t) => new TextEncoder().encode(t)),
  fc.uint8Array({ maxLength: 300 }),
);

/**
 * A multipart/form-data upload (the evidence route): a file part in `file` or another field, with a
 * name that may climb directories or hold control characters, and text fields (dataPoint,
 * expectedVersion, unknown ones) fitting or hostile; sometimes cut short.
 */
function multipartBody(world: World): fc.Arbitrary<{ contentType: string | null; body: Body | null }> {
  const field = fc.tuple(fc.constantFrom('dataPoint', 'expectedVersion', 'notAField', 'file', '__proto__'), fc.oneof(fc.constantFrom(...(world.pools.dataPoint ?? []).map((p) => p.id), '1', '0', '-1', '1e3', ''), hostileString.filter((t) => t.length < 500)));
  const filename = fc.constantFrom('report.pdf', '../../etc/passwd.pdf', 'C:\\x\\y.exe', 'a\u0000b.txt', 'values.csv', '', '"quoted".pdf', '\u202Efdp.exe', 'Zürich.pdf');
  return fc
    .tuple(fc.array(field, { maxLength: 3 }), fc.option(fc.tuple(fc.constantFrom('file', 'file', 'upload'), filename, fileContent), { nil: null }), fc.boolean())
    .map(([fields, file, cut]) => {
      const boundary = 'fuzzboundary';
      const parts: Uint8Array[] = [];
      const text = (t: string) => parts.push(new TextEncoder().encode(t));
      for (const [name, value] of fields) text(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
      if (file) {
        text(`--${boundary}\r\nContent-Disposition: form-data; name="${file[0]}"; filename="${file[1]}"\r\nContent-Type: application/pdf\r\n\r\n`);
        parts.push(file[2]);
        text('\r\n');
      }
      if (!cut) text(`--${boundary}--\r\n`);
      return { contentType: `multipart/form-data; boundary=${boundary}`, body: { kind: 'bytes', bytes: new Uint8Array(concatBytes(parts)) } as Body };
    });
}

/** A body and its content type for a route: the media types it takes, and the ones it does not. */
function bodyFor(route: Route, world: World): fc.Arbitrary<{ contentType: string | null; body: Body | null }> {
  const json = route.bodies['application/json'];
  const options: fc.WeightedArbitrary<{ contentType: string | null; body: Body | null }>[] = [];
  if (json) {
    options.push({ arbitrary: jsonBody(json, world).map((value) => ({ contentType: 'application/json', body: { kind: 'json', value } })), weight: 20 });
    options.push({ arbitrary: fc.constant({ contentType: null, body: null }), weight: 1 });
  }
  if (route.bodies['text/csv']) {
    options.push({ arbitrary: fc.tuple(fc.constantFrom(...CSV_TYPES), csvText(world)).map(([contentType, text]) => ({ contentType, body: { kind: 'text', text } as Body })), weight: 12 });
    options.push({ arbitrary: fc.tuple(fc.constantFrom(...CSV_TYPES), fc.uint8Array({ maxLength: 300 })).map(([contentType, bytes]) => ({ contentType, body: { kind: 'bytes', bytes } as Body })), weight: 3 });
  }
  if (route.bodies[XLSX]) {
    const workbook = fc
      .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), sometimes(fc.nat(), 25), fc.uint8Array({ maxLength: 64 }))
      .map(([flips, cutAt, append]) => ({ contentType: XLSX, body: { kind: 'workbook', flips, cutAt, append } as Body }));
    options.push({ arbitrary: workbook, weight: 10 });
    options.push({ arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => ({ contentType: XLSX, body: { kind: 'bytes', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b]) } as Body })), weight: 2 });
    options.push({ arbitrary: fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ contentType: XLSX, body: { kind: 'bytes', bytes } as Body })), weight: 1 });
  }
  if (route.bodies['multipart/form-data']) options.push({ arbitrary: multipartBody(world), weight: 20 });
  // What the route does not take (or a body where none is expected): another media type, or raw bytes.
  const schema = json ?? { type: 'object' };
  options.push({
    arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES), jsonBody(schema, world)).map(([contentType, value]) => ({ contentType, body: { kind: 'json', value } as Body })),
    weight: json || Object.keys(route.bodies).length ? 2 : 1,
  });
  options.push({ arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES, 'text/csv'), fc.uint8Array({ maxLength: 200 })).map(([contentType, bytes]) => ({ contentType, body: { kind: 'bytes', bytes } as Body })), weight: 1 });
  if (!Object.keys(route.bodies).length) options.push({ arbitrary: fc.constant({ contentType: null, body: null }), weight: 12 });
  return fc.oneof(...options);
}

/** The query string: the documented parameters (fitting or hostile), repeated ones, and extra names. */
function queryFor(route: Route, world: World): fc.Arbitrary<[string, string][]> {
  const documented = route.query.map(({ name, schema }) =>
    sometimes(
      fc.oneof(
        { arbitrary: fitting(schema, name, world).map((v) => [[name, encode(String(asString(v)))]] as [string, string][]), weight: 4 },
        { arbitrary: hostileString.filter((s) => s.length < 10_000).map((v) => [[name, encode(v)]] as [string, string][]), weight: 2 },
        { arbitrary: hostileNumber.map((n) => [[name, encode(n.text)]] as [string, string][]), weight: 1 },
        { arbitrary: fc.tuple(fitting(schema, name, world), hostileString.filter((s) => s.length < 1_000)).map(([a, b]) => [[name, encode(String(asString(a)))], [name, encode(b)]] as [string, string][]), weight: 1 },
        { arbitrary: fc.constantFrom(...RAW_ENCODINGS).map((raw) => [[name, raw]] as [string, string][]), weight: 1 },
      ),
      50,
    ),
  );
  const extra = fc.array(
    fc.oneof(
      fc.tuple(hostileKey(), hostileString.filter((s) => s.length < 2_000)).map(([k, v]): [string, string] => [encode(k), encode(v)]),
      fc.tuple(fc.constantFrom('__proto__[isAdmin]', 'constructor[prototype][isAdmin]', 'a[b][c][d][e][f]', 'a[]', 'a[0]', 'limit[]', 'x'), fc.constantFrom('true', '1', '')).map(([k, v]): [string, string] => [encode(k), encode(v)]),
      fc.constantFrom(...RAW_ENCODINGS).map((raw): [string, string] => [raw, raw]),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...documented), extra).map(([docs, more]) => [...docs.flatMap((d) => d ?? []), ...more]);
}

const headerSafe = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : encode(text));

/** Headers beside the body: a repeat-safe key, If-Match, a content encoding. */
function headersFor(route: Route): fc.Arbitrary<Record<string, string>> {
  const idempotency = route.method === 'post' && !route.open;
  const writes = route.method !== 'get';
  return fc
    .tuple(
      idempotency ? sometimes(fc.oneof(fc.stringMatching(/^[\w.:-]{1,24}$/), hostileString.filter((s) => s.length < 300).map(headerSafe)), 15) : fc.constant(null),
      writes ? sometimes(fc.oneof(fc.integer({ min: 0, max: 40 }).map((n) => `"${n}"`), fc.constantFrom('*', 'W/"1"', '"1", "2"', '"-1"', '"1e999"', '""', 'abc')), 10) : fc.constant(null),
      sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'), 3),
    )
    .map(([key, ifMatch, encoding]) => ({
      ...(key !== null ? { 'Idempotency-Key': key } : {}),
      ...(ifMatch !== null ? { 'If-Match': ifMatch } : {}),
      ...(encoding !== null ? { 'Content-Encoding': encoding } : {}),
    }));
}

/** Who sends it: mostly people the route lets in (from its permission), sometimes others, rarely nobody or a forged token. */
export function identityFor(allowed: Identity[]): fc.Arbitrary<Identity> {
  const others = (['admin', 'manager', 'coordinator', 'contributor', 'verifier', 'approver'] as Identity[]).filter((i) => !allowed.includes(i));
  const options: fc.WeightedArbitrary<Identity>[] = [];
  if (allowed.length) options.push({ arbitrary: fc.constantFrom(...allowed), weight: 16 });
  if (others.length) options.push({ arbitrary: fc.constantFrom(...others), weight: allowed.length ? 3 : 16 });
  options.push({ arbitrary: fc.constantFrom<Identity>('anonymous', 'forged'), weight: 1 });
  return fc.oneof(...options);
}

/** Every fuzzed request for one route. */
export function casesFor(route: Route, world: World, allowed: Identity[]): fc.Arbitrary<Case> {
  return fc
    .record({
      identity: route.open ? fc.constantFrom<Identity>('anonymous', 'admin', 'forged') : identityFor(allowed),
      path: fc.tuple(...route.pathParams.map((name) => pathValue(route, name, world))),
      query: queryFor(route, world),
      headers: headersFor(route),
      sent: bodyFor(route, world),
    })
    .map(({ identity, path, query, headers, sent }) => ({ route, identity, path, query, headers, contentType: sent.contentType, body: sent.body }));
}

/** The URL of a case: its path with the parameters in place, and its query. */
export function urlOf(c: Case): string {
  let path = c.route.path;
  for (const p of c.path) path = path.replace(`{${p.name}}`, p.segment);
  return c.query.length ? `${path}?${c.query.map(([k, v]) => `${k}=${v}`).join('&')}` : path;
}

/** Bytes one after the other, in one Buffer. */
export function concatBytes(parts: readonly ArrayLike<number>[]): Buffer {
  const out = Buffer.alloc(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The bytes of a body as sent. */
export function bytesOf(body: Body, world: World): Buffer | string {
  if (body.kind === 'json') return toJsonText(body.value);
  if (body.kind === 'text') return body.text;
  if (body.kind === 'bytes') return concatBytes([body.bytes]);
  const bytes = concatBytes([world.template]);
  for (const [at, value] of body.flips) bytes[at % bytes.length] = value;
  const cut = body.cutAt === null ? bytes : bytes.subarray(0, body.cutAt % bytes.length);
  return concatBytes([cut, body.append]);
}

/** A case as a person reads it in a failure report. */
export function describeCase(c: Case, world: World): string {
  const lines = [`${c.route.method.toUpperCase()} ${shorten(urlOf(c), 600)}   (route ${routeKey(c.route)}, as ${c.identity})`];
  for (const p of c.path) lines.push(`  {${p.name}} = ${p.label}`);
  for (const [k, v] of Object.entries(c.headers)) lines.push(`  ${k}: ${shorten(v, 200)}`);
  if (c.contentType !== null) lines.push(`  Content-Type: ${c.contentType}`);
  if (c.body) {
    if (c.body.kind === 'json') lines.push(`  body: ${shorten(toJsonText(c.body.value))}`);
    else if (c.body.kind === 'text') lines.push(`  body (text): ${shorten(JSON.stringify(c.body.text))}`);
    else if (c.body.kind === 'bytes') lines.push(`  body (${c.body.bytes.length} bytes): ${shorten(Buffer.from(c.body.bytes).toString('hex'), 800)}`);
    else {
      const b = c.body;
      lines.push(`  body: the seeded KPI workbook (${world.template.length} bytes) with bytes set ${JSON.stringify(b.flips.map(([at, v]) => [at % world.template.length, v]))}` +
        `${b.cutAt !== null ? `, cut at ${b.cutAt % world.template.length}` : ''}${b.append.length ? `, then ${Buffer.from(b.append).toString('hex')}` : ''}`);
    }
  }
  return lines.join('\n');
}

export { INJECTIONS, UNICODE };
