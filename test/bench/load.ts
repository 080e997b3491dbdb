/**
 * The load generator: autocannon, the same for the product and the ceiling. Each connection owns its
 * share of the engagements and sends PUT_ON_HOLD / RESUME in turn with the version the last response
 * gave, so that a correct run has no 409.
 */
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { LoadFigures } from './model';
import { percentile } from './report';

/** One engagement the load drives, as the load generator last saw it. */
export interface Slot {
  id: string;
  version: number;
  onHold: boolean;
}

/** Runs autocannon and keeps every response's latency and status (autocannon's own result has no p95). */
function run(options: autocannon.Options): Promise<LoadFigures> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: Error | null, result: autocannon.Result) => {
      if (error) return reject(error);
      const errors = Object.values(statuses).reduce((a, b) => a + b, 0) + result.errors;
      resolve({
        connections: options.connections ?? 1,
        seconds: result.duration,
        perSecond: ok / result.duration,
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
        p99: percentile(latencies, 0.99),
        errors,
        statuses: result.timeouts > 0 ? { ...statuses, timeout: result.timeouts } : statuses,
      });
    });
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status >= 200 && status < 300) ok++;
      else statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

/** Connection k of n owns slots k, k + n, k + 2n… (n ≤ slots). */
export function shareOf<T>(slots: readonly T[], k: number, n: number): T[] {
  return slots.filter((_, i) => i % n === k);
}

/** The next event for a slot and what a response to it says about the slot. */
const nextEvent = (slot: Slot) => ({ type: slot.onHold ? 'RESUME' : 'PUT_ON_HOLD', expectedVersion: slot.version });

function learn(slot: Slot, status: number, body: string): void {
  try {
    const answer = JSON.parse(body) as { version?: number; code?: string; currentVersion?: number };
    if (status >= 200 && status < 300 && typeof answer.version === 'number') {
      slot.version = answer.version;
      slot.onHold = !slot.onHold;
    } else if (answer.code === 'STALE_VERSION' && typeof answer.currentVersion === 'number') {
      slot.version = answer.currentVersion; // an error of the load, counted; the next request is right again
    } else if (answer.code === 'TRANSITION_REFUSED') {
      slot.onHold = !slot.onHold;
    }
  } catch {
    /* not JSON: counted as an error by its status */
  }
}

/** POST /api/engagements/:id/events (or the ceiling's same route) from `connections` connections for `seconds`. */
export function eventLoad(base: string, slots: readonly Slot[], connections: number, seconds: number, headers: Record<string, string> = {}): Promise<LoadFigures> {
  if (connections > slots.length) throw new Error(`${connections} connections for ${slots.length} engagements`);
  let clients = 0;
  return run({
    url: base,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    setupClient: (client) => {
      const mine = shareOf(slots, clients++ % connections, connections);
      let turn = 0;
      let sent: Slot = mine[0];
      client.setRequests([
        {
          method: 'POST',
          setupRequest: (request) => {
            sent = mine[turn++ % mine.length];
            return { ...request, path: `/api/engagements/${sent.id}/events`, body: JSON.stringify(nextEvent(sent)) };
          },
          onResponse: (status, body) => learn(sent, status, body),
        },
      ]);
    },
  });
}

/** GET `path` from one connection at a fixed rate: a latency probe that adds little load of its own. */
export function probe(base: string, path: string, seconds: number, perSecond = 50): Promise<LoadFigures> {
  return run({ url: `${base}${path}`, connections: 1, overallRate: perSecond, duration: seconds });
}

/**
 * The slots' versions and states as the database has them, once the requests a finished load left in
 * flight (their answers unread) have landed: two reads 200 ms apart agree.
 */
export async function syncSlots(databaseUrl: string, slots: readonly Slot[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async () =>
      (await client.query<{ id: string; version: number; stage: string }>('SELECT id, version, stage FROM engagement WHERE id = ANY($1::uuid[]) ORDER BY id', [slots.map((s) => s.id)])).rows;
    let rows = await read();
    for (let attempt = 0; ; attempt++) {
      await sleep(200);
      const again = await read();
      if (JSON.stringify(again) === JSON.stringify(rows)) break;
      if (attempt >= 100) throw new Error('the engagements still change 20 s after the load');
      rows = again;
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const slot of slots) {
      const row = byId.get(slot.id);
      if (!row) throw new Error(`engagement ${slot.id} is not in the database`);
      slot.version = row.version;
      slot.onHold = row.stage === 'onHold';
    }
  } finally {
    await client.end();
  }
}
