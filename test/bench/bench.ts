/**
 * `npm run bench`: timings of the scoring engine, of the main HTTP routes on a real in-process
 * server, and of cold start. On PGlite in a temporary DATA_DIR by default; with DATABASE_URL, on a
 * fresh database created next to it (u4ssc_bench_test_<random>) and dropped afterwards.
 * The report goes to stdout; progress to stderr.
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { Environment, validateEnvironment } from '../../src/config/environment';
import { loadCatalogue } from '../../src/kpis/catalogue/catalogue';
import { PdfPrinter } from '../../src/rendering/pdf-printer';
import { buildScorecard, type KpiValueInput } from '../../src/scoring/engine';
import { everyItem } from '../support/every-item';

const ENGINE = { warmup: 200, n: 2000 };
const HTTP = { warmup: 20, n: 200 };
const EVENTS = { warmup: 10, n: 100 };
const REPORT_HTML = { warmup: 5, n: 50 };
const REPORT_PDF = { warmup: 2, n: 20 };
const COLD_RESTARTS = 3;
const ADMIN = { email: 'admin@u4ssc.bench', password: 'bench-password-1' };

type Http = ReturnType<typeof request>;
type Row = { what: string; times: number[] };
const rows: Row[] = [];
const notes: string[] = [];
const progress = (line: string): boolean => process.stderr.write(`bench: ${line}\n`);

/** Runs fn warmup + n times (bounded) and keeps the last n durations, in ms. */
async function measure(what: string, counts: { warmup: number; n: number }, fn: () => unknown): Promise<void> {
  progress(what);
  const times: number[] = [];
  for (let i = 0; i < counts.warmup + counts.n; i++) {
    const start = performance.now();
    await fn();
    if (i >= counts.warmup) times.push(performance.now() - start);
  }
  rows.push({ what, times });
}

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

