import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { conflict } from './api-error';

const DESCRIPTION = 'The engagement version the change was made on (or send If-Match); a stale one answers 409 STALE_VERSION with currentVersion';

/** A request body that changes an engagement: it may carry the version it was made on (optimistic lock). */
export class VersionedBody {
  @ApiPropertyOptional({ description: DESCRIPTION, minimum: 1 })
  @IsOptional() @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;
}

/**
 * An edit of one item (a KPI value, a task): guarded by the engagement's version (`expectedVersion`,
 * which goes stale whenever anything in the engagement changes), or by the item's own version
 * (`itemVersion`, stale only when that item changed), or both.
 */
export class VersionedItemBody extends VersionedBody {
  @ApiPropertyOptional({ description: "The item's own version (its `version`) the edit was made on; a stale one answers 409 STALE_VERSION with the item's currentVersion", minimum: 1 })
  @IsOptional() @IsInt({ message: 'itemVersion must be a whole number' }) @Min(1)
  itemVersion?: number;
}

/** The item's version did not match: 409 STALE_VERSION with the item's current version. */
export const staleItem = (what: string, currentVersion: number, expected: number) =>
  conflict('STALE_VERSION', `${what} is at version ${currentVersion}, not ${expected}: reload it and try again`, { currentVersion, item: what });

/** The same, for a change without a body (DELETE, CSV upload): `?expectedVersion=3`. */
export class VersionQuery {
  @ApiPropertyOptional({ description: DESCRIPTION, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;
}
