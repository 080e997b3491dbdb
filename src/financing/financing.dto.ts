import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FUNDING_SOURCES, PROJECT_STATUSES, type FundingSource, type ProjectStatus } from '../../workflows/financing';
import { IsNotBlank } from '../common/validation';
import { VersionedBody, VersionedItemBody } from '../common/versioned.dto';
import { MAX_AMOUNT } from '../plans/plans.dto';
import { IsMoney } from '../common/validation';

const notNull = (field: string) => (o: Record<string, unknown>) => o[field] !== null && o[field] !== undefined;
const ACTION_IDS = 'actionIds must be actions of this engagement';

// ─── business cases ─────────────────────────────────────────────────────────────────────────────

class BusinessCaseFields {
  @ApiProperty({ example: 'Fibre backbone: savings on leased lines', maxLength: 300 })
  @MaxLength(300) @IsNotBlank({ message: 'title is required' }) @IsString({ message: 'title is required' })
  title!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The actions of this engagement the case is made for (at least one)' })
  @IsArray({ message: ACTION_IDS })
  @ArrayMinSize(1, { message: 'actionIds must name at least one action' })
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'actionIds must not name an action twice' })
  @IsUUID('all', { each: true, message: ACTION_IDS })
  actionIds!: string[];

  @ApiProperty({ type: [String], example: ['EC-ICT-ICT-1C'], description: 'The KPIs whose results the case rests on (URL-safe or official codes of the catalogue); may be empty' })
  @IsArray({ message: 'kpiCodes must be a list of KPI codes' })
  @ArrayMaxSize(100)
  @IsString({ each: true, message: 'kpiCodes must be a list of KPI codes' })
  @MaxLength(200, { each: true })
  kpiCodes!: string[];

  @ApiProperty({ example: 250000, minimum: 0, description: "The cost, in the city's currency, at most two decimals" })
  @Max(MAX_AMOUNT, { message: `cost must be at most ${MAX_AMOUNT}` })
  @Min(0, { message: 'cost must be 0 or more' })
  @IsMoney({ message: 'cost must be a finite number with at most two decimals' })
  cost!: number;

  @ApiProperty({ example: 50000, minimum: 0, description: "The monetary benefits per year, in the city's currency (savings, revenue); describe others in benefitsDescription" })
  @Max(MAX_AMOUNT, { message: `benefits must be at most ${MAX_AMOUNT}` })
  @Min(0, { message: 'benefits must be 0 or more' })
  @IsMoney({ message: 'benefits must be a finite number (per year) with at most two decimals' })
  benefits!: number;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, example: 'Fewer leased lines; faster permits for residents' })
  @ValidateIf(notNull('benefitsDescription')) @IsString() @MaxLength(4000)
  benefitsDescription?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: 1000,
    description: 'Payback in years, when the case states it; omitted or null: computed as cost ÷ benefits per year (null when benefits are 0)',
  })
  @ValidateIf(notNull('paybackYears'))
  @Max(1000, { message: 'paybackYears must be at most 1000' })
  @Min(0, { message: 'paybackYears must be 0 or more' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'paybackYears must be a finite number of years, or null' })
  paybackYears?: number | null;
}

export class CreateBusinessCaseDto extends IntersectionType(BusinessCaseFields, VersionedBody) {}

export class UpdateBusinessCaseDto extends IntersectionType(PartialType(BusinessCaseFields), VersionedItemBody) {}

