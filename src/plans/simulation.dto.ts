import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';
import { IsOmittable } from '../common/validation';
import { BANDS, PROJECTED_STATUS, type Band } from '../scoring/engine';
import { ScorecardView } from '../scoring/scoring.dto';

export class SimulationDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'The actions to simulate; omitted: every action of the engagement that is not dropped. ' +
      'An id that is not an action of this engagement, or a dropped action: 400 naming actionIds. [] simulates none.',
  })
  @IsOmittable()
  @IsArray({ message: 'actionIds must be a list of action ids' })
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true, message: 'actionIds must be action ids (uuid)' })
  actionIds?: string[];
}

export class ItemChangeView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a single-value KPI' }) dataPoint!: string | null;
  @ApiProperty({ type: Number, nullable: true }) valueBefore!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The expected value (the best, in the KPI’s direction, when several actions name the item)' })
  valueAfter!: number | null;
  @ApiProperty({ type: Number, nullable: true }) progressBefore!: number | null;
  @ApiProperty({ type: Number, nullable: true }) progressAfter!: number | null;
  @ApiProperty({ enum: BANDS }) bandBefore!: Band;
  @ApiProperty({ enum: BANDS }) bandAfter!: Band;
  @ApiProperty({ type: Number, nullable: true }) pointsBefore!: number | null;
  @ApiProperty({ type: Number, nullable: true }) pointsAfter!: number | null;
}

export class AggregateChangeView {
  @ApiProperty({ example: 'ICT Infrastructure' }) name!: string;
  @ApiProperty({ type: Number, nullable: true }) percentBefore!: number | null;
  @ApiProperty({ type: Number, nullable: true }) percentAfter!: number | null;
  @ApiProperty({ enum: BANDS }) bandBefore!: Band;
  @ApiProperty({ enum: BANDS }) bandAfter!: Band;
  @ApiProperty() pointsBefore!: number;
  @ApiProperty() pointsAfter!: number;
  @ApiProperty() maxPointsBefore!: number;
  @ApiProperty() maxPointsAfter!: number;
}

export class SdgChangeView extends OmitType(AggregateChangeView, ['name'] as const) {
  @ApiProperty({ example: 11, description: 'The SDG number' }) name!: number;
}

export class SimulationChangesView {
  @ApiProperty({ type: [ItemChangeView], description: 'Every KPI and data point an action projects, in catalogue order' }) kpis!: ItemChangeView[];
  @ApiProperty({ type: [AggregateChangeView], description: 'Every category holding a projected item (even when its numbers stay)' })
  categories!: AggregateChangeView[];
  @ApiProperty({ type: [AggregateChangeView] }) subdimensions!: AggregateChangeView[];
  @ApiProperty({ type: [AggregateChangeView] }) dimensions!: AggregateChangeView[];
  @ApiProperty({ type: [SdgChangeView] }) sdgs!: SdgChangeView[];
}

export class SimulationView {
  @ApiProperty({ type: ScorecardView, description: 'Today’s scorecard (as GET …/scorecard)' }) current!: ScorecardView;
  @ApiProperty({
    type: ScorecardView,
    description: `The scorecard as if the actions reached their expected values; a projected value counts as ${PROJECTED_STATUS} (reported, not verified)`,
  })
  projected!: ScorecardView;
  @ApiProperty({ type: SimulationChangesView }) changes!: SimulationChangesView;
  @ApiProperty({ type: [String], description: 'The actions simulated, in plan order' }) actions!: string[];
}
