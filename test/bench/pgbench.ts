/** pgbench TPC-B on the same PostgreSQL, in a database of its own, at the bench's client counts. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The tps pgbench reports (without the initial connection time; pgbench 14+, else its older "excluding connections" line). */
export function parseTps(output: string): number | null {
  const match = /^tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/m.exec(output);
  return match ? Number(match[1]) : null;
}

/** `pgbench -i` (scale 1: the standard TPC-B tables) into the database `url` names. */
export async function initialise(url: string): Promise<void> {
  await run('pgbench', ['-i', '-q', url], { maxBuffer: 1 << 24 });
}

/** `pgbench -c clients -j min(clients, 2) -T seconds`: transactions per second. */
export async function tpcb(url: string, clients: number, seconds: number): Promise<number> {
  const { stdout } = await run('pgbench', ['-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), url], { maxBuffer: 1 << 24 });
  const tps = parseTps(stdout);
  if (tps === null) throw new Error(`no tps in pgbench's output:\n${stdout}`);
  return tps;
}
