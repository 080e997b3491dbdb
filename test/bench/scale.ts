/**
 * `npm run bench:scale`: the programme at scale (issue 11, item 3). Two fresh databases, one server on
 * each: a programme of 100 engagements and one of 10,000 (SCALES=100,10000), bulk-loaded with
 * multi-row INSERT … SELECT (not over HTTP). The same requests (same places: city 0, its 4th
 * engagement, the same two viewers) go to both servers in turn, so that both see the same machine, and
 * the ratio of their p50 and p95 says what scale costs.
 *
 * The load clones a few template engagements that were driven through the API (so every jsonb the
 * code reads — snapshots, gate seats, frozen scorecards — is one the code wrote): 10 engagements per
 * city (4 past the Assessment gate, 2 in review, 4 collecting data; cycles 1 to 3), five city people
 * per city as members, 112 KPI values, 8 measurements, the checklist and the history of each
 * (triggers off during the copy: the rows are copies of consistent ones), then VACUUM ANALYZE.
 *
 * PostgreSQL by default: DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres; fresh databases
 * u4ssc_bench_test_<random> are created next to it and dropped after (BENCH_KEEP=1 keeps them).
 * BENCH_DB=pglite runs on PGlite in temporary DATA_DIRs instead. BENCH_N sets the timed requests (30);
 * BENCH_TRACE=1 counts the statements of one request of each route at the largest scale.
 * The table goes to stdout, progress to stderr, the figures to bench-results/scale-<db>-<time>.json.
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { createApp } from '../../src/app';
import { validateEnvironment } from '../../src/config/environment';
import { everyItemCsv } from '../support/every-item';

const WARMUP = 5;
const N = Number(process.env.BENCH_N ?? 30);
const SCALES = (process.env.SCALES ?? '100,10000').split(',').map(Number);
const PER_CITY = 10;
const ADMIN = { email: 'admin@u4ssc.bench', password: 'bench-password-1' };
const PASSWORD = 'password-123';
const progress = (line: string): boolean => process.stderr.write(`bench:scale ${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** What a template engagement of each of the ten places in a city becomes (by g % 10). */
const PLACES = ['decided', 'decided', 'decided', 'decided', 'review', 'review', 'collecting', 'collecting', 'collecting', 'collecting'] as const;
type Kind = (typeof PLACES)[number];
/** The five city people of a template engagement, in slot order (each city gets its own five). */
const SLOTS = ['coordinator', 'contributor', 'verifier', 'council', 'partner'] as const;

