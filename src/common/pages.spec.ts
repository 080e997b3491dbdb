import { ApiError } from './api-error';
import { decodeCursor, encodeCursor, isRowId } from './pages';

const rowOf = (cursor: string): string => decodeCursor(cursor, (f) => (isRowId(f.before) ? f.before : undefined));

describe('keyset cursors', () => {
  it('give back what they were made of', () => {
    expect(rowOf(encodeCursor({ before: '42' }))).toBe('42');
    expect(decodeCursor(encodeCursor({ r: 1, s: '7' }), (f) => (f.r === 1 ? f.s : undefined))).toBe('7');
  });

  it.each([
    ['not base64url JSON', 'not a cursor!'],
    ['JSON that is not an object', Buffer.from('"42"').toString('base64url')],
    ['null', Buffer.from('null').toString('base64url')],
    ['another list’s fields', encodeCursor({ after: '42' })],
    ['a row id that is not one', encodeCursor({ before: '0' })],
    ['a row id too long for a bigint', encodeCursor({ before: '1'.repeat(20) })],
  ])('refuse %s with a 400 naming the cursor', (_what, cursor) => {
    let error: unknown;
    try {
      rowOf(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(400);
    expect((error as ApiError).extra.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
