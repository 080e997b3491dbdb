import { DATA_QUALITY_KEYS } from '../kpis/values/data-quality';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { BANDS, type Band, type GapReason, type KpiType } from './engine';

const GAP_REASONS = ['not_reported', 'not_available', 'not_verified', 'below_target'] as const;

export class ScoredItemView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a single-value KPI' }) dataPoint!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The submitted or verified value; null = not reported' }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({ type: Number, nullable: true }) start!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of the way from start to target, 0–1 (capped); null when not scored' }) progress!: number | null;
  @ApiProperty({ enum: BANDS }) band!: Band;
  @ApiProperty({ type: Number, nullable: true, description: '4, 3, 2, 1; null for no_target and no_data (left out)' }) points!: number | null;
}

export class AggregateCountsView {
  @ApiProperty({ description: 'Items with points' }) scored!: number;
  @ApiProperty() noTarget!: number;
  @ApiProperty() noData!: number;
}

export class AggregateRowView {
  @ApiProperty({ example: 'ICT Infrastructure' }) name!: string;
  @ApiProperty() points!: number;
  @ApiProperty({ description: '4 × the scored items' }) maxPoints!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'points / maxPoints × 100; null when nothing is scored' }) percent!: number | null;
  @ApiProperty({ enum: BANDS }) band!: Band;
  @ApiProperty({ type: AggregateCountsView }) counts!: AggregateCountsView;
}

export class SdgRowView extends OmitType(AggregateRowView, ['name'] as const) {
  @ApiProperty({ example: 11, description: 'The SDG number' }) name!: number;
}

export class ReportingCountsView {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'KPIs with every data point reported' }) reported!: number;
  @ApiProperty({ description: 'KPIs with every data point verified' }) verified!: number;
}

export class TypeCompletenessView extends ReportingCountsView {
  @ApiProperty({ type: ReportingCountsView, description: 'The same counts per data point (a single-value KPI counts as one)' })
  dataPoints!: ReportingCountsView;
}

export class CompletenessView {
  @ApiProperty({ type: TypeCompletenessView }) core!: TypeCompletenessView;
  @ApiProperty({ type: TypeCompletenessView }) advanced!: TypeCompletenessView;
}

export class QualityLevelView {
  @ApiProperty({ enum: [...DATA_QUALITY_KEYS, 'not_stated'] }) level!: string;
  @ApiProperty({ example: 'Based on accurate measurements' }) label!: string;
  @ApiProperty() count!: number;
}

export class QualityRuleView {
  @ApiProperty({ example: 'potable-within-basic-water' }) rule!: string;
  @ApiProperty({ enum: ['warning', 'error'] }) severity!: 'warning' | 'error';
  @ApiProperty({ description: 'Values carrying it' }) values!: number;
  @ApiProperty({ description: 'Of them, not yet answered (error) or acknowledged (warning)' }) open!: number;
}

export class QualityFlagsView {
  @ApiProperty({ description: 'Values with at least one flag' }) flagged!: number;
  @ApiProperty({ description: 'Values with at least one open flag' }) open!: number;
  @ApiProperty({ description: 'Values with an error flag' }) errors!: number;
  @ApiProperty({ description: 'Values with a warning flag' }) warnings!: number;
  @ApiProperty({ type: [QualityRuleView] }) byRule!: QualityRuleView[];
}

export class QualityEvidenceView {
  @ApiProperty({ description: 'Values with evidence files on their current submission' }) withFiles!: number;
  @ApiProperty({ description: 'Values with an evidence URL but no file' }) urlOnly!: number;
  @ApiProperty({ description: 'Values with no evidence' }) none!: number;
}

export class DataQualityView {
  @ApiProperty({ description: 'Values with a figure that stands (submitted or verified, as the scorecard counts them): what the counts below count' }) reported!: number;
  @ApiProperty({ description: 'Rejected values, waiting for the city to correct them' }) rejected!: number;
  @ApiProperty() notAvailable!: number;
  @ApiProperty({ type: [QualityLevelView], description: 'By the U4SSC six-level data-quality scale, in its order, then not stated' }) byLevel!: QualityLevelView[];
  @ApiProperty({ type: QualityFlagsView }) flags!: QualityFlagsView;
  @ApiProperty({ type: QualityEvidenceView }) evidence!: QualityEvidenceView;
}

export class ScorecardView {
  @ApiProperty({ type: [ScoredItemView], description: 'One row per single-value KPI and per data point, in catalogue order' }) kpis!: ScoredItemView[];
  @ApiProperty({ type: [AggregateRowView] }) categories!: AggregateRowView[];
  @ApiProperty({ type: [AggregateRowView] }) subdimensions!: AggregateRowView[];
  @ApiProperty({ type: [AggregateRowView] }) dimensions!: AggregateRowView[];
  @ApiProperty({ type: [SdgRowView], description: 'Per SDG, over the KPIs that inform it' }) sdgs!: SdgRowView[];
  @ApiProperty({ type: CompletenessView }) completeness!: CompletenessView;
}

/** GET …/scorecard: the scorecard of today's values, with their data quality. */
export class EngagementScorecardView extends ScorecardView {
  @ApiProperty({ type: DataQualityView, description: 'Data quality of the values: the six-level scale, consistency flags, evidence present' })
  dataQuality!: DataQualityView;
}

export class GapDeferralNoteView {
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who deferred it' }) by!: string | null;
  @ApiProperty() at!: Date;
}

export class GapView {
  @ApiProperty({ example: 'EC-ICT-ICT-1C' }) code!: string;
  @ApiProperty({ type: String, nullable: true }) dataPoint!: string | null;
  @ApiProperty({ enum: BANDS }) band!: Band;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '1 − progress (0–1); null when not reported' }) distance!: number | null;
  @ApiProperty({ type: [String], description: 'Actions of the action plan (not dropped) addressing this gap' }) actionIds!: string[];
  @ApiProperty({
    type: GapDeferralNoteView,
    nullable: true,
    description: 'A lowest-band gap deferred with a reason instead of an action (PUT …/gap-deferrals/:code); null when not deferred',
  })
  deferral!: GapDeferralNoteView | null;
  @ApiProperty({ enum: ['core', 'advanced'] }) type!: KpiType;
  @ApiProperty({ enum: GAP_REASONS, description: 'Why it is a gap; core not reported and not verified come first' }) reason!: GapReason;
}