interface BenchDatabase {
  label: string;
  env: { DATABASE_URL?: string; DATA_DIR: string };
  drop(): Promise<void>;
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'u4ssc-scale-'));
  const removeDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  if (process.env.BENCH_DB === 'pglite') return { label: 'PGlite, embedded (temporary DATA_DIR, removed after)', env: { DATA_DIR: dataDir }, drop: async () => removeDir() };
  const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `u4ssc_bench_test_${randomBytes(6).toString('hex')}`;
  await onServer(baseUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    label: `PostgreSQL at ${url.host}, fresh database ${name} (dropped after)`,
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      removeDir();
      await onServer(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** A small HTTP client on the listening server (keep-alive fetch): bearer tokens for the API, a session cookie for pages. */
class Http {
  constructor(private readonly base: string) {}

  async call(method: string, path: string, init: { token?: string; cookie?: string; body?: unknown; type?: string } = {}): Promise<{ status: number; text: string; headers: Headers; json: <T>() => T }> {
    const headers: Record<string, string> = {};
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (init.cookie) headers.Cookie = init.cookie;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['Content-Type'] = init.type ?? 'application/json';
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    const send = (): Promise<Response> => fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    // A kept-alive socket to an earlier server that had the same port fails once: send again on a new one.
    const res = await send().catch(() => send());
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, json: <T>() => JSON.parse(text) as T };
  }

  async ok<T = unknown>(method: string, path: string, init: Parameters<Http['call']>[2] = {}, status = method === 'POST' && !path.includes('/events') && !path.includes('verification') && !path.includes('import') && !path.includes('login') ? 201 : 200): Promise<T> {
    const res = await this.call(method, path, init);
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 400)}`);
    return res.text ? res.json<T>() : (undefined as T);
  }

  async login(email: string, password = PASSWORD): Promise<string> {
    return (await this.ok<{ accessToken: string }>('POST', '/api/auth/login', { body: { email, password } })).accessToken;
  }

  /** Signs in through the login form, as a browser: returns the session cookie. */
  async signIn(email: string, password = PASSWORD): Promise<string> {
    const form = await this.call('GET', '/login');
    const pre = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const res = await this.call('POST', '/login', { cookie: pre, type: 'application/x-www-form-urlencoded', body: new URLSearchParams({ email, password, _csrf: csrf, next: '/' }).toString() });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('u4ssc_session='));
    if (res.status !== 303 || !session) throw new Error(`signing in ${email}: ${res.status} ${res.text.slice(0, 300)}`);
    return session.split(';')[0];
  }
}

interface Templates {
  pm: { id: string; email: string };
  cast: Record<(typeof SLOTS)[number], string>;
  engagements: Record<Kind, string>;
  adminId: string;
}

/** Drives the template engagements through the API: what the clones copy. */
async function buildTemplates(http: Http): Promise<Templates> {
  const admin = await http.login(ADMIN.email, ADMIN.password);
  const adminId = (await http.ok<{ id: string }>('GET', '/api/me', { token: admin })).id;
  const person = async (role: string, name: string): Promise<{ id: string; email: string; token: string }> => {
    const email = `${name}@template.bench`;
    const { id } = await http.ok<{ id: string }>('POST', '/api/users', { token: admin, body: { email, name, password: PASSWORD, role } });
    return { id, email, token: await http.login(email) };
  };
  const pm = await person('programme_manager', 'pat-manager');
  const people = {} as Record<(typeof SLOTS)[number], { id: string; token: string }>;
  for (const slot of SLOTS) people[slot] = await person('member', `template-${slot}`);
  const { id: cityId } = await http.ok<{ id: string }>('POST', '/api/cities', { token: pm.token, body: { name: 'Template City', country: 'Norway', population: 50000 } });
  const csv = everyItemCsv(new Date().getFullYear() - 1);
  const version = async (id: string): Promise<number> => (await http.ok<{ version: number }>('GET', `/api/engagements/${id}`, { token: pm.token })).version;
  const open = async (kind: Kind): Promise<string> => {
    const { id } = await http.ok<{ id: string }>('POST', '/api/engagements', { token: pm.token, body: { cityId, title: `Template ${kind}` } });
    for (const [slot, role, group] of [
      ['coordinator', 'city_coordinator'],
      ['contributor', 'data_contributor'],
      ['verifier', 'verifier'],
      ['council', 'approver', 'city_council'],
      ['partner', 'approver', 'funding_partner'],
    ] as const) {
      await http.ok('POST', `/api/engagements/${id}/members`, { token: pm.token, body: { userId: people[slot].id, role, ...(group ? { stakeholderGroup: group } : {}) } });
    }
    await http.ok('POST', `/api/engagements/${id}/kpi-values/import`, { token: people.contributor.token, type: 'text/csv', body: csv });
    if (kind === 'collecting') return id;
    const codes = [...new Set(csv.split('\n').slice(1).map((l) => l.split(',')[0]))];
    for (const code of codes) await http.ok('POST', `/api/engagements/${id}/kpi-values/${code}/verification`, { token: people.verifier.token, body: { decision: 'verified' } });
    const tasks = await http.ok<{ id: string; required: boolean }[]>('GET', `/api/engagements/${id}/tasks?stage=assessment`, { token: people.coordinator.token });
    for (const t of tasks.filter((x) => x.required)) await http.ok('PATCH', `/api/engagements/${id}/tasks/${t.id}`, { token: people.coordinator.token, body: { status: 'done' } });
    await http.ok('POST', `/api/engagements/${id}/events`, { token: people.coordinator.token, body: { type: 'SUBMIT_FOR_REVIEW', expectedVersion: await version(id) } });
    if (kind === 'review') return id;
    for (const token of [people.council.token, people.partner.token, pm.token]) await http.ok('POST', `/api/engagements/${id}/approvals`, { token, body: { decision: 'approve' } }, 200);
    return id;
  };
  const engagements = { decided: await open('decided'), review: await open('review'), collecting: await open('collecting') };
  return { pm, adminId, cast: Object.fromEntries(SLOTS.map((s) => [s, people[s].id])) as Templates['cast'], engagements };
}

/** Copies the rows of `table` of each template onto its clones (scale_eng), every column but the id and engagement_id. */
async function cloneRows(db: QueryRunner, table: string, from: number, to: number, overrides: Record<string, string> = {}): Promise<void> {
  const columns = ((await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position`, [table])) as { column_name: string }[])
    .map((c) => c.column_name)
    .filter((c) => c !== 'id' && c !== 'engagement_id');
  const list = columns.join(', ');
  const values = columns.map((c) => overrides[c] ?? `t.${c}`).join(', ');
  await db.query(`INSERT INTO ${table} (engagement_id, ${list}) SELECT m.id, ${values} FROM scale_eng m JOIN ${table} t ON t.engagement_id = m.tpl WHERE m.g >= ${from} AND m.g < ${to}`);
}

