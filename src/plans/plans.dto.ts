import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  ACTION_STATUSES,
  PROCUREMENT_METHODS,
  PROCUREMENT_STATUSES,
  type ActionStatus,
  type ProcurementMethod,
  type ProcurementStatus,
} from '../../workflows/action-plan';
import { IsNotBlank } from '../common/validation';
import { VersionedBody, VersionedItemBody } from '../common/versioned.dto';
import { IsMoney } from '../common/validation';

/** The largest amount numeric(14,2) holds. */
export const MAX_AMOUNT = 999_999_999_999.99;
const DATE = 'A calendar date (YYYY-MM-DD); null to clear';
const notNull = (field: string) => (o: Record<string, unknown>) => o[field] !== null && o[field] !== undefined;

class ActionFields {
  @ApiProperty({ example: 'Municipal fibre backbone', maxLength: 300 })
  @MaxLength(300) @IsNotBlank({ message: 'title is required' }) @IsString({ message: 'title is required' })
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @ValidateIf(notNull('description')) @IsString() @MaxLength(4000)
  description?: string | null;

  @ApiProperty({
    type: [String],
    example: ['EC-ICT-ICT-1C', 'EN-ENV-AQ-1C/pm10'],
    description:
      'The KPIs the action addresses (URL-safe or official codes); for a KPI with data points, one entry per data point as `<code>/<dataPoint>`',
  })
  @IsArray({ message: 'kpiCodes must be a list of KPI codes' })
  @ArrayMinSize(1, { message: 'kpiCodes must name at least one KPI' })
  @ArrayMaxSize(100)
  @IsString({ each: true, message: 'kpiCodes must be a list of KPI codes' })
  @MaxLength(200, { each: true })
  kpiCodes!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 'EC-ICT-ICT-1C': 80, 'EN-ENV-AQ-1C/pm10': 20 },
    description:
      'The value each KPI is expected to reach after the action, keyed as in kpiCodes (`<code>/<dataPoint>` for a data point); ' +
      "one for every entry of kpiCodes, finite and within the KPI's possible range",
  })
  @IsObject({ message: 'expectedValues must be an object: {"<code>": value}' })
  expectedValues!: Record<string, number>;

  @ApiProperty({ example: 250000, minimum: 0, description: 'In the city\'s currency, at most two decimals' })
  @Max(MAX_AMOUNT, { message: `budget must be at most ${MAX_AMOUNT}` })
  @Min(0, { message: 'budget must be 0 or more' })
  @IsMoney({ message: 'budget must be a finite number with at most two decimals' })
  budget!: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "A member of the engagement or its manager; null for none" })
  @ValidateIf(notNull('ownerId')) @IsUUID('all', { message: 'ownerId must be a user id (uuid) or null' })
  ownerId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-01-01', description: DATE })
  @ValidateIf(notNull('startDate')) @IsDateString({ strict: true }, { message: 'startDate must be a date like 2027-01-01' })
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2028-12-31', description: `${DATE}; not before startDate` })
  @ValidateIf(notNull('endDate')) @IsDateString({ strict: true }, { message: 'endDate must be a date like 2028-12-31' })
  endDate?: string | null;

  @ApiPropertyOptional({ default: false, description: 'The action needs a procurement item before the Design gate' })
  @IsOptional() @IsBoolean({ message: 'requiresProcurement must be true or false' })
  requiresProcurement?: boolean;

  @ApiPropertyOptional({
    enum: ACTION_STATUSES,
    description: 'planned → in_progress → done; planned | in_progress → dropped. A new action is planned (or in_progress)',
  })
  @IsOptional() @IsIn(ACTION_STATUSES, { message: `status must be one of: ${ACTION_STATUSES.join(', ')}` })
  status?: ActionStatus;
}

export class CreateActionDto extends IntersectionType(ActionFields, VersionedBody) {}

export class UpdateActionDto extends IntersectionType(PartialType(ActionFields), VersionedItemBody) {}

/** DELETE of one item: the versions go in the query. */
export class ItemVersionQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'The engagement version acted on' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional({ minimum: 1, description: "The item's own version acted on" })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'itemVersion must be a whole number' }) @Min(1)
  itemVersion?: number;
}

export class ActionTargetView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a single-value KPI' }) dataPoint!: string | null;
  @ApiProperty({ example: 80 }) expectedValue!: number;
}

