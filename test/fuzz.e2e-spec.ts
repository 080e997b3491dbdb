import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mayHold, PERMISSIONS } from '../src/access/permissions';
import { auth, TestServer } from './support/harness';
import { cookiesOf, csrfOf, PageClient, signIn } from './support/pages';
import { Answer, fuzzRoute, newStats, RouteStats, shareOf, statsTable, WriteWatch } from './support/fuzz/campaign';
import { bytesOf, Case, casesFor, concatBytes, describeCase, urlOf } from './support/fuzz/cases';
import { HandlerProbe } from './support/fuzz/handler-probe';
import { Browser, describePageCase, formBytes, PageCase, pageCasesFor, pageUrlOf } from './support/fuzz/page-cases';
import { RowCounts } from './support/fuzz/row-counts';
import { OpenApiDocument, Route, routeKey, routesOf } from './support/fuzz/routes';
import { Identity, seedWorld, SIGNED_IN, World } from './support/fuzz/world';

/**
 * Hostile input, by property (issue 11, item 4): fast-check generates the path parameters, query
 * strings, headers and bodies of every route of the OpenAPI description the application generates —
 * wrong types, missing and extra fields, huge strings, NUL, lone surrogates, bidi marks, non-finite
 * numbers, numbers as strings, SQL and template fragments, prototype-pollution keys at any depth,
 * arrays for objects, deep nesting, CSV and workbook bytes — with the real ids of a seeded world so
 * that requests reach the handlers, sent as the people the route lets in (and others). Each answer:
 * never a 5xx; every 4xx in the shared error shape; and a refused request writes no row. The
 * dashboard's pages and forms (outside the description: HTML, urlencoded forms) get the same, their
 * 4xx as pages.
 *
 * FUZZ_CASES (default 3,400: CI runs the suite three times, over 10,000 in all) is spread evenly over
 * the API routes, FUZZ_PAGE_CASES (default 300) over the dashboard's; FUZZ_SEED (printed) reproduces
 * a run; FUZZ_ROUTES="POST /api/cities,GET /compare" runs only those routes (each route's seed comes
 * from FUZZ_SEED and its name, so its cases stay the same; what earlier routes wrote may differ).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const CASES = Number(process.env.FUZZ_CASES ?? 3_400);
const PAGE_CASES = Number(process.env.FUZZ_PAGE_CASES ?? 300);
const ONLY = (process.env.FUZZ_ROUTES ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Tables a refused request may legitimately write, and when:
 * - idempotent_request: a POST with a well-formed Idempotency-Key (HTTP trims the spaces around a
 *   header's value) stores its answer, a 4xx included (one row), so that a retry with the same key
 *   replays it rather than running again (API.md).
 * - page_session, a row updated (never added): a dashboard request by a signed-in browser moves its
 *   session's last_seen_at (once a minute at most), whatever the page answers: that is the session's
 *   idle clock, not something the request asked for.
 */
const IDEMPOTENCY_KEY = /^[\w.:-]{1,200}$/;

/** The one 5xx a request may get: a PDF report when the machine has no browser (the fuzz runs without one, so as not to start Chromium for each). */
const pdfUnavailable = (answer: Answer) => answer.status === 503 && answer.body.code === 'PDF_UNAVAILABLE';

/** Each controller class of src/, so that the probe can wrap its handlers before the application is built. */
function controllers(): (new (...args: never[]) => object)[] {
  const found: (new (...args: never[]) => object)[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.controller.ts')) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- every controller file, found at run time
        for (const value of Object.values(require(path) as Record<string, unknown>)) if (typeof value === 'function') found.push(value as new () => object);
      }
    }
  };
  walk(join(__dirname, '..', 'src'));
  return found;
}

/** What is wrong with a 4xx body, measured against the shared error shape (nothing: null). */
function shapeProblem(answer: Answer): string | null {
  const b = answer.body;
  const ok =
    /application\/json/.test(answer.type) &&
    b.statusCode === answer.status &&
    typeof b.error === 'string' &&
    typeof b.code === 'string' &&
    typeof b.message === 'string' &&
    (b.details === undefined || (Array.isArray(b.details) && b.details.every((d: { field?: unknown; message?: unknown }) => typeof d?.field === 'string' && typeof d?.message === 'string')));
  return ok ? null : `a ${answer.status} not in the shared error shape { statusCode, error, code, message, details? }`;
}