/** Grows the programme from `from` to `to` engagements (cities of 10), in one transaction per step, triggers off (the rows are copies of consistent ones). */
async function load(db: QueryRunner, t: Templates, from: number, to: number): Promise<void> {
  const hash = ((await db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [t.cast.coordinator])) as { password_hash: string }[])[0].password_hash;
  const firstCity = Math.floor(from / PER_CITY);
  const lastCity = Math.ceil(to / PER_CITY) - 1;
  await db.startTransaction();
  await db.query(`SET LOCAL session_replication_role = replica`);
  await db.query(`INSERT INTO scale_city SELECT c, gen_random_uuid() FROM generate_series(${firstCity}, ${lastCity}) c`);
  await db.query(
    `INSERT INTO city (id, name, country, population, created_by, created_at)
     SELECT id, 'Scale City ' || lpad(no::text, 5, '0'), (ARRAY['Norway','Spain','Brazil','Kenya','Japan'])[no % 5 + 1], 10000 + no * 37, $1, now() - interval '400 days'
     FROM scale_city WHERE no BETWEEN ${firstCity} AND ${lastCity}`,
    [t.adminId],
  );
  await db.query(`INSERT INTO scale_city_user SELECT c.no, s, gen_random_uuid() FROM scale_city c, generate_series(1, ${SLOTS.length}) s WHERE c.no BETWEEN ${firstCity} AND ${lastCity}`);
  await db.query(
    `INSERT INTO app_user (id, email, name, password_hash, role)
     SELECT u.id, 'city' || u.no || '-' || (ARRAY[${SLOTS.map((s) => `'${s}'`).join(',')}])[u.slot] || '@scale.bench', 'City ' || u.no || ' ' || (ARRAY[${SLOTS.map((s) => `'${s}'`).join(',')}])[u.slot], $1, 'member'
     FROM scale_city_user u WHERE u.no BETWEEN ${firstCity} AND ${lastCity}`,
    [hash],
  );
  await db.query(`INSERT INTO scale_eng SELECT g, gen_random_uuid(), g / ${PER_CITY}, (SELECT id FROM scale_tpl WHERE place = g % ${PER_CITY}) FROM generate_series(${from}, ${to - 1}) g`);
  await db.query(
    `INSERT INTO engagement (id, city_id, title, manager_id, cycle, stage, step, snapshot, machine_version, version, created_by, created_at, updated_at, baseline)
     SELECT m.id, c.id, 'Roadmap ' || m.g, t.manager_id, m.g % 3 + 1, t.stage, t.step, t.snapshot, t.machine_version, t.version, t.created_by,
            timestamptz '2026-01-01' + m.g * interval '1 minute', timestamptz '2026-01-01' + m.g * interval '1 minute', t.baseline
     FROM scale_eng m JOIN scale_city c ON c.no = m.city_no JOIN engagement t ON t.id = m.tpl WHERE m.g >= ${from} AND m.g < ${to}`,
  );
  await db.query(
    `INSERT INTO engagement_member (engagement_id, user_id, role, stakeholder_group, created_at)
     SELECT m.id, cu.id, em.role, em.stakeholder_group, em.created_at
     FROM scale_eng m JOIN engagement_member em ON em.engagement_id = m.tpl JOIN scale_slot s ON s.user_id = em.user_id
     JOIN scale_city_user cu ON cu.no = m.city_no AND cu.slot = s.slot WHERE m.g >= ${from} AND m.g < ${to}`,
  );
  await cloneRows(db, 'kpi_value', from, to);
  // Some open tasks of one engagement in four are overdue.
  await cloneRows(db, 'task', from, to, {
    due_date: `CASE WHEN t.status IN ('open', 'in_progress') AND t.position < 3 AND m.g % 4 = 0 THEN current_date - (1 + m.g % 20) ELSE t.due_date END`,
  });
  await cloneRows(db, 'engagement_history', from, to);
  // Gates: new ids (kept in scale_gate for their approvals); the seats name the city's own people.
  await db.query(`INSERT INTO scale_gate SELECT g.id, m.id, gen_random_uuid(), m.city_no FROM scale_eng m JOIN gate g ON g.engagement_id = m.tpl WHERE m.g >= ${from} AND m.g < ${to}`);
  const gateColumns = ((await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'gate' AND table_schema = current_schema() ORDER BY ordinal_position`)) as { column_name: string }[])
    .map((c) => c.column_name)
    .filter((c) => c !== 'id' && c !== 'engagement_id' && c !== 'seats');
  let seats = 'g.seats::text';
  SLOTS.forEach((slot, i) => (seats = `replace(${seats}, '${t.cast[slot]}', (SELECT id::text FROM scale_city_user WHERE no = sg.city_no AND slot = ${i + 1}))`));
  await db.query(
    `INSERT INTO gate (id, engagement_id, seats, ${gateColumns.join(', ')})
     SELECT sg.new_id, sg.engagement_id, (${seats})::jsonb, ${gateColumns.map((c) => `g.${c}`).join(', ')}
     FROM scale_gate sg JOIN gate g ON g.id = sg.old_id JOIN scale_eng m ON m.id = sg.engagement_id WHERE m.g >= ${from} AND m.g < ${to}`,
  );
  const approvalColumns = ((await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'gate_approval' AND table_schema = current_schema() ORDER BY ordinal_position`)) as { column_name: string }[])
    .map((c) => c.column_name)
    .filter((c) => !['id', 'gate_id', 'approver_id'].includes(c));
  await db.query(
    `INSERT INTO gate_approval (gate_id, approver_id, ${approvalColumns.join(', ')})
     SELECT sg.new_id, COALESCE(cu.id, a.approver_id), ${approvalColumns.map((c) => `a.${c}`).join(', ')}
     FROM scale_gate sg JOIN scale_eng m ON m.id = sg.engagement_id JOIN gate_approval a ON a.gate_id = sg.old_id
     LEFT JOIN scale_slot s ON s.user_id = a.approver_id LEFT JOIN scale_city_user cu ON cu.no = sg.city_no AND cu.slot = s.slot
     WHERE m.g >= ${from} AND m.g < ${to}`,
  );
  // Monitoring: 4 KPI items measured twice per engagement.
  await db.query(
    `INSERT INTO kpi_measurement (engagement_id, kpi_code, data_point, value, measured_on, source, status, created_by)
     SELECT m.id, v.kpi_code, v.data_point, v.value * (1 + d * 0.02), date '2026-01-01' + d * 90, 'Scale bench', 'submitted', v.submitted_by
     FROM scale_eng m JOIN LATERAL (SELECT * FROM kpi_value WHERE engagement_id = m.tpl AND value IS NOT NULL ORDER BY kpi_code, data_point LIMIT 4) v ON true,
          generate_series(1, 2) d
     WHERE m.g >= ${from} AND m.g < ${to}`,
  );
  await db.commitTransaction();
}

