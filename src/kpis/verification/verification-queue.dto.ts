import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pages';
import { ValueFlagView } from '../values/kpi-values.dto';

/** The kinds of `?flag=` besides a rule id. */
export const FLAG_FILTERS = ['flagged', 'unflagged', 'error', 'warning'] as const;

export class VerificationQueueQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the values of this engagement' })
  @IsOptional()
  @IsUUID('all', { message: 'engagementId must be the id of an engagement' })
  engagementId?: string;

  @ApiPropertyOptional({
    example: 'potable-within-basic-water',
    description: `Only values with a flag of this rule, or: ${FLAG_FILTERS.join(' (any flag), ')} — flagged (any flag), unflagged, error (an error flag), warning (a warning flag)`,
  })
  @IsOptional()
  @MaxLength(100)
  @Matches(/^[a-z0-9-]+$/, { message: `flag must be a rule id or one of: ${FLAG_FILTERS.join(', ')}` })
  @IsString({ message: `flag must be a rule id or one of: ${FLAG_FILTERS.join(', ')}` })
  flag?: string;
}

export class QueueItemView {
  @ApiProperty({ format: 'uuid' }) engagementId!: string;
  @ApiProperty({ example: 'Valencia 2026' }) engagementTitle!: string;
  @ApiProperty({ example: 'Valencia' }) city!: string;
  @ApiProperty({ example: 'EC-I-WS-2C' }) code!: string;
  @ApiProperty({ example: 'Potable Water Supply' }) name!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty({ format: 'uuid' }) valueId!: string;
  @ApiProperty({ description: "The value's own version: send it with the item to bulk-verify it (a value changed since is refused)" }) version!: number;
  @ApiProperty({ description: "The engagement's version as read: send it as expectedVersion to verify or bulk-verify" }) engagementVersion!: number;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ example: 'Percentage' }) unit!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty() submittedAt!: Date;
  @ApiProperty({ type: String, nullable: true }) submittedBy!: string | null;
  @ApiProperty({ description: 'Evidence files attached to this submission (GET …/kpi-values lists them)' }) evidenceFiles!: number;
  @ApiProperty({ type: String, nullable: true }) evidenceUrl!: string | null;
  @ApiProperty({ type: [ValueFlagView], description: 'Its consistency flags; a value with flags comes before those without' }) flags!: ValueFlagView[];
}

export class QueueEngagementView {
  @ApiProperty({ format: 'uuid' }) engagementId!: string;
  @ApiProperty() engagementTitle!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ description: 'Values waiting for the caller' }) waiting!: number;
  @ApiProperty({ description: 'Of them, values with flags' }) flagged!: number;
}

export class QueueSummaryView {
  @ApiProperty({ description: 'Submitted values waiting for the caller, across engagements' }) waiting!: number;
  @ApiProperty({ description: 'Of them, values with flags' }) flagged!: number;
  @ApiProperty({ type: [QueueEngagementView], description: 'Per engagement where something waits' }) engagements!: QueueEngagementView[];
  @ApiProperty({ description: 'Values the caller verified since the start of the week' }) verifiedThisWeek!: number;
  @ApiProperty({ description: 'Values the caller rejected since the start of the week' }) rejectedThisWeek!: number;
  @ApiProperty({ description: 'The start of the week counted: Monday 00:00 UTC' }) weekStart!: Date;
}
