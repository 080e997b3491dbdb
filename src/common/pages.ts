import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Response } from 'express';

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
