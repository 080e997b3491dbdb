import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type OutboxMessage, recipientsOf } from './outbox-message';
import { OutboxRecord } from './outbox.entity';

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
    await tx.getRepository(OutboxRecord).insert(
      messages.map((m) => ({
        type: m.type,
        engagementId,
        actorId,
        occurredAt: at,
        data: m.data,
        message: m.message,
        recipients: recipientsOf(m.notify, actorId),
      })) as QueryDeepPartialEntity<OutboxRecord>[],
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
