import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEMBER_ROLES, type MemberRole } from '../../workflows/roles';
import { EngagementView } from '../engagements/engagement.dto';
import type { EngagementBaseline } from '../engagements/engagement.entity';
import { GateView, UnmetConditionView } from '../gates/gates.dto';
import { CarryOverView } from './carry-over';

export class MemberView {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: MEMBER_ROLES }) role!: MemberRole;
  @ApiPropertyOptional({ type: String, nullable: true }) stakeholderGroup!: string | null;
}

export class EngagementDetailView extends EngagementView {
  @ApiPropertyOptional({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'For a next cycle: {fromEngagementId, takenAt, values: [{code, dataPoint, value, year, date, status, source (measurement | kpi_value), measurementId, verified, unverifiedNotTaken}]}: ' +
      'per KPI item the last verified measurement of the previous cycle, else its verified value; where nothing is verified, the latest unverified one, flagged verified: false; ' +
      'a later unverified measurement not taken is shown in unverifiedNotTaken',
  })
  baseline!: EngagementBaseline | null;
  @ApiProperty({ type: [String], description: 'Events the calling user may send now' }) allowedEvents!: string[];
  @ApiProperty({
    description: 'For events the machine would accept but whose conditions do not hold yet: why',
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/UnmetConditionView' } },
  })
  blockedEvents!: Record<string, UnmetConditionView[]>;
  @ApiProperty({ type: [MemberView] }) members!: MemberView[];
}

export class GateDecisionResultView {
  @ApiProperty({ type: GateView }) gate!: GateView;
  @ApiProperty({ type: EngagementDetailView }) engagement!: EngagementDetailView;
}

export class NextCycleView extends EngagementDetailView {
  @ApiProperty({ type: CarryOverView, description: 'The actions of the previous cycle not done, offered to carry over (POST …/actions/carry-over)' })
  carryOver!: CarryOverView;
}
