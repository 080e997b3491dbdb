import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { EngagementsModule } from '../../engagements/engagements.module';
import { KpisModule } from '../kpis.module';
import { KpiValuesModule } from '../values/kpi-values.module';
import { VerificationController } from './verification.controller';
import { BulkVerificationController, VerificationQueueController } from './verification-queue.controller';
import { VerificationQueueService } from './verification-queue.service';
import { ClockModule } from '../../clock/clock.module';
import { VerificationService } from './verification.service';

/** Independent verification: verify or reject submitted values (four-eyes), question threads. */
@Module({
  imports: [KpiValuesModule, KpisModule, EngagementsModule, AccessModule, ClockModule],
  controllers: [VerificationController, BulkVerificationController, VerificationQueueController],
  providers: [VerificationService, VerificationQueueService],
  exports: [VerificationService, VerificationQueueService],
})
export class VerificationModule {}
