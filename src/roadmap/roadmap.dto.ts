import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { VersionedBody } from '../common/versioned.dto';
import { EVENT_TYPES, type EngagementEventType } from '../../workflows/engagement.machine';
import { IsNotBlank } from '../common/validation';

export class EngagementEventDto extends VersionedBody {
  @ApiProperty({ enum: EVENT_TYPES, description: 'APPROVE and REQUEST_CHANGES are decisions: prefer POST …/approvals' })
  @IsIn(EVENT_TYPES, { message: `type must be one of: ${EVENT_TYPES.join(', ')}` })
  type!: EngagementEventType;

  @ApiPropertyOptional({ description: 'Why: required for REOPEN, recorded for PUT_ON_HOLD and CANCEL' })
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'For REQUEST_CHANGES sent here: what must change' })
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(4000)
  comment?: string;
}

export class NextCycleDto {
  @ApiPropertyOptional({ description: 'Title of the new engagement; defaults to the city and cycle number' })
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(300)
  title?: string;
}
