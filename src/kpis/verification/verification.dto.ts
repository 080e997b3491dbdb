import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Min, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { VersionedBody } from '../../common/versioned.dto';
import { KpiQuestionView, KpiValueView, ValueFlagView } from '../values/kpi-values.dto';
import { IsNotBlank } from '../../common/validation';

export const DECISIONS = ['verified', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A verifier's comment on a warning as they verify the value (the warning is then acknowledged). */
export class AcknowledgementDto {
  @ApiProperty({ example: 'sanitation-typical-range', description: 'The rule of the warning' })
  @MaxLength(100) @IsString({ message: 'rule must name the rule of a warning on the value' })
  rule!: string;

  @ApiPropertyOptional({ example: 'pm10', description: 'Only the warning on this data point; without it, the warning on every data point decided' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 'Rural districts are not on the network: confirmed with the utility' })
  @MaxLength(5000) @IsNotBlank({ message: 'comment must say why the figure stands' }) @IsString({ message: 'comment must say why the figure stands' })
  comment!: string;
}

export class VerificationDto extends VersionedBody {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: `decision must be one of: ${DECISIONS.join(', ')}` })
  decision!: Decision;

  @ApiPropertyOptional({ example: 'pm10', description: 'One data point; without it, every data point of the KPI is decided' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiPropertyOptional({ description: 'Required for a rejection: what is wrong and what the city should correct' })
  @ValidateIf((o: VerificationDto) => o.decision === 'rejected' || o.comment !== undefined)
  @MaxLength(5000)
  @IsNotBlank({ message: 'comment is required to reject a value: say what the city should correct' })
  @IsString({ message: 'comment is required to reject a value: say what the city should correct' })
  comment?: string;

  @ApiPropertyOptional({
    type: [AcknowledgementDto],
    description:
      'With a verification: a comment on each warning of the values that no verifier has acknowledged yet (else 409 FLAGS_UNACKNOWLEDGED). ' +
      'An error is not acknowledged: the city answers it first (else 409 FLAGS_UNANSWERED)',
  })
  @IsOptional()
  @IsArray({ message: 'acknowledgements must be a list of {rule, comment}' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AcknowledgementDto)
  acknowledgements?: AcknowledgementDto[];
}

export class VerificationResultView {
  @ApiProperty({ enum: DECISIONS }) decision!: Decision;
  @ApiProperty({ type: [KpiValueView], description: 'The values decided' }) values!: KpiValueView[];
  @ApiProperty({ description: "The engagement's version after the decision" }) engagementVersion!: number;
}

export class RaiseQuestionDto extends VersionedBody {
  @ApiPropertyOptional({ example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 'Does the household count include secondary residences?' })
  @MaxLength(5000) @IsNotBlank({ message: 'text must be the question' }) @IsString({ message: 'text must be the question' })
  text!: string;
}

export class AnswerQuestionDto extends VersionedBody {
  @ApiProperty({ example: 'No: only primary residences, as in the census.' })
  @MaxLength(5000) @IsNotBlank({ message: 'text must be the answer' }) @IsString({ message: 'text must be the answer' })
  text!: string;
}

/** Resolving a question carries nothing but the version it was made on. */
export class ResolveQuestionDto extends VersionedBody {}

export class QuestionWriteView extends KpiQuestionView {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

export class FlagAnswerDto extends VersionedBody {
  @ApiPropertyOptional({ example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 'The utility counts connections, the census households: both figures are right for their year' })
  @MaxLength(5000) @IsNotBlank({ message: 'text must be the answer' }) @IsString({ message: 'text must be the answer' })
  text!: string;
}

export class FlagAcknowledgementDto extends VersionedBody {
  @ApiPropertyOptional({ example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 'Confirmed with the national statistics office' })
  @MaxLength(5000) @IsNotBlank({ message: 'comment must say why the figure stands' }) @IsString({ message: 'comment must say why the figure stands' })
  comment!: string;
}

export class FlagWriteView extends ValueFlagView {
  @ApiProperty({ example: 'EC-I-WS-2C' }) code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

export class BulkItemDto {
  @ApiProperty({ example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @MaxLength(100) @IsString({ message: 'code must be a KPI code' })
  code!: string;

  @ApiPropertyOptional({ example: 'pm10' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 3, description: "The value's own version as you saw it (the queue's version): a value changed since is refused (409 STALE_ITEM)" })
  @IsInt({ message: "version must be the value's version (a whole number)" })
  @Min(1, { message: "version must be the value's version (a whole number)" })
  version!: number;
}

export class BulkVerificationDto extends VersionedBody {
  @ApiPropertyOptional({
    type: [BulkItemDto],
    description:
      'The values to verify, each at the version you saw; without it, every submitted value without flags that someone else submitted, ' +
      'as the engagement was at expectedVersion (then required: 428 VERSION_REQUIRED)',
  })
  @IsOptional()
  @IsArray({ message: 'items must be a list of {code, dataPoint?, version}' })
  @ArrayMinSize(1, { message: 'items must name at least one value (leave it out to verify every unflagged value)' })
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => BulkItemDto)
  items?: BulkItemDto[];

  @ApiPropertyOptional({ description: 'Kept with each value verified' })
  @IsOptional() @MaxLength(5000) @IsString({ message: 'comment must be text' })
  comment?: string;
}

export class BulkSkippedView {
  @ApiProperty() code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty({ enum: ['flagged', 'own'], description: 'flagged: it carries consistency flags (verify it on its own); own: you submitted it (four-eyes)' })
  reason!: 'flagged' | 'own';
}

export class BulkVerificationView {
  @ApiProperty({ type: [KpiValueView], description: 'The values verified, each recorded in the history on its own' }) verified!: KpiValueView[];
  @ApiProperty({ type: [BulkSkippedView], description: 'Submitted values left for a verification of their own' }) skipped!: BulkSkippedView[];
  @ApiProperty({ description: "The engagement's version after this change (unchanged when nothing was verified)" }) engagementVersion!: number;
}