type Request = ReturnType<TestServer['http']['get']>;

/** The answer of a request, read as bytes whatever its type (a workbook, a PDF, HTML, JSON). */
async function answerOf(req: Request): Promise<Answer> {
  const res = await req.buffer(true).parse((r, done) => {
    const chunks: Uint8Array[] = [];
    r.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    r.on('end', () => done(null, concatBytes(chunks)));
  });
  const raw = res.body as Buffer;
  const type = String(res.headers['content-type'] ?? '');
  const text = /json|text|html/.test(type) ? raw.toString('utf8') : `(${raw.length} bytes of ${type})`;
  let body: Record<string, unknown> = {};
  if (/json/.test(type)) {
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { unparsable: true };
    }
  }
  return { status: res.status, body, type, text };
}

describe('hostile input, by property', () => {
  const probe = new HandlerProbe();
  let server: TestServer;
  let world: World;
  let routes: Route[];
  let watch: WriteWatch;
  const sessions = new Map<Browser, PageClient>();

  beforeAll(async () => {
    probe.wrap(controllers());
    // No browser: a PDF report answers 503 PDF_UNAVAILABLE at once instead of starting Chromium for each.
    server = await TestServer.start({ CHROMIUM_PATH: '/nonexistent/chromium', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    world = await seedWorld(server);
    routes = routesOf((await server.http.get('/api/docs-json')).body as OpenApiDocument);
    watch = new WriteWatch(await RowCounts.of(server.dataSource));
    // Signed in to the dashboard before the API's fuzz: failed password changes it sends may lock these accounts' sign-in.
    for (const browser of ['admin', 'manager', 'approver'] as const) sessions.set(browser, await signIn(server, world.people[browser].email, world.people[browser].password));
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    probe.unwrap();
  });

  /** Who may pass the route's permission check, from the permission table: the identities the fuzz sends most. */
  const allowedOn = (route: Route): Identity[] => {
    const permission = probe.handlers.get(routeKey(route))?.permission;
    if (!permission) return [...SIGNED_IN];
    const whoIs: Record<(typeof SIGNED_IN)[number], Parameters<typeof mayHold>[1]> = {
      admin: { globalRole: 'admin', isEngagementManager: false, memberRoles: [] },
      manager: { globalRole: 'programme_manager', isEngagementManager: true, memberRoles: [] },
      coordinator: { globalRole: 'member', isEngagementManager: false, memberRoles: ['city_coordinator'] },
      contributor: { globalRole: 'member', isEngagementManager: false, memberRoles: ['data_contributor'] },
      verifier: { globalRole: 'member', isEngagementManager: false, memberRoles: ['verifier'] },
      approver: { globalRole: 'member', isEngagementManager: false, memberRoles: ['approver'] },
    };
    return SIGNED_IN.filter((i) => mayHold(PERMISSIONS[permission], whoIs[i]));
  };

  const selectedOf = <R extends Route>(all: R[]): R[] => (ONLY.length ? all.filter((r) => ONLY.includes(routeKey(r))) : all);

  /** The closing report of one campaign, on the console; and the routes never reached past the guards. */
  const report = (what: string, stats: Map<string, RouteStats>, started: number): string[] => {
    const seconds = (Date.now() - started) / 1000;
    const total = [...stats.values()].reduce((n, s) => n + s.cases, 0);
    const unreached = [...stats.entries()].filter(([, s]) => s.reached === 0).map(([k]) => k);
    console.log(
      `fuzz, ${what}: ${total} cases in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s), FUZZ_SEED=${SEED}; tables read in full after ${watch.fullReads} requests\n` +
        `${statsTable(stats)}\nnever reached beyond the guards and validation (handler not run): ${unreached.length ? unreached.join(', ') : 'none'}`,
    );
    return unreached;
  };

  it('sees a row written by an accepted request, and none by a refused one (the check the fuzz relies on)', async () => {
    await watch.reset();
    const refused = await server.http.post('/api/cities').set(auth(world.tokens.admin)).send({ name: 'Watched', country: 'Norway', population: -1 });
    expect(refused.status).toBe(400);
    const none = await watch.settle();
    expect(RowCounts.changes(none.before, none.after)).toEqual([]);
    const accepted = await server.http.post('/api/cities').set(auth(world.tokens.admin)).send({ name: 'Watched', country: 'Norway' });
    expect(accepted.status).toBe(201);
    const one = await watch.settle();
    expect(RowCounts.changes(one.before, one.after)).toEqual(['city: ' + `${one.before.get('city')!.rows} → ${one.before.get('city')!.rows + 1} rows`]);
    const renamed = await server.http.patch(`/api/users/${world.pools.victimUser[0].id}`).set(auth(world.tokens.admin)).send({ active: true });
    expect(renamed.status).toBe(200);
    const updated = await watch.settle();
    expect(RowCounts.changes(updated.before, updated.after)).toEqual(expect.arrayContaining([expect.stringMatching(/^app_user: a row written/)]));
  });

  it(`answers ${CASES} fuzzed API requests with no 5xx, every 4xx in the shared error shape, and no row written by a refused one (nor by a GET)`, async () => {
    const selected = selectedOf(routes);
    if (!ONLY.length) expect(selected.length).toBeGreaterThan(60);
    const stats = new Map<string, RouteStats>();
    const failures: string[] = [];
    const started = Date.now();
    await watch.reset();

    for (const [index, route] of selected.entries()) {
      const key = routeKey(route);
      stats.set(key, newStats());
      const failure = await fuzzRoute<Case>({
        key,
        seed: SEED,
        runs: shareOf(CASES, selected.length, index),
        cases: casesFor(route, world, allowedOn(route)),
        stats: stats.get(key)!,
        check: async (c) => {
          probe.hits = [];
          const describe = () => describeCase(c, world);
          let req = server.http[c.route.method](urlOf(c)).timeout(20_000);
          if (c.identity === 'forged') req = req.set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.');
          else if (c.identity !== 'anonymous') req = req.set(auth(world.tokens[c.identity]));
          for (const [name, value] of Object.entries(c.headers)) req = req.set(name, value);
          if (c.contentType !== null) req = req.set('Content-Type', c.contentType);
          if (c.body) req = req.serialize((x: unknown) => x as string).send(bytesOf(c.body, world) as string);
          let answer: Answer;
          try {
            answer = await answerOf(req);
          } catch (error) {
            await watch.reset();
            throw new Error(`${describe()}\n→ no answer: ${(error as Error).message}`, { cause: error });
          }
          const { before, after } = await watch.settle();
          const problems: string[] = [];
          if (answer.status >= 500 && !pdfUnavailable(answer)) problems.push(`a server error (${answer.status})`);
          // A read writes nothing, whatever it answers.
          if (c.route.method === 'get' && answer.status < 400) {
            const written = RowCounts.changes(before, after);
            if (written.length) problems.push(`a GET wrote: ${written.join('; ')}`);
          }
          if (answer.status >= 400) {
            const shape = shapeProblem(answer);
            if (shape) problems.push(shape);
            const keyed = c.route.method === 'post' && !c.route.open && IDEMPOTENCY_KEY.test((c.headers['Idempotency-Key'] ?? '').trim()) && c.identity !== 'anonymous' && c.identity !== 'forged';
            const written = RowCounts.changes(before, after, new Set(keyed ? ['idempotent_request'] : []));
            const grew = (after.get('idempotent_request')?.rows ?? 0) - (before.get('idempotent_request')?.rows ?? 0);
            if (keyed && grew > 1) written.push(`idempotent_request: ${grew} rows for one request`);
            if (written.length) problems.push(`a refused request wrote: ${written.join('; ')}`);
          }
          return { answer, reached: probe.hits.length > 0, problems, describe };
        },
      });
      if (failure) failures.push(failure);
    }
    const unreached = report('the API', stats, started);
    expect(failures).toEqual([]);
    // Not a vacuous run: the seeded world lets most routes' handlers run (a broken seed or token would leave them at the door).
    if (!ONLY.length && CASES >= 1_000) expect(unreached.length).toBeLessThanOrEqual(Math.floor(selected.length / 10));
  }, 900_000);

  it(`answers ${PAGE_CASES} fuzzed dashboard requests (pages and urlencoded forms) with no 5xx, every 4xx as a page, and no row written by a refused one`, async () => {
    const documented = new Set(routes.map(routeKey));
    const pages = selectedOf(
      [...probe.handlers.keys()]
        .filter((key) => !documented.has(key) && !key.includes(' /api/'))
        .map((key): Route => {
          const [method, path] = key.split(' ');
          return { method: method.toLowerCase() as Route['method'], path, pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), query: [], bodies: {}, open: false };
        }),
    );
    if (!ONLY.length) expect(pages.map(routeKey)).toEqual(expect.arrayContaining(['POST /login', 'POST /engagements/{id}/approvals', 'POST /engagements/{id}/publication', 'GET /compare']));
    if (!pages.length) return;

    // Signing out ends a session: POST /logout acts for a person of its own, signed in again after each success.
    const leave = (): Promise<PageClient> => signIn(server, world.people.leaver.email, world.people.leaver.password);
    let leaver = await leave();
    const loginForm = await server.http.get('/login');
    const login = { cookie: cookiesOf(loginForm).map((c) => c.split(';')[0]).join('; '), csrf: csrfOf(loginForm.text) };

    const stats = new Map<string, RouteStats>();
    const failures: string[] = [];
    const started = Date.now();
    await watch.reset();
    for (const [index, route] of pages.entries()) {
      const key = routeKey(route);
      stats.set(key, newStats());
      const failure = await fuzzRoute<PageCase>({
        key,
        seed: SEED,
        runs: shareOf(PAGE_CASES, pages.length, index),
        cases: pageCasesFor(route, world),
        stats: stats.get(key)!,
        check: async (c) => {
          probe.hits = [];
          const describe = () => describePageCase(c);
          const session = c.route.path === '/login' ? login : c.browser === 'anonymous' ? null : c.route.path === '/logout' ? leaver : sessions.get(c.browser)!;
          let req = server.http[c.route.method](pageUrlOf(c)).timeout(20_000).redirects(0).set('Accept', 'text/html');
          if (session) req = req.set('Cookie', session.cookie);
          if (c.route.method === 'post') req = req.set('Content-Type', c.contentType).serialize((x: unknown) => x as string).send(formBytes(c, session?.csrf ?? '') as unknown as string);
          let answer: Answer;
          try {
            answer = await answerOf(req);
          } catch (error) {
            await watch.reset();
            throw new Error(`${describe()}\n→ no answer: ${(error as Error).message}`, { cause: error });
          }
          // Signed out by the fuzz: sign in again, so that the next cases have a session.
          if (c.route.path === '/logout' && answer.status === 303 && c.browser !== 'anonymous') {
            leaver = await leave();
            await watch.reset();
            return { answer, reached: probe.hits.length > 0, problems: [], describe };
          }
          const { before, after } = await watch.settle();
          const problems: string[] = [];
          if (answer.status >= 500) problems.push(`a server error (${answer.status})`);
          if (answer.status >= 400) {
            // A request refused by Node's HTTP parser (431: a URL over 16 kB) is answered before anyone knows it is for a page: the shared JSON shape.
            const parserError = answer.body.code === 'HEADERS_TOO_LARGE' || answer.body.code === 'MALFORMED_REQUEST';
            const page = /text\/html/.test(answer.type) && /<title>[^<]+<\/title>/.test(answer.text);
            if (parserError ? shapeProblem(answer) : !page) problems.push(`a ${answer.status} that is not a page (the dashboard answers its errors with pages)`);
            const written = RowCounts.changes(before, after, new Set(['page_session']));
            if ((after.get('page_session')?.rows ?? 0) !== (before.get('page_session')?.rows ?? 0)) written.push('page_session: a session opened or ended');
            if (written.length) problems.push(`a refused request wrote: ${written.join('; ')}`);
          }
          return { answer, reached: probe.hits.length > 0, problems, describe };
        },
      });
      if (failure) failures.push(failure);
    }
    const unreached = report('the dashboard', stats, started);
    expect(failures).toEqual([]);
    if (!ONLY.length && PAGE_CASES >= 100) expect(unreached.length).toBeLessThanOrEqual(Math.floor(pages.length / 10));
  }, 600_000);
});
