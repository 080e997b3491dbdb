import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { HistoryEntry } from './history-entry.entity';

export class HistoryEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'When the change was applied (UTC)' }) at!: Date;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'SUBMIT_FOR_REVIEW' }) type!: string;
  @ApiProperty({ type: String, nullable: true, example: 'assessment.inProgress' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'assessment.inReview' }) to!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ description: "The engagement's version after this change" }) version!: number;
}

export const toHistoryView = (h: HistoryEntry): HistoryEntryView => ({
  id: h.id,
  at: h.at,
  actorId: h.actorId,
  type: h.type,
  from: h.from,
  to: h.to,
  payload: h.payload,
  version: h.version,
});

export class HistoryQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: 'Rows per page, newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The X-Next-Cursor header of the previous page (opaque); absent for the newest page' })
  @IsOptional()
  @MaxLength(200)
  @MinLength(1, { message: 'cursor must be the X-Next-Cursor of an earlier page' })
  @IsString({ message: 'cursor must be the X-Next-Cursor of an earlier page' })
  cursor?: string;
}
