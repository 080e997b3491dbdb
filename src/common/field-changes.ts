import { badRequest } from './api-error';

/** What an edit changed, field by field, as a history row records it. */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * The fields that differ between an item before and after an edit (compared as JSON, so lists and
 * objects compare by content); an edit that changes nothing is 400, naming what was edited.
 */
export function fieldChanges<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[], what: string): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = { from: before[field], to: after[field] };
  }
  if (Object.keys(changes).length === 0) throw badRequest(`Nothing to change: send at least one field that differs from the ${what} as it is`);
  return changes;
}
