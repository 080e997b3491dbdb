import type { HistoryEntry } from '../engagements/history-entry.entity';
import type { HistoryEntryView } from '../engagements/history.dto';
import { itemKey } from '../scoring/engine';

/**
 * Engagement-history rows about KPI items (their payload carries `code` and `dataPoint`), grouped
 * by item key (`itemKey(code, dataPoint)`), oldest first as given.
 */
export function historyByItem(entries: readonly HistoryEntry[]): Map<string, HistoryEntryView[]> {
  const byItem = new Map<string, HistoryEntryView[]>();
  for (const h of entries) {
    const key = itemKey(String(h.payload.code), (h.payload.dataPoint as string | null | undefined) ?? null);
    const view: HistoryEntryView = { id: h.id, at: h.at, actorId: h.actorId, type: h.type, from: h.from, to: h.to, payload: h.payload, version: h.version };
    byItem.set(key, [...(byItem.get(key) ?? []), view]);
  }
  return byItem;
}
