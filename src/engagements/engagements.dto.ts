import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { STAGES } from '../../workflows/engagement.machine';
import { VersionedBody } from '../common/versioned.dto';
import type { Unmet } from '../../workflows/unmet';
import { MEMBER_ROLES, type MemberRole } from '../../workflows/roles';
import type { EngagementBaseline } from './engagement.entity';
import { IsNotBlank } from '../common/validation';

/** Where an engagement can be: a roadmap stage, or completed, on hold, cancelled. */
export const ENGAGEMENT_STAGES = [...STAGES, 'completed', 'onHold', 'cancelled'] as const;

export class CreateEngagementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'cityId must be a city id (uuid)' })
  cityId!: string;

  @ApiProperty({ example: 'Ålesund — U4SSC roadmap 2027' })
  @IsString() @IsNotBlank() @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The engagement's programme manager; defaults to the creator" })
  @IsOptional() @IsUUID('all', { message: 'managerId must be a user id (uuid)' })
  managerId?: string;
}

export class ListEngagementsQuery {
  @ApiPropertyOptional({ enum: ENGAGEMENT_STAGES })
  @IsOptional() @IsIn(ENGAGEMENT_STAGES, { message: `stage must be one of: ${ENGAGEMENT_STAGES.join(', ')}` })
  stage?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('all', { message: 'cityId must be a city id (uuid)' })
  cityId?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: 'Page size; the total is in the X-Total-Count header' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  offset?: number;
}

export class AddMemberDto extends VersionedBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'userId must be a user id (uuid)' })
  userId!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES, { message: `role must be one of: ${MEMBER_ROLES.join(', ')}` })
  role!: MemberRole;

  @ApiPropertyOptional({ example: 'city_council', description: 'Required for approvers: the stakeholder group they approve for' })
  @ValidateIf((o: AddMemberDto) => o.role === 'approver' || o.stakeholderGroup !== undefined)
  @IsString({ message: 'stakeholderGroup is required for an approver' }) @IsNotBlank({ message: 'stakeholderGroup is required for an approver' }) @MaxLength(100)
  stakeholderGroup?: string;
}

export class MemberView {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role!: MemberRole;
  @ApiPropertyOptional({ type: String, nullable: true }) stakeholderGroup!: string | null;
}

export class EngagementView {
  @ApiProperty() id!: string;
  @ApiProperty() cityId!: string;
  @ApiProperty() cityName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() managerId!: string;
  @ApiProperty() cycle!: number;
  @ApiProperty({ enum: ENGAGEMENT_STAGES }) stage!: string;
  @ApiPropertyOptional({ enum: ['inProgress', 'inReview'], nullable: true, type: String }) step!: string | null;
  @ApiProperty({ description: 'Optimistic-locking version; send it back as expectedVersion' }) version!: number;
  @ApiProperty({ description: 'Version of the roadmap machine definition the snapshot was made with' }) machineVersion!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) previousEngagementId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class UnmetConditionView implements Unmet {
  @ApiProperty({ description: 'Stable key of the condition, e.g. task:kpi-verification:not-settled' }) condition!: string;
  @ApiProperty() message!: string;
}

export class EngagementDetailView extends EngagementView {
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'For a next cycle: {fromEngagementId, takenAt, values: [{code, dataPoint, value, year, status}]}, the last measurements of the previous cycle',
  })
  baseline!: EngagementBaseline | null;
  @ApiProperty({ type: [String], description: 'Events the calling user may send now' }) allowedEvents!: string[];
  @ApiProperty({
    description: 'For events the machine would accept but whose conditions do not hold yet: why',
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/UnmetConditionView' } },
  })
  blockedEvents!: Record<string, UnmetConditionView[]>;
  @ApiProperty({ type: [MemberView] }) members!: MemberView[];
}
