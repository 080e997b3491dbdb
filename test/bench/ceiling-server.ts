/**
 * The ceiling of `npm run bench`: a bare `node:http` + `pg` server doing, for
 * `POST /api/engagements/:id/events` {type: PUT_ON_HOLD | RESUME, expectedVersion}, the transaction the
 * product does for that event, on the product's own tables — lock the engagement row, compare the
 * version, update the snapshot, stage, step and version, append the history row — and nothing else
 * (no framework, no authentication, no validation beyond the version and the state, no outbox row).
 * What Node and PostgreSQL can do on this machine; the product's events/s are measured against it.
 *
 * Run as its own process: DATABASE_URL (a migrated database) and PORT; `GET /health` answers 200.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool, PoolClient } from 'pg';

/** The product's pool size for PostgreSQL (src/database/data-source-options.ts). */
const POOL_SIZE = 10;
const EVENT_ROUTE = /^\/api\/engagements\/([0-9a-f-]{36})\/events$/;
/** Where RESUME returns the bench's engagements (they are all new: assessment, in progress). */
const ACTIVE = { stage: 'assessment', step: 'inProgress', value: { active: { assessment: 'inProgress' } } };

type Answer = { status: number; body: Record<string, unknown> };

async function readJson(req: IncomingMessage): Promise<{ type?: unknown; expectedVersion?: unknown }> {
  req.setEncoding('utf8');
  let text = '';
  for await (const chunk of req) text += chunk as string;
  return JSON.parse(text) as { type?: unknown; expectedVersion?: unknown };
}

/** BEGIN; SELECT … FOR UPDATE; compare; UPDATE; INSERT history; COMMIT. */
async function sendEvent(db: PoolClient, id: string, type: string, expectedVersion: number): Promise<Answer> {
  await db.query('BEGIN');
  try {
    const { rows } = await db.query<{ version: number; stage: string; step: string | null; snapshot: Record<string, unknown> }>(
      'SELECT version, stage, step, snapshot FROM engagement WHERE id = $1 FOR UPDATE',
      [id],
    );
    const row = rows[0];
    const refusal = !row
      ? { status: 404, body: { code: 'NOT_FOUND' } }
      : row.version !== expectedVersion
        ? { status: 409, body: { code: 'STALE_VERSION', currentVersion: row.version } }
        : (type === 'RESUME') !== (row.stage === 'onHold')
          ? { status: 409, body: { code: 'TRANSITION_REFUSED' } }
          : null;
    if (refusal) {
      await db.query('ROLLBACK');
      return refusal;
    }
    const to = type === 'PUT_ON_HOLD' ? { stage: 'onHold', step: null, value: 'onHold' } : ACTIVE;
    const version = row.version + 1;
    const from = row.step ? `${row.stage}.${row.step}` : row.stage;
    await db.query('UPDATE engagement SET snapshot = $2, stage = $3, step = $4, version = $5, updated_at = now() WHERE id = $1 AND version = $6', [
      id,
      JSON.stringify({ ...row.snapshot, value: to.value }),
      to.stage,
      to.step,
      version,
      row.version,
    ]);
    await db.query('INSERT INTO engagement_history (engagement_id, actor_id, type, from_state, to_state, payload, version) VALUES ($1, NULL, $2, $3, $4, $5, $6)', [
      id,
      type,
      from,
      to.step ? `${to.stage}.${to.step}` : to.stage,
      JSON.stringify({ reason: null }),
      version,
    ]);
    await db.query('COMMIT');
    return { status: 200, body: { id, version, stage: to.stage, step: to.step } };
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

async function handle(pool: Pool, req: IncomingMessage): Promise<Answer> {
  if (req.method === 'GET' && req.url === '/health') return { status: 200, body: { status: 'ok' } };
  const id = req.method === 'POST' ? EVENT_ROUTE.exec(req.url ?? '')?.[1] : undefined;
  if (!id) return { status: 404, body: { code: 'NOT_FOUND' } };
  const { type, expectedVersion } = await readJson(req);
  if ((type !== 'PUT_ON_HOLD' && type !== 'RESUME') || typeof expectedVersion !== 'number') return { status: 400, body: { code: 'VALIDATION_FAILED' } };
  const db = await pool.connect();
  try {
    return await sendEvent(db, id, type, expectedVersion);
  } finally {
    db.release();
  }
}

function answer(res: ServerResponse, { status, body }: Answer): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function main(): void {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: POOL_SIZE });
  const server = createServer((req, res) => {
    handle(pool, req).then(
      (a) => answer(res, a),
      (error: Error) => answer(res, { status: 500, body: { message: error.message } }),
    );
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => void pool.end()));
}

main();
