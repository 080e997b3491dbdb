import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ENGAGEMENT_STAGES } from '../../workflows/engagement.machine';
import type { Engagement } from './engagement.entity';

export class EngagementView {
  @ApiProperty() id!: string;
  @ApiProperty() cityId!: string;
  @ApiProperty() cityName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() managerId!: string;
  @ApiProperty() cycle!: number;
  @ApiProperty({ enum: ENGAGEMENT_STAGES }) stage!: string;
  @ApiPropertyOptional({ enum: ['inProgress', 'inReview'], nullable: true, type: String }) step!: string | null;
  @ApiProperty({ description: 'Optimistic-locking version; send it back as expectedVersion' }) version!: number;
  @ApiProperty({ description: 'Version of the roadmap machine definition the snapshot was made with' }) machineVersion!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) previousEngagementId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export const toEngagementView = (e: Engagement, cityName: string): EngagementView => ({
  id: e.id,
  cityId: e.cityId,
  cityName,
  title: e.title,
  managerId: e.managerId,
  cycle: e.cycle,
  stage: e.stage,
  step: e.step,
  version: e.version,
  machineVersion: e.machineVersion,
  previousEngagementId: e.previousEngagementId,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
