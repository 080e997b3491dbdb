/**
 * One request at a time: the scoring engine in this process, and the heavier read routes of a fully
 * reported engagement on the running server (scorecard, engagement, assessment report as HTML and PDF).
 */
import { performance } from 'node:perf_hooks';
import { loadCatalogue } from '../../src/kpis/catalogue/catalogue';
import { buildScorecard, type KpiValueInput } from '../../src/scoring/engine';
import { everyItem, everyItemCsv } from '../support/every-item';
import type { LatencyRow } from './model';
import { ADMIN, Api, openEngagement } from './setup';

const ENGINE = { warmup: 200, n: 1000 };
const HTTP = { warmup: 10, n: 100 };
const REPORT_HTML = { warmup: 3, n: 30 };
const REPORT_PDF = { warmup: 1, n: 5 };

const progress = (line: string): boolean => process.stderr.write(`bench: ${line}\n`);

/** Runs fn warmup + n times, one after the other, and keeps the last n durations in ms. */
async function measure(what: string, counts: { warmup: number; n: number }, fn: () => unknown): Promise<LatencyRow> {
  progress(what);
  const times: number[] = [];
  for (let i = 0; i < counts.warmup + counts.n; i++) {
    const start = performance.now();
    await fn();
    if (i >= counts.warmup) times.push(performance.now() - start);
  }
  return { what, times };
}

export async function engineRow(): Promise<LatencyRow> {
  const items = everyItem();
  const kpis = loadCatalogue().kpis;
  const values: KpiValueInput[] = items.map((i) => ({ ...i, status: 'verified' }));
  return measure(`buildScorecard (${kpis.length} KPIs, ${items.length} items verified)`, ENGINE, () => buildScorecard({ kpis, values }));
}

/** The read routes and reports on a new engagement with every KPI item imported; `notes` gets what was skipped. */
export async function routeRows(api: Api, notes: string[]): Promise<LatencyRow[]> {
  const token = await api.signIn(ADMIN);
  const { id } = await openEngagement(api, token, 'Benchville');
  const csv = everyItemCsv(new Date().getFullYear() - 1, 'Benchmark data');
  const rows = [await measure(`POST kpi-values/import (${everyItem().length} rows, once)`, { warmup: 0, n: 1 }, () =>
    api.call('POST', `/api/engagements/${id}/kpi-values/import`, { token, csv, status: 200 }),
  )];
  const get = (path: string) => () => api.call('GET', `/api/engagements/${id}${path}`, { token });
  rows.push(await measure('GET /api/engagements/:id/scorecard', HTTP, get('/scorecard')));
  rows.push(await measure('GET /api/engagements/:id (allowedEvents)', HTTP, get('')));
  rows.push(await measure('GET reports/assessment (HTML)', REPORT_HTML, get('/reports/assessment')));
  try {
    progress('first PDF (cold: launches Chromium)');
    const start = performance.now();
    await get('/reports/assessment?format=pdf')();
    rows.push({ what: 'GET reports/assessment?format=pdf, first (launches Chromium)', times: [performance.now() - start] });
    rows.push(await measure('GET reports/assessment?format=pdf (warm browser)', REPORT_PDF, get('/reports/assessment?format=pdf')));
  } catch (error) {
    notes.push(`PDF rows skipped: ${(error as Error).message.split('\n')[0]}`);
  }
  return rows;
}
