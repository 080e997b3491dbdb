/**
 * `npm run bench` (DATABASE_URL names a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres):
 * the built server (dist/src/main.js) in its own process on a fresh database, its outbox worker and
 * sweep running as in production, driven by autocannon at 1, 8 and 32 connections with
 * PUT_ON_HOLD / RESUME on 64 engagements; beside it, in the same run, the bare node:http + pg server
 * doing the same transaction (ceiling-server.ts) and pgbench TPC-B; GET /health under that load;
 * cold start and memory of the server on PostgreSQL and on PGlite; the heavier routes one request at
 * a time. One table on stdout, the same figures as JSON in bench-results/; progress on stderr.
 *
 * `-- --profile` (or BENCH_PROFILE=1): also a CPU profile of the server under the 8-connection event
 * load, its top 25 functions by self time. BENCH_SECONDS: seconds per load (default 15).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../support/server-process';
import { FreshDatabase, freshPglite, freshPostgres, onServer } from './databases';
import { engineRow, routeRows } from './latency';
import { eventLoad, probe, Slot, syncSlots } from './load';
import type { BenchResult, LatencyRow, LoadFigures, ProcessFigures, ProfileFigures, SideBySideRow } from './model';
import * as pgbench from './pgbench';
import { DIST, NodeProcess } from './processes';
import { readProfiles } from './profile';
import { formatReport } from './report';
import { ADMIN, Api, managedEngagements } from './setup';

const CLIENTS = [1, 8, 32];
const ENGAGEMENTS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = 3;
const HEALTH_ALONE_SECONDS = 5;
const PROFILE_TOP = 25;
const ROOT = resolve(DIST, '..');

const progress = (line: string): boolean => process.stderr.write(`bench: ${line}\n`);

interface RunningServer {
  process: NodeProcess;
  base: string;
  /** Spawn to the first /health 200. */
  readyMs: number;
}

/** The built server as `npm start` runs it, on `database`, logging warnings only. */
async function startServer(database: FreshDatabase, profileDirectory?: string): Promise<RunningServer> {
  const port = await freePort();
  const env = {
    ...database.env,
    ...(profileDirectory ? { BENCH_PROFILE_DIR: profileDirectory } : {}),
    PORT: String(port),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
  };
  const preload = profileDirectory ? ['--require', join(__dirname, 'profile-hook.js')] : [];
  const server = new NodeProcess(join(DIST, 'src', 'main.js'), env, preload, profileDirectory !== undefined);
  const base = `http://127.0.0.1:${port}`;
  return { process: server, base, readyMs: await server.ready(`${base}/health`) };
}

