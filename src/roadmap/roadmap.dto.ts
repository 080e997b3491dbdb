import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { EVENT_TYPES, type EngagementEventType } from '../../workflows/engagement.machine';

export class EngagementEventDto {
  @ApiProperty({ enum: EVENT_TYPES, description: 'APPROVE and REQUEST_CHANGES are decisions: prefer POST …/approvals' })
  @IsIn(EVENT_TYPES, { message: `type must be one of: ${EVENT_TYPES.join(', ')}` })
  type!: EngagementEventType;

  @ApiPropertyOptional({ description: 'The version the caller acted on (or send If-Match); a stale one answers 409 STALE_VERSION' })
  @IsOptional() @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'Why: required for REOPEN, recorded for PUT_ON_HOLD and CANCEL' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'For REQUEST_CHANGES sent here: what must change' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(4000)
  comment?: string;
}

export class NextCycleDto {
  @ApiPropertyOptional({ description: 'Title of the new engagement; defaults to the city and cycle number' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300)
  title?: string;
}
