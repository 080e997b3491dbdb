import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { badRequest } from '../common/api-error';
import { HistoryEntry } from './history-entry.entity';
import { HistoryEntryView, HistoryQuery, toHistoryView } from './history.dto';

export const HISTORY_DEFAULT_LIMIT = 50;

/** The opaque cursor of a history page: the id of the last row given out, base64url-encoded. */
export function encodeHistoryCursor(id: string | number): string {
  return Buffer.from(JSON.stringify({ before: String(id) }), 'utf8').toString('base64url');
}

/** The row id a cursor stands for; a cursor this server did not give out is 400. */
export function decodeHistoryCursor(cursor: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const before = (decoded as { before?: unknown } | undefined)?.before;
  if (typeof before !== 'string' || !/^[1-9]\d{0,18}$/.test(before)) {
    const message = 'cursor must be the X-Next-Cursor of an earlier page';
    throw badRequest(message, [{ field: 'cursor', rule: 'cursor', message }]);
  }
  return before;
}

export interface HistoryPage {
  items: HistoryEntryView[];
  /** The cursor of the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * An engagement's history, newest first, a page at a time. Keyset pagination on the row id (a
 * bigserial: later rows have higher ids), so a page never skips or repeats rows when new ones arrive.
 */
@Injectable()
export class HistoryService {
  constructor(@InjectRepository(HistoryEntry) private readonly history: Repository<HistoryEntry>) {}

  async page(engagementId: string, query: HistoryQuery): Promise<HistoryPage> {
    const limit = query.limit ?? HISTORY_DEFAULT_LIMIT;
    const before = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
    const rows = await this.history.find({
      where: { engagementId, ...(before === undefined ? {} : { id: LessThan(before) }) },
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return {
      items: items.map(toHistoryView),
      nextCursor: rows.length > limit ? encodeHistoryCursor(items[items.length - 1].id) : null,
    };
  }
}