type Who = 'programme manager' | 'city member';
interface Route {
  name: string;
  who: Who;
  /** Path and how to call it at this scale (some depend on the data, e.g. the deep page). */
  path: () => Promise<string>;
  page: boolean;
}
interface Timing {
  p50: number;
  p95: number;
  bytes: number;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];

/** BENCH_TRACE=1: one request of each route with every statement counted and the slow ones (≥ 2 ms) shown, to find what scale costs. */
async function trace(http: Http, dataSource: DataSource, routes: Route[], viewer: { token: string; cookie: string; pmToken: string; pmCookie: string }): Promise<void> {
  const seen: { sql: string; ms?: number }[] = [];
  const logger = dataSource.logger;
  const options = dataSource.driver.options as { maxQueryExecutionTime?: number };
  const before = options.maxQueryExecutionTime;
  options.maxQueryExecutionTime = 1.5;
  (dataSource as { logger: unknown }).logger = {
    ...logger,
    logQuery: (sql: string) => seen.push({ sql }),
    logQuerySlow: (ms: number, sql: string, params?: unknown[]) => seen.push({ sql: `${sql} -- ${JSON.stringify(params ?? []).slice(0, 200)}`, ms }),
    logQueryError: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  try {
    for (const route of routes) {
      seen.length = 0;
      const path = await route.path();
      seen.length = 0;
      await http.call('GET', path, route.page ? { cookie: route.who === 'programme manager' ? viewer.pmCookie : viewer.cookie } : { token: route.who === 'programme manager' ? viewer.pmToken : viewer.token });
      const statements = seen.filter((s) => s.ms === undefined).length;
      process.stderr.write(`TRACE ${route.name} — ${route.who}: ${statements} statements\n`);
      for (const s of seen.filter((x) => x.ms !== undefined)) process.stderr.write(`  ${s.ms} ms: ${s.sql.replace(/\s+/g, ' ').slice(0, 600)}\n`);
    }
  } finally {
    (dataSource as { logger: unknown }).logger = logger;
    options.maxQueryExecutionTime = before;
  }
}

interface Programme {
  scale: number;
  database: BenchDatabase;
  app: INestApplication;
  http: Http;
  dataSource: DataSource;
  loadSeconds: number;
  counts: Record<string, number>;
  viewer: { token: string; cookie: string; pmToken: string; pmCookie: string };
  routes: Route[];
  paths: string[];
}

/** A fresh database and server holding a programme of `scale` engagements, signed-in viewers and the routes to time. */
async function programme(scale: number): Promise<Programme> {
  const database = await freshDatabase();
  progress(`${scale}: database ${database.label}`);
  const env = validateEnvironment({
    ...database.env,
    PORT: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    BCRYPT_ROUNDS: '4',
    LOGIN_RATE_LIMIT: '1000',
    OUTBOX_POLL_MS: '0',
    SWEEP_INTERVAL_MS: '0',
  });
  const app = await createApp(env);
  try {
    app.useLogger(false);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const http = new Http(`http://127.0.0.1:${address.port}`);
    const dataSource = app.get(DataSource);
    progress(`${scale}: templates through the API`);
    const templates = await buildTemplates(http);
    const db = dataSource.createQueryRunner();
    await db.connect();
    await db.query(`CREATE TEMP TABLE scale_city (no int PRIMARY KEY, id uuid NOT NULL)`);
    await db.query(`CREATE TEMP TABLE scale_city_user (no int, slot int, id uuid NOT NULL, PRIMARY KEY (no, slot))`);
    await db.query(`CREATE TEMP TABLE scale_eng (g int PRIMARY KEY, id uuid NOT NULL UNIQUE, city_no int NOT NULL, tpl uuid NOT NULL)`);
    await db.query(`CREATE TEMP TABLE scale_tpl (place int PRIMARY KEY, id uuid NOT NULL)`);
    await db.query(`CREATE TEMP TABLE scale_slot (user_id uuid PRIMARY KEY, slot int NOT NULL)`);
    await db.query(`CREATE TEMP TABLE scale_gate (old_id uuid, engagement_id uuid, new_id uuid PRIMARY KEY, city_no int)`);
    for (const [place, kind] of PLACES.entries()) await db.query(`INSERT INTO scale_tpl VALUES ($1, $2)`, [place, templates.engagements[kind]]);
    for (const [i, slot] of SLOTS.entries()) await db.query(`INSERT INTO scale_slot VALUES ($1, $2)`, [templates.cast[slot], i + 1]);
    progress(`${scale}: loading ${scale} engagements`);
    const loadStart = performance.now();
    // In steps of at most 2,000 engagements: one transaction each.
    for (let from = 0; from < scale; from += 2000) {
      await load(db, templates, from, Math.min(scale, from + 2000));
      if (scale > 2000) progress(`${scale}: ${Math.min(scale, from + 2000)} loaded (${((performance.now() - loadStart) / 1000).toFixed(0)} s)`);
    }
    // Vacuumed and analysed once loaded, as a database at rest would be: no autovacuum of the fresh rows while timing.
    await db.query(`VACUUM ANALYZE`);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    // Through the query runner, one after the other: on PGlite it holds the one session until released.
    const counts: Record<string, number> = {};
    for (const table of ['city', 'app_user', 'engagement', 'engagement_member', 'kpi_value', 'kpi_measurement', 'task', 'gate', 'gate_approval', 'engagement_history']) {
      counts[table] = Number(((await db.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0].n);
    }
    progress(`${scale}: loaded in ${loadSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);
    // The same places at every scale: the 4th engagement of city 0 (decided), city 0, cities 0-2; the
    // city member is city 0's coordinator, who also observes city 1 (to have two cities to compare).
    const cityOf = async (no: number): Promise<string> => ((await db.query(`SELECT id FROM scale_city WHERE no = $1`, [no])) as { id: string }[])[0].id;
    const engagement = ((await db.query(`SELECT id FROM scale_eng WHERE g = 3`)) as { id: string }[])[0].id;
    const [city, city1, city2] = [await cityOf(0), await cityOf(1), await cityOf(2)];
    const member = ((await db.query(`SELECT id FROM scale_city_user WHERE no = 0 AND slot = 1`)) as { id: string }[])[0].id;
    await db.query(`INSERT INTO engagement_member (engagement_id, user_id, role) SELECT id, $1, 'observer' FROM scale_eng WHERE city_no = 1`, [member]);
    await db.release();
    const viewer = {
      token: await http.login('city0-coordinator@scale.bench'),
      cookie: await http.signIn('city0-coordinator@scale.bench'),
      pmToken: await http.login(templates.pm.email),
      pmCookie: await http.signIn(templates.pm.email),
    };
    const deepPage = async (token: string): Promise<string> => {
      // The page a user reaches 90% of the way through the list: by the Link header's cursor when the
      // server gives one (keyset), else by offset. The cursor is found by walking the pages once, untimed.
      let path = '/api/engagements?limit=50';
      const first = await http.call('GET', path, { token });
      const total = Number(first.headers.get('x-total-count'));
      const target = Math.floor((total * 0.9) / 50);
      if (!first.headers.get('x-next-cursor')) return `/api/engagements?limit=50&offset=${target * 50}`;
      for (let page = 0; page < target; page++) {
        const cursor = (await http.call('GET', path, { token })).headers.get('x-next-cursor');
        if (!cursor) break;
        path = `/api/engagements?limit=50&cursor=${encodeURIComponent(cursor)}`;
      }
      return path;
    };
    const routes: Route[] = (['programme manager', 'city member'] as Who[]).flatMap((who): Route[] => {
      const token = who === 'programme manager' ? viewer.pmToken : viewer.token;
      const compared = (who === 'programme manager' ? [city, city1, city2] : [city, city1]).join(',');
      return [
        { name: 'GET /api/engagements (first page)', who, page: false, path: async () => '/api/engagements?limit=50' },
        { name: 'GET /api/engagements (deep page)', who, page: false, path: () => deepPage(token) },
        { name: 'page / (portfolio)', who, page: true, path: async () => '/' },
        { name: 'GET /api/engagements/:id', who, page: false, path: async () => `/api/engagements/${engagement}` },
        { name: 'page /engagements/:id', who, page: true, path: async () => `/engagements/${engagement}` },
        { name: 'GET /api/engagements/:id/scorecard', who, page: false, path: async () => `/api/engagements/${engagement}/scorecard` },
        { name: 'page /cities/:id', who, page: true, path: async () => `/cities/${city}` },
        { name: 'page /compare?cities=…', who, page: true, path: async () => `/compare?cities=${compared}` },
      ];
    });
    const paths: string[] = [];
    for (const route of routes) paths.push(await route.path());
    return { scale, database, app, http, dataSource, loadSeconds, counts, viewer, routes, paths };
  } catch (error) {
    await app.close();
    await database.drop();
    throw error;
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const programmes: Programme[] = [];
  let version: string | undefined;
  const closed = new Set<Programme>();
  const timings: Record<string, Timing>[] = SCALES.map(() => ({}));
  try {
    // Each request goes to every programme in turn, so that both see the same machine (a shared, noisy
    // one). PGlite keeps one database per process: there the programmes are built and timed one after the other.
    const together = process.env.BENCH_DB !== 'pglite';
    const timeOn = async (group: Programme[], slots: number[]): Promise<void> => {
      for (const [r, route] of group[0].routes.entries()) {
        progress(`${route.name} as ${route.who}`);
        const times: number[][] = group.map(() => []);
        const bytes: number[] = group.map(() => 0);
        for (let i = 0; i < WARMUP + N; i++) {
          for (const [p, prog] of group.entries()) {
            const auth = route.who === 'programme manager' ? { token: prog.viewer.pmToken, cookie: prog.viewer.pmCookie } : { token: prog.viewer.token, cookie: prog.viewer.cookie };
            const path = prog.paths[r];
            const start = performance.now();
            const res = await prog.http.call('GET', path, route.page ? { cookie: auth.cookie } : { token: auth.token });
            const ms = performance.now() - start;
            if (res.status !== 200) throw new Error(`${route.name} (${route.who}) at ${prog.scale}: ${path}: ${res.status} ${res.text.slice(0, 300)}`);
            bytes[p] = res.text.length;
            if (i >= WARMUP) times[p].push(ms);
          }
        }
        for (const [p, t] of times.entries()) {
          t.sort((a, b) => a - b);
          timings[slots[p]][`${route.name} — ${route.who}`] = { p50: quantile(t, 0.5), p95: quantile(t, 0.95), bytes: bytes[p] };
        }
      }
    };
    for (const [i, scale] of SCALES.entries()) {
      const prog = await programme(scale);
      programmes.push(prog);
      version ??= ((await prog.dataSource.query('SELECT version() AS v')) as { v: string }[])[0].v.split(',')[0];
      if (!together) {
        await timeOn([prog], [i]);
        if (process.env.BENCH_TRACE && i === SCALES.length - 1) await trace(prog.http, prog.dataSource, prog.routes, prog.viewer);
        await prog.app.close();
        closed.add(prog);
        if (process.env.BENCH_KEEP) process.stderr.write(`bench:scale kept ${prog.database.label}\n`);
        else await prog.database.drop();
      }
    }
    if (together) {
      await timeOn(programmes, programmes.map((_, i) => i));
      if (process.env.BENCH_TRACE) {
        const last = programmes[programmes.length - 1];
        await trace(last.http, last.dataSource, last.routes, last.viewer);
      }
    }
  } finally {
    for (const prog of programmes.filter((p) => !closed.has(p))) {
      await prog.app.close();
      if (process.env.BENCH_KEEP) process.stderr.write(`bench:scale kept ${prog.database.label}\n`);
      else await prog.database.drop();
    }
  }
  const results = programmes.map((p, i) => ({ scale: p.scale, engagements: p.counts.engagement, loadSeconds: p.loadSeconds, counts: p.counts, timings: timings[i] }));
  const label = programmes[0].database.label.split(',')[0];

  const [small, large] = [results[0], results[results.length - 1]];
  const head = ['route — as', `p50 @${small.scale}`, `p95 @${small.scale}`, `p50 @${large.scale}`, `p95 @${large.scale}`, 'ratio p50', 'ratio p95', 'KiB @large'];
  const body = Object.keys(small.timings).map((key) => {
    const a = small.timings[key];
    const b = large.timings[key];
    return [key, a.p50.toFixed(1), a.p95.toFixed(1), b.p50.toFixed(1), b.p95.toFixed(1), (b.p50 / a.p50).toFixed(2), (b.p95 / a.p95).toFixed(2), (b.bytes / 1024).toFixed(0)];
  });
  const width = head.map((_, c) => Math.max(...[head, ...body].map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  ');
  const totalSeconds = (performance.now() - began) / 1000;
  const cpu = cpus();
  console.log(
    [
      `U4SSC Roadmap at programme scale — ${new Date().toISOString()}`,
      `node ${process.version}; CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}; database: ${label} — ${version}`,
      ...results.map((r) => `${r.engagements} engagements (load ${r.loadSeconds.toFixed(1)} s): ${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`),
      `${WARMUP} warm-up + ${N} timed requests each, one at a time, ${process.env.BENCH_DB === 'pglite' ? 'one programme after the other (PGlite: one database per process)' : 'alternating between the programmes (one server each)'}; times in ms; aim: ratio ≤ 1.5`,
      '',
      line(head),
      ...body.map(line),
      '',
      `total run time ${totalSeconds.toFixed(0)} s`,
    ].join('\n'),
  );
  mkdirSync('bench-results', { recursive: true });
  const file = join('bench-results', `scale-${process.env.BENCH_DB === 'pglite' ? 'pglite' : 'postgres'}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, database: label, version, warmup: WARMUP, n: N, totalSeconds, results }, null, 2));
  process.stderr.write(`bench:scale wrote ${file}\n`);
}

main().catch((error: Error) => {
  console.error(`bench:scale failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
