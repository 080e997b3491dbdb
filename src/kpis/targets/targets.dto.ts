import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, MaxLength } from 'class-validator';
import { VersionedBody } from '../../common/versioned.dto';
import { HistoryEntryView } from '../../engagements/history.dto';
import type { Direction } from '../catalogue/catalogue';
import { DIRECTIONS } from '../../scoring/engine';
import { IsNotBlank } from '../../common/validation';

export class PutTargetDto extends VersionedBody {
  @ApiProperty({ example: 90, description: 'The value that means 100 % progress for this engagement' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'target must be a number' })
  target!: number;

  @ApiPropertyOptional({
    example: 0,
    description: "The value that means 0 % progress; omitted: the catalogue's start (required where the catalogue has none)",
  })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'start must be a number' })
  start?: number;

  @ApiPropertyOptional({ example: 'pm10', description: 'Required for a KPI with data points, refused for a single-value KPI' })
  @IsOptional() @MaxLength(100) @IsString({ message: 'dataPoint must be a data point key' })
  dataPoint?: string;

  @ApiProperty({ example: 'National broadband plan: 90 % by 2030', description: 'Why this engagement departs from the default; kept' })
  @MaxLength(2000)
  @IsNotBlank({ message: 'justification is required: say why this target fits the city' })
  @IsString({ message: 'justification is required: say why this target fits the city' })
  justification!: string;
}

export class EffectiveTargetView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a single-value KPI' }) dataPoint!: string | null;
  @ApiProperty({ enum: DIRECTIONS }) direction!: Direction;
  @ApiProperty({ type: Number, nullable: true, description: 'The target the scorecard uses; null = no target (no_target)' }) target!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The value that means 0 % progress' }) start!: number | null;
  @ApiProperty({ enum: ['catalogue', 'engagement'], description: 'catalogue default, or this engagement\'s override' }) origin!: 'catalogue' | 'engagement';
  @ApiProperty({ type: Number, nullable: true }) catalogueTarget!: number | null;
  @ApiProperty({ type: Number, nullable: true }) catalogueStart!: number | null;
  @ApiProperty({ type: String, nullable: true, description: "Source of the catalogue's default target" }) targetSource!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the engagement overrides the default' }) justification!: string | null;
  @ApiProperty({ type: String, nullable: true }) setBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) setAt!: Date | null;
  @ApiProperty({ type: [HistoryEntryView], description: 'Every override of this target, oldest first, each with the previous target' })
  history!: HistoryEntryView[];
}

export class TargetWriteView extends OmitType(EffectiveTargetView, ['history'] as const) {
  @ApiProperty({ description: "The engagement's version after this change" }) engagementVersion!: number;
}
