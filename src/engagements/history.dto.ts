import { ApiProperty } from '@nestjs/swagger';

export class HistoryEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'When the change was applied (UTC)' }) at!: Date;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'SUBMIT_FOR_REVIEW' }) type!: string;
  @ApiProperty({ type: String, nullable: true, example: 'assessment.inProgress' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'assessment.inReview' }) to!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: Record<string, unknown>;
  @ApiProperty({ description: "The engagement's version after this change" }) version!: number;
}
