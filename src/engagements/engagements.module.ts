import { Global, Module } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { EngagementWriter } from './engagement-writer';
import { EngagementsController } from './engagements.controller';
import { EngagementsService } from './engagements.service';
import { ReviewFreeze } from './review-freeze';
import { HistoryService } from './history.service';

/**
 * Engagements and their members, plus the two services every engagement-scoped module uses:
 * AccessService (who may see and do what) and EngagementWriter (one transaction, optimistic lock,
 * history row). Global so feature modules can inject them.
 */
@Global()
@Module({
  controllers: [EngagementsController],
  providers: [AccessService, EngagementWriter, EngagementsService, ReviewFreeze, HistoryService],
  exports: [AccessService, EngagementWriter, EngagementsService, ReviewFreeze],
})
export class EngagementsModule {}
