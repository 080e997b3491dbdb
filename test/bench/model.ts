/** The figures one `npm run bench` produces: printed as a table (report.ts) and written as JSON. */

/** One autocannon run (or one pgbench run, which has no latency histogram of ours). */
export interface LoadFigures {
  connections: number;
  seconds: number;
  /** 2xx responses per second over the run. */
  perSecond: number;
  /** Latency in ms, from the responses of the run (every status). */
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx responses, connection errors and timeouts. */
  errors: number;
  /** Non-2xx responses by status (e.g. { "409": 3 }). */
  statuses: Record<string, number>;
}

/** One client count of the side-by-side: the product, the bare node+pg ceiling and pgbench. */
export interface SideBySideRow {
  connections: number;
  events: LoadFigures;
  /** GET /health from one more connection at a fixed rate, while the events run. */
  healthUnderLoad: LoadFigures;
  ceiling: LoadFigures;
  /** pgbench TPC-B transactions per second (without connection time); null when pgbench failed or is missing. */
  pgbenchTps: number | null;
}

/** Start-up and memory of the server process on one database. */
export interface ProcessFigures {
  database: 'postgres' | 'pglite';
  /** Process start (spawn) to the first /health 200, on an empty database (migrations run). */
  coldStartFreshMs: number;
  /** The same, restarted on the migrated database. */
  coldStartMigratedMs: number[];
  /** VmRSS after setup, before any load, in MiB. */
  rssAtRestMiB: number;
  /** The highest VmRSS sampled during the event load, in MiB. */
  rssPeakUnderLoadMiB: number;
  /** VmHWM (the kernel's peak RSS since start, start-up included) at the end, in MiB. */
  rssHighWaterMiB: number;
  /** The 8-connection event load on this database (PostgreSQL: its row of the side-by-side). */
  load: LoadFigures;
}

/** Sequential timings of one operation (ms), as the earlier bench printed them. */
export interface LatencyRow {
  what: string;
  times: number[];
}

export interface ProfileLine {
  functionName: string;
  /** url:line of the function. */
  where: string;
  selfMs: number;
  /** Share of all sampled time, 0–1. */
  share: number;
}

export interface ProfileFigures {
  directory: string;
  totalMs: number;
  top: ProfileLine[];
}

export interface BenchResult {
  startedAt: string;
  machine: { node: string; platform: string; cpu: string; cores: number; /** 1-minute load average at the start and at the end: other work on the machine skews the figures. */ loadAverage: [number, number] };
  postgres: { version: string; server: string };
  /** Load seconds per client count (event, ceiling and pgbench runs alike). */
  seconds: number;
  /** GET /health at a fixed rate with nothing else running. */
  healthAlone: LoadFigures;
  sideBySide: SideBySideRow[];
  processes: ProcessFigures[];
  latency: LatencyRow[];
  profile?: ProfileFigures;
  notes: string[];
}
