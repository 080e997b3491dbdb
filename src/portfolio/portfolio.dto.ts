import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ENGAGEMENT_STAGES } from '../../workflows/engagement.machine';
import { VersionedBody } from '../common/versioned.dto';
import { MEMBER_ROLES, type MemberRole } from '../../workflows/roles';
import { IsNotBlank } from '../common/validation';

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

  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'Rows to skip; prefer cursor for later pages (an offset page costs more the deeper it is)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  offset?: number;

  @ApiPropertyOptional({ description: 'The X-Next-Cursor header of the previous page (opaque); not with offset' })
  @IsOptional()
  @MaxLength(200)
  @MinLength(1, { message: 'cursor must be the X-Next-Cursor of an earlier page' })
  @IsString({ message: 'cursor must be the X-Next-Cursor of an earlier page' })
  cursor?: string;
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

