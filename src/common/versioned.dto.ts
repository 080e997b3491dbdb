import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

const DESCRIPTION = 'The engagement version the change was made on (or send If-Match); a stale one answers 409 STALE_VERSION with currentVersion';

/** A request body that changes an engagement: it may carry the version it was made on (optimistic lock). */
export class VersionedBody {
  @ApiPropertyOptional({ description: DESCRIPTION, minimum: 1 })
  @IsOptional() @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;
}

/** The same, for a change without a body (DELETE, CSV upload): `?expectedVersion=3`. */
export class VersionQuery {
  @ApiPropertyOptional({ description: DESCRIPTION, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;
}