/** A temporary DATA_DIR, and with DATABASE_URL a fresh database on that server. */
async function freshDatabase(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'u4ssc-bench-'));
  const removeDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) return { label: 'PGlite, embedded (temporary DATA_DIR, removed after)', env: { DATA_DIR: dataDir }, drop: async () => removeDir() };
  const name = `u4ssc_bench_test_${randomBytes(6).toString('hex')}`;
  await onServer(baseUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    label: `PostgreSQL server at ${url.host}, fresh database ${name} (dropped after)`,
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      removeDir();
      await onServer(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Starts the app on a real port; resolves once /health answers 200, with the time it took from createApp. */
async function boot(env: Environment): Promise<{ app: INestApplication; http: Http; ms: number }> {
  const start = performance.now();
  const app = await createApp(env);
  app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const http = request(app.getHttpServer());
  for (let attempt = 1; (await http.get('/health')).status !== 200; attempt++) {
    if (attempt >= 200) {
      await app.close();
      throw new Error('/health did not answer 200 within 200 attempts');
    }
    await sleep(25);
  }
  return { app, http, ms: performance.now() - start };
}

function ok<T>(res: request.Response, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

function statsTable(): string {
  const head = ['', 'n', 'median', 'p95', 'min', 'max'];
  const body = rows.map(({ what, times }) => {
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
    return [what, String(sorted.length), ...[at(0.5), at(0.95), sorted[0], sorted[sorted.length - 1]].map((t) => t.toFixed(3))];
  });
  const width = head.map((_, c) => Math.max(...[head, ...body].map((r) => r[c].length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(width[c]) : cell.padStart(width[c]))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const items = everyItem();
  const kpis = loadCatalogue().kpis;

  // 1. The pure engine on a fully reported, verified engagement.
  const values: KpiValueInput[] = items.map((i) => ({ ...i, status: 'verified' }));
  await measure(`buildScorecard (${kpis.length} KPIs, ${items.length} items verified)`, ENGINE, () => buildScorecard({ kpis, values }));

  const database = await freshDatabase();
  const env = validateEnvironment({
    ...database.env,
    PORT: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    BCRYPT_ROUNDS: '4',
    CHROMIUM_PATH: process.env.CHROMIUM_PATH,
  });
  let app: INestApplication | undefined;
  let databaseName: string;
  try {
    // 3. Cold start: fresh data, then the same (migrated) data again; the last server stays up for 2.
    progress('cold start on fresh data');
    let server = await boot(env);
    rows.push({ what: 'cold start, fresh data (createApp → /health 200)', times: [server.ms] });
    const migrated: number[] = [];
    for (let i = 0; i < COLD_RESTARTS; i++) {
      progress(`cold start on migrated data (${i + 1}/${COLD_RESTARTS})`);
      await server.app.close();
      server = await boot(env);
      migrated.push(server.ms);
    }
    rows.push({ what: 'cold start, migrated data (same folder)', times: migrated });
    app = server.app;
    const http = server.http;
    databaseName = ((await app.get(DataSource).query('SELECT version() AS v')) as { v: string }[])[0].v.split(',')[0];

    // 2. HTTP: admin, city, engagement, one CSV with every KPI item.
    const { accessToken } = ok<{ accessToken: string }>(await http.post('/api/auth/login').send(ADMIN), 200, 'login');
    const auth = { Authorization: `Bearer ${accessToken}` };
    const city = ok<{ id: string }>(await http.post('/api/cities').set(auth).send({ name: 'Benchville', country: 'Norway', population: 50000 }), 201, 'city');
    const { id } = ok<{ id: string }>(await http.post('/api/engagements').set(auth).send({ cityId: city.id, title: 'Benchmark' }), 201, 'engagement');
    const year = new Date().getFullYear() - 1;
    const csv = ['code,dataPoint,value,year,source', ...items.map((i) => `${i.code},${i.dataPoint ?? ''},${i.value},${year},Benchmark data`)].join('\n');
    let version = 0;
    await measure(`POST kpi-values/import (${items.length} rows, once)`, { warmup: 0, n: 1 }, async () => {
      const res = await http.post(`/api/engagements/${id}/kpi-values/import`).set(auth).set('Content-Type', 'text/csv').send(csv);
      const imported = ok<{ imported: number; engagementVersion: number }>(res, 200, 'import');
      if (imported.imported !== items.length) throw new Error(`imported ${imported.imported} of ${items.length} rows`);
      version = imported.engagementVersion;
    });
    const card = ok<{ kpis: { value: number | null }[] }>(await http.get(`/api/engagements/${id}/scorecard`).set(auth), 200, 'scorecard');
    if (card.kpis.length !== items.length || card.kpis.some((k) => k.value === null)) throw new Error('the scorecard does not have every item reported');

    await measure('GET /api/engagements/:id/scorecard', HTTP, async () => ok(await http.get(`/api/engagements/${id}/scorecard`).set(auth), 200, 'scorecard'));
    await measure('GET /api/engagements/:id (allowedEvents)', HTTP, async () => ok(await http.get(`/api/engagements/${id}`).set(auth), 200, 'engagement'));
    const send = async (type: string): Promise<void> => {
      const res = await http.post(`/api/engagements/${id}/events`).set(auth).send({ type, expectedVersion: version });
      version = ok<{ version: number }>(res, 200, type).version;
    };
    await measure('POST events: PUT_ON_HOLD + RESUME pair', EVENTS, async () => {
      await send('PUT_ON_HOLD');
      await send('RESUME');
    });

    // 4. The assessment (verification) report of the fully reported engagement: HTML, then PDF with a warm
    // browser; the first PDF (launching Chromium) is timed on its own. Skipped, saying so, without Chromium.
    const report = `/api/engagements/${id}/reports/assessment`;
    await measure('GET reports/assessment (HTML)', REPORT_HTML, async () => ok(await http.get(report).set(auth), 200, 'assessment report'));
    const printer = app.get(PdfPrinter);
    const pdf = async (): Promise<void> => {
      const res = await http.get(`${report}?format=pdf`).set(auth).buffer(true).parse((r, done) => {
        const chunks: Uint8Array[] = [];
        r.on('data', (c: Buffer) => chunks.push(new Uint8Array(c)));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      if (res.status !== 200) throw new Error(`PDF: ${res.status} ${JSON.stringify(res.body)}`);
      pdfBytes = (res.body as Buffer).length;
    };
    let pdfBytes = 0;
    try {
      progress('first PDF (cold: launches Chromium)');
      const coldStart = performance.now();
      if (printer.warm) throw new Error('the browser should not be running before the first PDF');
      await pdf();
      rows.push({ what: 'GET reports/assessment?format=pdf, first (launches Chromium)', times: [performance.now() - coldStart] });
      await measure('GET reports/assessment?format=pdf (warm browser)', REPORT_PDF, pdf);
      notes.push(`assessment report PDF: ${Math.round(pdfBytes / 1024)} KiB`);
    } catch (error) {
      notes.push(`PDF rows skipped: ${(error as Error).message.split('\n')[0]}`);
    }
  } finally {
    await app?.close();
    await database.drop();
  }

  const cpu = cpus();
  console.log(
    [
      `U4SSC Roadmap benchmark — ${new Date().toISOString()}`,
      `node ${process.version} on ${process.platform}/${process.arch}; CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
      `database: ${database.label} — ${databaseName}`,
      'Figures are noisy: a shared 2-core machine; compare medians across runs, not single numbers.',
      '',
      'times in ms',
      statsTable(),
      ...notes,
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