/** Starts the server on an empty database, then twice more on the migrated one; the last one stays up. */
async function coldStarts(database: FreshDatabase, label: string): Promise<{ server: RunningServer; fresh: number; migrated: number[] }> {
  progress(`${label}: cold start on an empty database`);
  let server = await startServer(database);
  const fresh = server.readyMs;
  const migrated: number[] = [];
  for (let i = 0; i < 2; i++) {
    await server.process.stop();
    progress(`${label}: cold start on the migrated database (${i + 1}/2)`);
    server = await startServer(database);
    migrated.push(server.readyMs);
  }
  return { server, fresh, migrated };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The event load at each client count, with /health probed beside it. */
async function eventsWithHealth(server: RunningServer, databaseUrl: string, slots: Slot[], token: string): Promise<Map<number, { events: LoadFigures; health: LoadFigures }>> {
  const figures = new Map<number, { events: LoadFigures; health: LoadFigures }>();
  for (const connections of CLIENTS) {
    await syncSlots(databaseUrl, slots);
    progress(`product: events from ${connections} connection(s), ${SECONDS} s, /health probed beside`);
    const [events, health] = await Promise.all([eventLoad(server.base, slots, connections, SECONDS, bearer(token)), probe(server.base, '/health', SECONDS)]);
    figures.set(connections, { events, health });
  }
  return figures;
}

interface ProductFigures {
  process: ProcessFigures;
  events: Map<number, { events: LoadFigures; health: LoadFigures }>;
  healthAlone: LoadFigures;
  latency: LatencyRow[];
  /** Engagements of the same database left for the ceiling. */
  ceilingSlots: Slot[];
  productSlots: Slot[];
  token: string;
}

/** The product on PostgreSQL: cold starts, setup, the event loads, memory, the routes one at a time. */
async function productOnPostgres(database: FreshDatabase, notes: string[]): Promise<ProductFigures> {
  const databaseUrl = database.env.DATABASE_URL as string;
  const { server, fresh, migrated } = await coldStarts(database, 'PostgreSQL');
  try {
    progress(`setup: ${2 * ENGAGEMENTS} engagements over HTTP (half for the product, half for the ceiling)`);
    const api = new Api(server.base);
    const { token, slots } = await managedEngagements(api, 2 * ENGAGEMENTS, 'Bench city');
    const [productSlots, ceilingSlots] = [slots.slice(0, ENGAGEMENTS), slots.slice(ENGAGEMENTS)];
    await sleep(1000);
    const rest = server.process.memory().rssMiB;
    progress(`warm-up: ${WARMUP_SECONDS} s of events from 8 connections`);
    await eventLoad(server.base, productSlots, 8, WARMUP_SECONDS, bearer(token));
    progress(`GET /health alone, ${HEALTH_ALONE_SECONDS} s`);
    const healthAlone = await probe(server.base, '/health', HEALTH_ALONE_SECONDS);
    const peak = server.process.samplePeakRss();
    const events = await eventsWithHealth(server, databaseUrl, productSlots, token);
    const peakMiB = peak();
    const latency = await routeRows(api, notes);
    const figures: ProcessFigures = {
      database: 'postgres',
      coldStartFreshMs: fresh,
      coldStartMigratedMs: migrated,
      rssAtRestMiB: rest,
      rssPeakUnderLoadMiB: peakMiB,
      rssHighWaterMiB: server.process.memory().hwmMiB,
      load: events.get(8)!.events,
    };
    return { process: figures, events, healthAlone, latency, ceilingSlots, productSlots, token };
  } finally {
    await server.process.stop();
  }
}

/** The server again, with the profile hook preloaded: a CPU profile of the 8-connection event load alone. */
async function profileEvents(database: FreshDatabase, slots: Slot[], token: string): Promise<ProfileFigures> {
  const directory = mkdtempSync(join(tmpdir(), 'u4ssc-bench-profile-'));
  const server = await startServer(database, directory);
  try {
    await syncSlots(database.env.DATABASE_URL as string, slots);
    await eventLoad(server.base, slots, 8, WARMUP_SECONDS, bearer(token));
    await syncSlots(database.env.DATABASE_URL as string, slots);
    progress(`profile: events from 8 connections, ${SECONDS} s, under the CPU profiler`);
    await server.process.ask('profile:start', 'profile:started');
    await eventLoad(server.base, slots, 8, SECONDS, bearer(token));
    await server.process.ask('profile:stop', 'profile:written');
  } finally {
    await server.process.stop();
  }
  return readProfiles(directory, PROFILE_TOP, ROOT);
}

/** The bare node:http + pg server on the same database, on engagements of its own. */
async function ceilingOn(database: FreshDatabase, slots: Slot[]): Promise<Map<number, LoadFigures>> {
  const databaseUrl = database.env.DATABASE_URL as string;
  const port = await freePort();
  const ceiling = new NodeProcess(join(__dirname, 'ceiling-server.js'), { DATABASE_URL: databaseUrl, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  const figures = new Map<number, LoadFigures>();
  try {
    await ceiling.ready(`${base}/health`);
    await eventLoad(base, slots, 8, WARMUP_SECONDS);
    for (const connections of CLIENTS) {
      await syncSlots(databaseUrl, slots);
      progress(`ceiling: events from ${connections} connection(s), ${SECONDS} s`);
      figures.set(connections, await eventLoad(base, slots, connections, SECONDS));
    }
  } finally {
    await ceiling.stop();
  }
  return figures;
}

/** pgbench TPC-B in a database of its own, at each client count; null where pgbench failed (said in notes). */
async function pgbenchRuns(serverUrl: string, notes: string[]): Promise<Map<number, number | null>> {
  const tps = new Map<number, number | null>();
  let database: FreshDatabase | undefined;
  try {
    database = await freshPostgres(serverUrl, 'pgbench');
    const url = database.env.DATABASE_URL as string;
    progress('pgbench -i');
    await pgbench.initialise(url);
    for (const clients of CLIENTS) {
      progress(`pgbench TPC-B, ${clients} client(s), ${SECONDS} s`);
      tps.set(clients, await pgbench.tpcb(url, clients, SECONDS));
    }
  } catch (error) {
    notes.push(`pgbench: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await database?.drop();
  }
  return tps;
}

/** The product on PGlite in a temporary DATA_DIR: cold starts, and memory at rest and under the 8-connection event load. */
async function productOnPglite(): Promise<ProcessFigures> {
  const database = freshPglite();
  try {
    const { server, fresh, migrated } = await coldStarts(database, 'PGlite');
    try {
      progress(`PGlite setup: ${ENGAGEMENTS} engagements over HTTP`);
      const { token, slots } = await managedEngagements(new Api(server.base), ENGAGEMENTS, 'Embedded city');
      await sleep(1000);
      const rest = server.process.memory().rssMiB;
      const peak = server.process.samplePeakRss();
      progress(`PGlite: events from 8 connections, ${SECONDS} s`);
      const load = await eventLoad(server.base, slots, 8, SECONDS, bearer(token));
      return {
        database: 'pglite',
        coldStartFreshMs: fresh,
        coldStartMigratedMs: migrated,
        rssAtRestMiB: rest,
        rssPeakUnderLoadMiB: peak(),
        rssHighWaterMiB: server.process.memory().hwmMiB,
        load,
      };
    } catch (error) {
      throw new Error(`${(error as Error).message}; the server (exit code ${server.process.exitCode}) wrote: ${server.process.output.slice(-1500)}`, { cause: error });
    } finally {
      await server.process.stop();
    }
  } finally {
    await database.drop();
  }
}

function sideBySide(product: ProductFigures, ceiling: Map<number, LoadFigures>, tps: Map<number, number | null>): SideBySideRow[] {
  return CLIENTS.map((connections) => {
    const { events, health } = product.events.get(connections)!;
    return { connections, events, healthUnderLoad: health, ceiling: ceiling.get(connections)!, pgbenchTps: tps.get(connections) ?? null };
  });
}

async function postgresVersion(serverUrl: string): Promise<string> {
  const [{ version }] = await onServer<{ version: string }>(serverUrl, 'SELECT version()');
  return version.split(',')[0];
}

function writeJson(result: BenchResult): string {
  const directory = join(ROOT, 'bench-results');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `bench-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error('npm run bench needs a PostgreSQL server: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench (it creates and drops databases of its own there)');
    process.exit(2);
  }
  const wantProfile = process.argv.includes('--profile') || process.env.BENCH_PROFILE === '1';
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0];
  const notes: string[] = [];
  const engine = await engineRow();
  const database = await freshPostgres(serverUrl, 'events');
  let product: ProductFigures;
  let ceiling: Map<number, LoadFigures>;
  let profile: ProfileFigures | undefined;
  try {
    product = await productOnPostgres(database, notes);
    if (wantProfile) profile = await profileEvents(database, product.productSlots, product.token).catch((error: Error) => {
      notes.push(`profile failed: ${error.message}`);
      return undefined;
    });
    ceiling = await ceilingOn(database, product.ceilingSlots);
  } finally {
    await database.drop();
  }
  const tps = await pgbenchRuns(serverUrl, notes);
  const pglite = await productOnPglite().catch((error: Error) => {
    notes.push(`PGlite row missing: ${error.message}`);
    return null;
  });
  const cpu = cpus();
  const result: BenchResult = {
    startedAt,
    machine: { node: process.version, platform: `${process.platform}/${process.arch}`, cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, loadAverage: [loadAtStart, loadavg()[0]] },
    postgres: { version: await postgresVersion(serverUrl), server: new URL(serverUrl).host },
    seconds: SECONDS,
    healthAlone: product.healthAlone,
    sideBySide: sideBySide(product, ceiling, tps),
    processes: pglite ? [product.process, pglite] : [product.process],
    latency: [engine, ...product.latency],
    ...(profile ? { profile } : {}),
    notes,
  };
  console.log(formatReport(result));
  console.log(`\nfigures as JSON: ${writeJson(result)}`);
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
