import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUrl, MaxLength, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

import { VersionedItemBody, VersionQuery } from '../../common/versioned.dto';
import { HistoryEntryView } from '../../engagements/history.dto';
import { VALUE_STATUSES, type ValueStatus } from '../../scoring/engine';
import { ValueRangeView } from '../kpis.dto';
import { DATA_QUALITY, DATA_QUALITY_KEYS, type DataQuality } from './data-quality';
import { IsNotBlank } from '../../common/validation';


/** The first reference year accepted for a KPI value. */
export const FIRST_YEAR = 1950;

/** A reference year: a whole year from 1950 to the current one (data cannot come from the future). */
export function IsPlausibleYear(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlausibleYear',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= FIRST_YEAR && value <= new Date().getUTCFullYear(),
        defaultMessage: () => `year must be a whole year from ${FIRST_YEAR} to ${new Date().getUTCFullYear()}`,
      },
    },
    options,
  );
}

const submitsValue = (o: PutKpiValueDto) => o.notAvailable !== true;

/**
 * A KPI value, or `{notAvailable: true, reason}`. The same rules check each row of a CSV import.
 * Whether `dataPoint` is required, and the value's plausible range, depend on the KPI: the service
 * checks them against the catalogue. (class-validator runs a property's decorators bottom-up: the
 * type check sits lowest so that, with stopAtFirstError, it is the one that speaks.)
 */
export class PutKpiValueDto extends VersionedItemBody {
  @ApiPropertyOptional({ type: Number, example: 87.5, description: 'The value, in the unit of the KPI or data point (required unless notAvailable)' })
  @ValidateIf(submitsValue)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  value?: number;

  @ApiPropertyOptional({ example: 2024, description: `Reference year of the value (required unless notAvailable), ${FIRST_YEAR} to the current year` })
  @ValidateIf(submitsValue)
  @IsPlausibleYear()
  year?: number;

  @ApiPropertyOptional({ example: 'Statistics Norway, table 12345', description: 'Where the value comes from (required unless notAvailable)' })
  @ValidateIf(submitsValue)
  @MaxLength(1000)
  @IsNotBlank({ message: 'source must say where the value comes from' })
  @IsString({ message: 'source must say where the value comes from' })
  source?: string;

  @ApiPropertyOptional({
    example: 'pm2-5',
    description:
      'Required for a value of a KPI with data points (one of its keys), refused for a single-value KPI. ' +
      'With notAvailable and no dataPoint, every data point of the KPI is marked not available.',
  })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiPropertyOptional({
    enum: DATA_QUALITY_KEYS,
    description: `U4SSC six-level data quality: ${DATA_QUALITY_KEYS.map((k) => `${k} = ${DATA_QUALITY[k]}`).join('; ')}`,
  })
  @IsOptional() @IsIn(DATA_QUALITY_KEYS, { message: `dataQuality must be one of: ${DATA_QUALITY_KEYS.join(', ')}` })
  dataQuality?: DataQuality;

  @ApiPropertyOptional({ type: String, example: 'https://www.ssb.no/en/statbank/table/12345', nullable: true, description: 'Link to the evidence (http or https); null: none' })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http(s) URL' })
  evidenceUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Numerator, denominator, method: anything the verifier should know; null: none' })
  @IsOptional() @MaxLength(5000) @IsString()
  notes?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Municipal utility', nullable: true, description: 'Origin of the data (the template\'s "data origin"); null: none' })
  @IsOptional() @MaxLength(500) @IsString()
  dataOrigin?: string | null;

  @ApiPropertyOptional({ description: 'true: the KPI (data point) is not available; give `reason`, and no value, year or source' })
  @IsOptional() @IsBoolean({ message: 'notAvailable must be true or false' })
  notAvailable?: boolean;

  @ApiPropertyOptional({ example: 'Not collected by the municipality', description: 'Why the KPI is not available (required with notAvailable)' })
  @ValidateIf((o: PutKpiValueDto) => o.notAvailable === true || o.reason !== undefined)
  @MaxLength(2000)
  @IsNotBlank({ message: 'reason is required when notAvailable is true' })
  @IsString({ message: 'reason is required when notAvailable is true' })
  reason?: string;
}

