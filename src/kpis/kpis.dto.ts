import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DIRECTIONS, KPI_TYPES } from '../scoring/engine';
import type { Confidence, Direction, KpiType } from './catalogue/catalogue';

const CONFIDENCES = ['high', 'medium', 'low'] as const;

export class KpiCatalogueQuery {
  @ApiPropertyOptional({ example: 'Economy', description: 'A dimension of the catalogue (case-insensitive)' })
  @IsOptional() @MaxLength(200) @IsString({ message: 'dimension must be given once, as text' })
  dimension?: string;

  @ApiPropertyOptional({ example: 'ICT', description: 'A sub-dimension of the catalogue (case-insensitive)' })
  @IsOptional() @MaxLength(200) @IsString({ message: 'subdimension must be given once, as text' })
  subdimension?: string;

  @ApiPropertyOptional({ example: 'ICT Infrastructure', description: 'A category of the catalogue (case-insensitive)' })
  @IsOptional() @MaxLength(200) @IsString({ message: 'category must be given once, as text' })
  category?: string;

  @ApiPropertyOptional({ enum: KPI_TYPES })
  @IsOptional() @IsIn(KPI_TYPES, { message: `type must be one of: ${KPI_TYPES.join(', ')}` })
  type?: KpiType;

  @ApiPropertyOptional({ minimum: 1, maximum: 17, description: 'Only KPIs that inform this SDG' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'sdg must be a whole number from 1 to 17' })
  @Min(1, { message: 'sdg must be a whole number from 1 to 17' })
  @Max(17, { message: 'sdg must be a whole number from 1 to 17' })
  sdg?: number;
}

export class ValueRangeView {
  @ApiProperty({ description: 'Lowest value of the range' }) min!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Highest value of the range; null = no upper bound' }) max!: number | null;
}

const POSSIBLE = 'Values that can be right: a value outside is refused (400, field value)';
const PLAUSIBLE = "Usual values: a value outside is accepted with a warning flag (rule plausible-range) for the verifier";

export class DataPointView {
  @ApiProperty({ example: 'pm2-5', description: 'URL-safe key, unique within the KPI' }) key!: string;
  @ApiProperty({ example: 'PM2.5' }) label!: string;
  @ApiProperty({ enum: DIRECTIONS }) direction!: Direction;
  @ApiProperty({ type: Number, nullable: true, description: 'Default target (100 % progress); null = no defensible target' }) target!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The value that means 0 % progress' }) start!: number | null;
  @ApiProperty({ description: 'Where the default target comes from' }) targetSource!: string;
  @ApiProperty({ enum: CONFIDENCES }) targetConfidence!: Confidence;
  @ApiProperty() targetNote!: string;
  @ApiProperty({ example: 'µg/m³, annual mean' }) unit!: string;
  @ApiProperty({ type: ValueRangeView, description: POSSIBLE }) possible!: ValueRangeView;
  @ApiProperty({ type: ValueRangeView, description: PLAUSIBLE }) plausible!: ValueRangeView;
  @ApiProperty({ description: 'Where the bounds of both ranges come from' }) rangeSource!: string;
}

export class KpiView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C', description: 'URL-safe code, used in every path' }) code!: string;
  @ApiProperty({ example: 'EC: ICT: ICT: 1C' }) officialCode!: string;
  @ApiProperty({ type: [String], description: 'Other codes seen for this KPI; accepted wherever a code is' }) altCodes!: string[];
  @ApiProperty({ example: 'Household Internet Access' }) name!: string;
  @ApiProperty() definition!: string;
  @ApiProperty({ example: 'Economy' }) dimension!: string;
  @ApiProperty({ example: 'ICT' }) subdimension!: string;
  @ApiProperty({ example: 'ICT Infrastructure' }) category!: string;
  @ApiProperty({ enum: KPI_TYPES }) type!: KpiType;
  @ApiProperty({ type: String, nullable: true, description: 'Smart / Sustainable / Structural' }) typeClass!: string | null;
  @ApiProperty({ example: 'Percentage' }) unit!: string;
  @ApiProperty({ enum: DIRECTIONS, description: 'higher or lower is better; band = best at the target, worse either side' }) direction!: Direction;
  @ApiProperty({ type: [Number], example: [17] }) sdgs!: number[];
  @ApiProperty({ type: [String], example: ['17.8.1'] }) sdgRefs!: string[];
  @ApiProperty({ enum: CONFIDENCES, description: 'How well the record is sourced' }) confidence!: Confidence;
  @ApiProperty({ type: [DataPointView], description: '[] for a single-value KPI; otherwise each data point has its own target' })
  dataPoints!: DataPointView[];
  @ApiProperty({ type: Number, nullable: true, description: 'Default target; null with data points or without a defensible target' }) target!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The value that means 0 % progress' }) start!: number | null;
  @ApiProperty({ type: String, nullable: true }) targetSource!: string | null;
  @ApiProperty({ enum: CONFIDENCES, nullable: true }) targetConfidence!: Confidence | null;
  @ApiProperty({ type: String, nullable: true }) targetNote!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '% of households' }) targetUnit!: string | null;
  @ApiProperty({ type: ValueRangeView, description: `${POSSIBLE}; with data points, all of theirs together` }) possible!: ValueRangeView;
  @ApiProperty({ type: ValueRangeView, description: `${PLAUSIBLE}; with data points, all of theirs together` }) plausible!: ValueRangeView;
  @ApiProperty({ description: 'Where the bounds of both ranges come from' }) rangeSource!: string;
  @ApiPropertyOptional({ description: 'How an open point of the reference was settled for this record' }) resolution?: string;
  @ApiProperty({ example: '2022', description: 'The catalogue edition this record belongs to' }) edition!: string;
}
