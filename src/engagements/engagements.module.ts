import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EngagementMember } from './engagement-member.entity';
import { EngagementWriter } from './engagement-writer';
import { Engagement } from './engagement.entity';
import { HistoryEntry } from './history-entry.entity';
import { HistoryService } from './history.service';
import { ReviewFreeze } from './review-freeze';
import { OutboxModule } from '../outbox/outbox.module';

/**
 * The engagement's records: the engagement row, its members, its append-only history, and
 * EngagementWriter — the one way to change an engagement (one transaction, optimistic lock, the
 * review freeze, history rows). Every feature module that changes an engagement imports this.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Engagement, EngagementMember, HistoryEntry]), OutboxModule],
  providers: [EngagementWriter, ReviewFreeze, HistoryService],
  exports: [TypeOrmModule, EngagementWriter, ReviewFreeze, HistoryService, OutboxModule],
})
export class EngagementsModule {}
