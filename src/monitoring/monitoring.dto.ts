import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MEASUREMENT_DECISIONS, MEASUREMENT_STATUSES, type MeasurementDecision, type MeasurementStatus } from '../../workflows/measurements';
import { IsNotBlank } from '../common/validation';
import { VersionedBody } from '../common/versioned.dto';
import { DIRECTIONS, INSUFFICIENT_DATA_REASONS, MONITORING_STATUSES, type Direction, type InsufficientDataReason, type MonitoringInputs, type MonitoringStatus } from '../scoring/engine';

export const BASELINE_SOURCES = ['assessment', 'previous_cycle'] as const;
export type BaselineSource = (typeof BASELINE_SOURCES)[number];

export class RecordMeasurementDto extends VersionedBody {
  @ApiProperty({ example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
  @MaxLength(100) @IsNotBlank({ message: 'code must be a KPI code' }) @IsString({ message: 'code must be a KPI code' })
  code!: string;

  @ApiPropertyOptional({ type: String, example: 'pm10', nullable: true, description: 'Required for a KPI with data points (one of its keys), refused for a single-value KPI; null or "" as leaving it out' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string | null;

  @ApiProperty({ example: 91.2, description: "The measured value, in the KPI's (or data point's) unit; within its possible range" })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a finite number' })
  value!: number;

  @ApiProperty({ example: '2026-06-30', description: 'When it was measured (YYYY-MM-DD): not in the future, and after the baseline date' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar date YYYY-MM-DD' })
  @IsString({ message: 'date must be a calendar date YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: 'Telecom regulator, quarterly report Q2' })
  @MaxLength(1000) @IsNotBlank({ message: 'source must say where the measurement comes from' }) @IsString({ message: 'source must say where the measurement comes from' })
  source!: string;
}

export class MeasurementsQuery {
  @ApiPropertyOptional({ example: 'EC-ICT-ICT-1C', description: 'Only this KPI (URL-safe or official code)' })
  @IsOptional() @MaxLength(100) @IsString()
  code?: string;
}

export class MeasurementView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a single-value KPI' }) dataPoint!: string | null;
  @ApiProperty() value!: number;
  @ApiProperty({ example: '2026-06-30' }) date!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ description: 'Whether an action of the plan (not dropped) targets this KPI / data point' }) targeted!: boolean;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ enum: MEASUREMENT_STATUSES, description: '`submitted` until a verifier who did not record it verifies or rejects it' }) status!: MeasurementStatus;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) decidedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) decisionComment!: string | null;
}

export class MeasurementVerificationDto extends VersionedBody {
  @ApiProperty({ enum: MEASUREMENT_DECISIONS })
  @IsIn(MEASUREMENT_DECISIONS, { message: `decision must be one of: ${MEASUREMENT_DECISIONS.join(', ')}` })
  decision!: MeasurementDecision;

  @ApiPropertyOptional({ description: 'Required for a rejection: what is wrong with the measurement' })
  @ValidateIf((o: MeasurementVerificationDto) => o.decision === 'rejected' || o.comment !== undefined)
  @MaxLength(5000)
  @IsNotBlank({ message: 'comment is required to reject a measurement: say what is wrong' })
  @IsString({ message: 'comment is required to reject a measurement: say what is wrong' })
  comment?: string;
}

export class MeasurementWriteView extends MeasurementView {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}

export class BaselineView {
  @ApiProperty() value!: number;
  @ApiProperty({ example: '2024-12-31', description: 'The verified value\'s reference year → 31 December (never after its verification date); a carried baseline: when the next cycle opened' })
  date!: string;
  @ApiProperty({ enum: BASELINE_SOURCES }) source!: BaselineSource;
}

export class SeriesPointView {
  @ApiProperty() id!: string;
  @ApiProperty() value!: number;
  @ApiProperty() date!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ enum: MEASUREMENT_STATUSES, description: 'Monitoring reads every measurement; its verification is shown' }) status!: MeasurementStatus;
}

export class MonitoredItemView {
  @ApiProperty() code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ description: 'false: measured, but no action (not dropped) targets it' }) targeted!: boolean;
  @ApiProperty({ type: [String], description: 'The actions (not dropped) targeting it' }) actionIds!: string[];
  @ApiProperty({ type: BaselineView, nullable: true }) baseline!: BaselineView | null;
  @ApiProperty({ type: [SeriesPointView], description: 'Every measurement, oldest first' }) series!: SeriesPointView[];
  @ApiProperty({ type: SeriesPointView, nullable: true, description: 'The latest measurement after the baseline' }) latest!: SeriesPointView | null;
  @ApiProperty({ type: Number, nullable: true, description: "The scorecard's target: catalogue default or this engagement's override" }) target!: number | null;
  @ApiProperty({ enum: DIRECTIONS }) direction!: Direction;
  @ApiProperty({ type: String, nullable: true, description: 'The latest end date of the actions targeting it' }) targetDate!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '(latest − baseline) / (target − baseline), not clamped' }) progress!: number | null;
  @ApiProperty({ enum: MONITORING_STATUSES }) status!: MonitoringStatus;
  @ApiProperty({ enum: INSUFFICIENT_DATA_REASONS, nullable: true }) reason!: InsufficientDataReason | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The year the target is reached at the observed rate; null when never' }) projectedYear!: number | null;
  @ApiProperty({ description: 'What each calculation was made from: baseline, latest, years, cagrObserved, cagrRequired, ratio, thresholds…' })
  inputs!: MonitoringInputs;
}
