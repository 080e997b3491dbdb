import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { decodeCursor, encodeCursor, isRowId } from '../common/pages';
import { HistoryEntry } from './history-entry.entity';
import { HistoryEntryView, HistoryQuery, toHistoryView } from './history.dto';

export const HISTORY_DEFAULT_LIMIT = 50;

/** A history page's cursor: the id of the last row given out. */
const historyCursor = (id: string | number): string => encodeCursor({ before: String(id) });
const historyCursorRow = (cursor: string): string => decodeCursor(cursor, (f) => (isRowId(f.before) ? f.before : undefined));

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
    const before = query.cursor === undefined ? undefined : historyCursorRow(query.cursor);
    const rows = await this.history.find({
      where: { engagementId, ...(before === undefined ? {} : { id: LessThan(before) }) },
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    return {
      items: items.map(toHistoryView),
      nextCursor: rows.length > limit ? historyCursor(items[items.length - 1].id) : null,
    };
  }
}
