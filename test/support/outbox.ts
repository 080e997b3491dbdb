import { OutboxWorker } from '../../src/outbox/outbox-worker';
import { auth, TestServer } from './harness';

/** Runs the outbox worker until nothing is left to deliver (the tests run it with OUTBOX_POLL_MS=0: never on its own). */
export function drainOutbox(server: TestServer): Promise<void> {
  return server.app.get(OutboxWorker).drain();
}

export interface NotificationRow {
  id: string;
  type: string;
  engagementId: string;
  message: string;
  createdAt: string;
  readAt: string | null;
}

/** Every notification of a person (one big page), after the outbox is drained. */
export async function inbox(server: TestServer, token: string): Promise<NotificationRow[]> {
  await drainOutbox(server);
  const res = await server.http.get('/api/me/notifications?limit=200').set(auth(token));
  if (res.status !== 200) throw new Error(`GET notifications: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as NotificationRow[];
}

/** How many outbox messages the database holds (of one engagement). */
export async function outboxCount(server: TestServer, engagementId: string): Promise<number> {
  const [row] = (await server.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE engagement_id = $1`, [engagementId])) as { n: number }[];
  return row.n;
}
