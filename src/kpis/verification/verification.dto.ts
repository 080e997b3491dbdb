import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { VersionedBody } from '../../common/versioned.dto';
import { KpiQuestionView, KpiValueView } from '../values/kpi-values.dto';
import { IsNotBlank } from '../../common/validation';

export const DECISIONS = ['verified', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

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
