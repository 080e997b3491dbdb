import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type OutboxMessage, recipientsOf } from './outbox-message';

type Listener = () => void;

/**
 * Writing to the outbox, inside the caller's transaction (EngagementWriter.change, the deadline
 * sweep), and the nudge the caller gives after commit so that the worker need not wait for its poll.
 */
@Injectable()
export class Outbox {
  private readonly listeners = new Set<Listener>();

  async write(tx: EntityManager, engagementId: string, actorId: string | null, messages: readonly OutboxMessage[], at: Date = new Date()): Promise<number> {
    if (messages.length === 0) return 0;
    // One statement for every message, in order (their ids are the order the worker dispatches them in).
    await tx.query(
      `INSERT INTO outbox_message (type, engagement_id, actor_id, occurred_at, data, message, recipients)
       SELECT m.row ->> 'type', $1, $2, $3, m.row -> 'data', m.row ->> 'message', m.row -> 'recipients'
         FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS m(row, n) ORDER BY m.n`,
      [engagementId, actorId, at, JSON.stringify(messages.map((m) => ({ type: m.type, data: m.data, message: m.message, recipients: recipientsOf(m.notify, actorId) })))],
    );
    return messages.length;
  }

  /** After a commit that wrote messages: the worker (if running) looks at once. */
  nudge(): void {
    for (const listener of this.listeners) listener();
  }

  onNudge(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