export class ImportQuery extends VersionQuery {}

export class KpiValuesQuery {
  @ApiPropertyOptional({ enum: VALUE_STATUSES, description: 'Only values in this status' })
  @IsOptional() @IsIn(VALUE_STATUSES, { message: `status must be one of: ${VALUE_STATUSES.join(', ')}` })
  status?: ValueStatus;

  @ApiPropertyOptional({ example: 'EC-ICT-ICT-1C', description: 'Only the values of this KPI' })
  @IsOptional() @MaxLength(100) @IsString()
  code?: string;
}

export class ComparedNumberView {
  @ApiProperty({ example: 'Basic Water Supply' }) label!: string;
  @ApiProperty({ type: String, nullable: true, example: 'EC-I-WS-1C', description: 'The KPI the number is of; null for a threshold or a range bound' }) code!: string | null;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty({ example: 70 }) value!: number;
}

export class FlagNoteView {
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'Who wrote it' }) by!: string;
  @ApiProperty() at!: Date;
}

export class ValueFlagView {
  @ApiProperty({ example: 'potable-within-basic-water', description: 'The rule of src/kpis/catalogue/u4ssc-2022.consistency-rules.json' }) rule!: string;
  @ApiProperty({ enum: ['warning', 'error'], description: 'error: verification waits until the city answers it; warning: a verifier acknowledges it with a comment' })
  severity!: 'warning' | 'error';
  @ApiProperty({ example: 'Potable Water Supply (80 %) is above Basic Water Supply (70 %): potable water should be less than basic water' }) message!: string;
  @ApiProperty({ type: [ComparedNumberView], description: 'The numbers compared, the value itself first' }) compared!: ComparedNumberView[];
  @ApiProperty({ description: "The manual's reason for the check" }) reason!: string;
  @ApiProperty({ example: 'U4SSC KPIs Verification Manual (2022), p. 68' }) source!: string;
  @ApiPropertyOptional({ type: ValueRangeView, description: 'For a range rule: the range the value is outside of' }) range?: ValueRangeView;
  @ApiProperty({ description: 'Names these figures: an answer or acknowledgement holds for the figures it was given on' }) fingerprint!: string;
  @ApiProperty({ type: FlagNoteView, nullable: true, description: "The city's latest answer on these figures" }) answer!: FlagNoteView | null;
  @ApiProperty({ type: FlagNoteView, nullable: true, description: "A verifier's latest acknowledgement of these figures" }) acknowledgement!: FlagNoteView | null;
  @ApiProperty({ description: 'Still in the way of verifying: an error not answered, a warning not acknowledged' }) open!: boolean;
}

export class KpiValueView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a single-value KPI' }) dataPoint!: string | null;
  @ApiProperty({ enum: VALUE_STATUSES }) status!: ValueStatus;
  @ApiProperty({ description: "The value's own version: send it as itemVersion to guard an edit of this value alone" }) version!: number;
  @ApiProperty({ description: 'How many times the value was submitted (or marked not available): 0 before the first; evidence files are tied to a submission' })
  submission!: number;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: String, nullable: true }) source!: string | null;
  @ApiProperty({ enum: DATA_QUALITY_KEYS, nullable: true }) dataQuality!: DataQuality | null;
  @ApiProperty({ type: String, nullable: true }) evidenceUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, nullable: true }) dataOrigin!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is not available (status not_available)' }) notAvailableReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) submittedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: "The verifier of the current decision (cleared when the city resubmits)" }) decidedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) decidedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) decisionComment!: string | null;
  @ApiProperty({
    type: [ValueFlagView],
    description:
      "Consistency flags, computed from the rule file over all of the engagement's values (and the previous cycle's baseline) when read; " +
      'each with the answer and acknowledgement given on its figures',
  })
  flags!: ValueFlagView[];
  @ApiProperty() updatedAt!: Date;
}

