import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Response } from 'express';
import { badRequest } from './api-error';

/** `?limit=&cursor=` of a list read a page at a time (keyset pages: history, notifications, deliveries). */
export class PageQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: 'Rows per page, in the order the route gives' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The X-Next-Cursor header of the previous page (opaque); absent for the first page' })
  @IsOptional()
  @MaxLength(200)
  @MinLength(1, { message: 'cursor must be the X-Next-Cursor of an earlier page' })
  @IsString({ message: 'cursor must be the X-Next-Cursor of an earlier page' })
  cursor?: string;
}

/** When more rows remain: the next page's cursor in `X-Next-Cursor`, and its URL in `Link` (rel="next"). */
export function linkNextPage(res: Response, path: string, limit: number, nextCursor: string | null): void {
  if (nextCursor === null) return;
  const next = new URLSearchParams({ limit: String(limit), cursor: nextCursor });
  res.setHeader('X-Next-Cursor', nextCursor);
  res.setHeader('Link', `<${path}${path.includes('?') ? '&' : '?'}${next.toString()}>; rel="next"`);
}

/** An opaque keyset cursor: the fields of the last row given out, as base64url JSON. */
export const encodeCursor = (fields: Record<string, string | number>): string => Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');

/**
 * What a cursor this server gave out stands for: `read` takes its fields and returns undefined when
 * they are not what this list's cursors hold; such a cursor (or one that is not base64url JSON) is 400.
 */
export function decodeCursor<T>(cursor: string, read: (fields: Record<string, unknown>) => T | undefined): T {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    fields = undefined;
  }
  const value = fields !== null && typeof fields === 'object' ? read(fields as Record<string, unknown>) : undefined;
  if (value === undefined) {
    const message = 'cursor must be the X-Next-Cursor of an earlier page';
    throw badRequest(message, [{ field: 'cursor', rule: 'cursor', message }]);
  }
  return value;
}

/** A bigint row id as a cursor carries it. */
export const isRowId = (value: unknown): value is string => typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value);
