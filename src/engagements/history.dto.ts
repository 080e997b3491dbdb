import { PageQuery } from '../common/pages';
import { ApiProperty } from '@nestjs/swagger';
import type { HistoryEntry } from './history-entry.entity';

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

export const toHistoryView = (h: HistoryEntry): HistoryEntryView => ({
  id: h.id,
  at: h.at,
  actorId: h.actorId,
  type: h.type,
  from: h.from,
  to: h.to,
  payload: h.payload,
  version: h.version,
});

export class HistoryQuery extends PageQuery {}