export class KpiValueWriteView extends KpiValueView {
  @ApiProperty({ description: "The engagement's version after this change (send it as expectedVersion next)" }) engagementVersion!: number;
}

export class KpiValuesWriteView {
  @ApiProperty({ type: [KpiValueView], description: 'Every data point written (a whole KPI marked not available)' }) values!: KpiValueView[];
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

export class KpiAnswerView {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
  @ApiProperty() answeredBy!: string;
  @ApiProperty() answeredAt!: Date;
}

export class KpiQuestionView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty() askedBy!: string;
  @ApiProperty() askedAt!: Date;
  @ApiProperty({ enum: ['open', 'answered', 'resolved'], description: 'answered once someone has answered; resolved once a verifier closed the thread (no answers after that)' })
  status!: 'open' | 'answered' | 'resolved';
  @ApiProperty({ type: Date, nullable: true }) resolvedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'The verifier who resolved the question' }) resolvedBy!: string | null;
  @ApiProperty({ type: [KpiAnswerView] }) answers!: KpiAnswerView[];
}

/** An evidence file of a value, as listed (its bytes: GET …/kpi-values/:code/evidence/:evidenceId). */
export class KpiEvidenceView {
  @ApiProperty({ description: 'Download it at GET /api/engagements/{id}/kpi-values/{code}/evidence/{evidenceId}' }) id!: string;
  @ApiProperty({ example: 'census-2024.pdf', description: 'The name it is kept under: the base name sent, cleaned, with the extension of its kind' })
  filename!: string;
  @ApiProperty({ example: 'application/pdf', description: 'Read from the content, never from what the client declared' }) contentType!: string;
  @ApiProperty({ description: 'In bytes' }) size!: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256!: string;
  @ApiProperty({ description: "The value's submission it was attached to" }) submission!: number;
  @ApiProperty({ description: "Attached to the value's current submission (false: to an earlier one, kept as the verifier saw it)" }) current!: boolean;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty() uploadedAt!: Date;
}

/** Loads the evidence of many values in one go: per value id, newest first. */
export type EvidenceLoader = (values: readonly { id: string; submission: number }[]) => Promise<Map<string, KpiEvidenceView[]>>;

export class KpiValueDetailView extends KpiValueView {
  @ApiProperty({ type: [KpiEvidenceView], description: 'Every evidence file of the value, newest first (nothing is ever deleted; current: of the current submission)' })
  evidence!: KpiEvidenceView[];
  @ApiProperty({ type: [KpiQuestionView], description: "The verifier's questions on this value and the city's answers" }) questions!: KpiQuestionView[];
  @ApiProperty({ type: [HistoryEntryView], description: 'Every change to this value, oldest first (from the engagement history)' })
  history!: HistoryEntryView[];
}

export class ImportRowView {
  @ApiProperty({ example: 2, description: "Line of the file, or row of the workbook's sheet (the header is row 1)" }) row!: number;
  @ApiProperty() code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty({
    enum: ['created', 'updated', 'unchanged'],
    description: 'unchanged: a row of the workbook still holding what is stored (submitted, verified or rejected) is not submitted again',
  })
  outcome!: 'created' | 'updated' | 'unchanged';
  @ApiProperty({ enum: VALUE_STATUSES }) status!: ValueStatus;
  @ApiProperty() valueId!: string;
}

export class ImportResultView {
  @ApiProperty({ description: 'Rows written (rows left unchanged are listed, not counted)' }) imported!: number;
  @ApiProperty({ description: "The engagement's version after the import" }) engagementVersion!: number;
  @ApiProperty({ type: [ImportRowView] }) rows!: ImportRowView[];
}