export class ActionView {
  @ApiProperty() id!: string;
  @ApiProperty() engagementId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [String], description: 'URL-safe codes; `<code>/<dataPoint>` for a data point' }) kpiCodes!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) expectedValues!: Record<string, number>;
  @ApiProperty({ type: [ActionTargetView] }) targets!: ActionTargetView[];
  @ApiProperty() budget!: number;
  @ApiProperty({ description: 'The estimated cost of its procurement items that are not cancelled' }) procurementTotal!: number;
  @ApiProperty({ description: 'procurementTotal is more than budget' }) overBudget!: boolean;
  @ApiProperty({ type: String, nullable: true }) ownerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) startDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) endDate!: string | null;
  @ApiProperty() requiresProcurement!: boolean;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: ActionStatus;
  @ApiProperty({ enum: ACTION_STATUSES, isArray: true, description: 'The statuses it may move to now' }) nextStatuses!: ActionStatus[];
  @ApiProperty({ description: "The action's own version: send it as itemVersion to guard an edit of this action alone" }) version!: number;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ActionWriteView extends ActionView {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

class ProcurementFields {
  @ApiProperty({ format: 'uuid', description: 'An action of this engagement' })
  @IsUUID('all', { message: 'actionId must be an action of this engagement' })
  actionId!: string;

  @ApiProperty({ example: 'Tender for the fibre backbone works', maxLength: 300 })
  @MaxLength(300) @IsNotBlank({ message: 'title is required' }) @IsString({ message: 'title is required' })
  title!: string;

  @ApiProperty({ enum: PROCUREMENT_METHODS })
  @IsIn(PROCUREMENT_METHODS, { message: `method must be one of: ${PROCUREMENT_METHODS.join(', ')}` })
  method!: ProcurementMethod;

  @ApiProperty({ example: 180000, minimum: 0 })
  @Max(MAX_AMOUNT, { message: `estimatedCost must be at most ${MAX_AMOUNT}` })
  @Min(0, { message: 'estimatedCost must be 0 or more' })
  @IsMoney({ message: 'estimatedCost must be a finite number with at most two decimals' })
  estimatedCost!: number;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-03-01', description: DATE })
  @ValidateIf(notNull('scheduledStart')) @IsDateString({ strict: true }, { message: 'scheduledStart must be a date like 2027-03-01' })
  scheduledStart?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-09-30', description: `${DATE}; not before scheduledStart` })
  @ValidateIf(notNull('scheduledEnd')) @IsDateString({ strict: true }, { message: 'scheduledEnd must be a date like 2027-09-30' })
  scheduledEnd?: string | null;

  @ApiPropertyOptional({ enum: PROCUREMENT_STATUSES, default: 'planned' })
  @IsOptional() @IsIn(PROCUREMENT_STATUSES, { message: `status must be one of: ${PROCUREMENT_STATUSES.join(', ')}` })
  status?: ProcurementStatus;
}

export class CreateProcurementItemDto extends IntersectionType(ProcurementFields, VersionedBody) {}

export class UpdateProcurementItemDto extends IntersectionType(PartialType(ProcurementFields), VersionedItemBody) {}

export class ProcurementItemView {
  @ApiProperty() id!: string;
  @ApiProperty() engagementId!: string;
  @ApiProperty() actionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: PROCUREMENT_METHODS }) method!: ProcurementMethod;
  @ApiProperty() estimatedCost!: number;
  @ApiProperty({ type: String, nullable: true }) scheduledStart!: string | null;
  @ApiProperty({ type: String, nullable: true }) scheduledEnd!: string | null;
  @ApiProperty({ enum: PROCUREMENT_STATUSES }) status!: ProcurementStatus;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ProcurementItemWriteView extends ProcurementItemView {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

export class PutGapDeferralDto extends VersionedBody {
  @ApiPropertyOptional({ example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 'Addressed by the regional air-quality plan in the next cycle', maxLength: 2000 })
  @MaxLength(2000)
  @IsNotBlank({ message: 'reason is required: say why this gap waits' })
  @IsString({ message: 'reason is required: say why this gap waits' })
  reason!: string;
}

export class GapDeferralQuery {
  @ApiPropertyOptional({ example: 'pm10' })
  @IsOptional() @MaxLength(100) @IsString()
  dataPoint?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The engagement version acted on' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'expectedVersion must be a whole number' }) @Min(1)
  expectedVersion?: number;
}

export class GapDeferralView {
  @ApiProperty() code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who deferred it' }) by!: string | null;
  @ApiProperty() at!: Date;
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}
