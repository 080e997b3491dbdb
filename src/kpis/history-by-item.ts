import type { HistoryEntry } from '../engagements/history-entry.entity';
import { type HistoryEntryView, toHistoryView } from '../engagements/history.dto';
import { itemKey } from '../scoring/engine';

/**
 * Engagement-history rows about KPI items (their payload carries `code` and `dataPoint`), grouped
 * by item key (`itemKey(code, dataPoint)`), oldest first as given.
 */
export function historyByItem(entries: readonly HistoryEntry[]): Map<string, HistoryEntryView[]> {
  const byItem = new Map<string, HistoryEntryView[]>();
  for (const h of entries) {
    const key = itemKey(String(h.payload.code), (h.payload.dataPoint as string | null | undefined) ?? null);
    byItem.set(key, [...(byItem.get(key) ?? []), toHistoryView(h)]);
  }
  return byItem;
}
