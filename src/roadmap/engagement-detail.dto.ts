import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEMBER_ROLES, type MemberRole } from '../../workflows/roles';
import { EngagementView } from '../engagements/engagement.dto';
import type { EngagementBaseline } from '../engagements/engagement.entity';
import { GateView, UnmetConditionView } from '../gates/gates.dto';

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
    description: 'For a next cycle: {fromEngagementId, takenAt, values: [{code, dataPoint, value, year, status}]}, the last measurements of the previous cycle',
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