export class BusinessCaseView {
  @ApiProperty() id!: string;
  @ApiProperty() engagementId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) actionIds!: string[];
  @ApiProperty({ type: [String], description: 'URL-safe catalogue codes' }) kpiCodes!: string[];
  @ApiProperty() cost!: number;
  @ApiProperty({ description: 'Monetary benefits per year' }) benefits!: number;
  @ApiProperty({ type: String, nullable: true }) benefitsDescription!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As given, or cost ÷ benefits per year (two decimals); null when benefits are 0 and none was given' })
  paybackYears!: number | null;
  @ApiProperty({ enum: ['given', 'computed'], description: 'Whether paybackYears was given or computed' }) paybackSource!: 'given' | 'computed';
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class BusinessCaseWriteView extends BusinessCaseView {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

// ─── investment projects ────────────────────────────────────────────────────────────────────────

export class AllocationDto {
  @ApiProperty({ format: 'uuid', description: 'An action of this engagement' })
  @IsUUID('all', { message: ACTION_IDS })
  actionId!: string;

  @ApiProperty({ example: 150000, description: 'The part of the project covering this action: more than 0, at most two decimals' })
  @Max(MAX_AMOUNT, { message: `amount must be at most ${MAX_AMOUNT}` })
  @Min(0.01, { message: 'amount must be more than 0' })
  @IsMoney({ message: 'amount must be a finite number with at most two decimals' })
  amount!: number;
}

class ProjectFields {
  @ApiProperty({ example: 'Fibre backbone, phase 1', maxLength: 300 })
  @MaxLength(300) @IsNotBlank({ message: 'title is required' }) @IsString({ message: 'title is required' })
  title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, description: 'Shown on the marketplace when published' })
  @ValidateIf(notNull('description')) @IsString() @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({
    type: [AllocationDto],
    description: 'The amount per action it covers; the project amount is their sum. Send allocations, or actionIds with amount (split evenly)',
  })
  @IsOptional()
  @IsArray({ message: 'allocations must be a list of {actionId, amount}' })
  @ArrayMinSize(1, { message: 'allocations must name at least one action' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AllocationDto)
  allocations?: AllocationDto[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Shorthand for allocations: the actions it covers, the amount split evenly in cents (the cents left over go one each to the first actions listed). ' +
      'With allocations too, they must name the same actions',
  })
  @IsOptional()
  @IsArray({ message: ACTION_IDS })
  @ArrayMinSize(1, { message: 'actionIds must name at least one action' })
  @ArrayMaxSize(100)
  @ArrayUnique({ message: 'actionIds must not name an action twice' })
  @IsUUID('all', { each: true, message: ACTION_IDS })
  actionIds?: string[];

  @ApiPropertyOptional({ example: 300000, description: 'More than 0, at most two decimals; required with actionIds; with allocations it must equal their sum' })
  @IsOptional()
  @Max(MAX_AMOUNT, { message: `amount must be at most ${MAX_AMOUNT}` })
  @Min(0.01, { message: 'amount must be more than 0' })
  @IsMoney({ message: 'amount must be a finite number with at most two decimals' })
  amount?: number;

  @ApiProperty({ enum: FUNDING_SOURCES })
  @IsIn(FUNDING_SOURCES, { message: `fundingSource must be one of: ${FUNDING_SOURCES.join(', ')}` })
  fundingSource!: FundingSource;

  @ApiPropertyOptional({ default: false, description: 'Listed on GET /api/marketplace for every signed-in user' })
  @IsOptional() @IsBoolean({ message: 'published must be true or false' })
  published?: boolean;

  @ApiPropertyOptional({
    enum: PROJECT_STATUSES,
    default: 'proposed',
    description: 'proposed → seeking_funding → funded → closed; cancelled from any but closed (back: seeking_funding → proposed, funded → seeking_funding)',
  })
  @IsOptional() @IsIn(PROJECT_STATUSES, { message: `status must be one of: ${PROJECT_STATUSES.join(', ')}` })
  status?: ProjectStatus;
}

export class CreateInvestmentProjectDto extends IntersectionType(ProjectFields, VersionedBody) {}

export class UpdateInvestmentProjectDto extends IntersectionType(PartialType(ProjectFields), VersionedItemBody) {}

export class AllocationView {
  @ApiProperty() actionId!: string;
  @ApiProperty() amount!: number;
}

export class InvestmentProjectView {
  @ApiProperty() id!: string;
  @ApiProperty() engagementId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: [String] }) actionIds!: string[];
  @ApiProperty({ type: [AllocationView] }) allocations!: AllocationView[];
  @ApiProperty({ description: 'The sum of the allocations' }) amount!: number;
  @ApiProperty({ enum: FUNDING_SOURCES }) fundingSource!: FundingSource;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({ enum: PROJECT_STATUSES, isArray: true, description: 'The statuses it may move to now' }) nextStatuses!: ProjectStatus[];
  @ApiProperty() published!: boolean;
  @ApiProperty({ type: Date, nullable: true }) publishedAt!: Date | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class InvestmentProjectWriteView extends InvestmentProjectView {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

// ─── the financing plan ─────────────────────────────────────────────────────────────────────────

export class FinancingLineView {
  @ApiProperty() actionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() budget!: number;
  @ApiProperty({ description: 'The allocations of its investment projects that are not cancelled' }) covered!: number;
  @ApiProperty({ description: 'budget − covered, never below 0' }) gap!: number;
  @ApiProperty({ description: 'covered − budget when more is allocated than the budget, else 0' }) surplus!: number;
  @ApiProperty({ description: 'covered ≥ budget (an action with budget 0 is financed)' }) financed!: boolean;
}

export class FinancingTotalsView {
  @ApiProperty() budget!: number;
  @ApiProperty() covered!: number;
  @ApiProperty() gap!: number;
}

export class FinancingPlanView {
  @ApiProperty({ type: [FinancingLineView], description: 'Every action not dropped, in the order of the plan' }) actions!: FinancingLineView[];
  @ApiProperty({ type: FinancingTotalsView }) totals!: FinancingTotalsView;
}

// ─── the marketplace ────────────────────────────────────────────────────────────────────────────

export class MarketplaceQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: 'Page size; the total is in the X-Total-Count header' })
  @IsOptional() @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' }) @Min(1, { message: 'limit must be a whole number from 1 to 200' }) @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'Projects to skip (newest published first)' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'offset must be a whole number, 0 or more' }) @Min(0, { message: 'offset must be a whole number, 0 or more' })
  offset?: number;
}

export class MarketplaceCityView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() country!: string;
}

export class MarketplaceKpiView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [Number] }) sdgs!: number[];
}

export class MarketplaceProjectView {
  @ApiProperty({ description: 'The investment project' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: MarketplaceCityView }) city!: MarketplaceCityView;
  @ApiProperty({ description: 'The amount sought' }) amount!: number;
  @ApiProperty({ enum: FUNDING_SOURCES }) fundingSource!: FundingSource;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty({ type: [MarketplaceKpiView], description: "The KPIs its actions target (the action plan's targets)" }) kpis!: MarketplaceKpiView[];
  @ApiProperty({ type: [Number], description: 'The SDGs of those KPIs (the catalogue), ascending' }) sdgs!: number[];
  @ApiProperty() publishedAt!: Date;
}
