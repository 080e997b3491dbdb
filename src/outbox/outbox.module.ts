import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '../clock/clock.module';
import { Outbox } from './outbox';
import { OutboxWorker } from './outbox-worker';
import { OutboxAttempt, OutboxDelivery, OutboxRecord } from './outbox.entity';

/**
 * The outbox: messages written in the transaction of the change that caused them (`Outbox.write`,
 * used by EngagementWriter and the deadline sweep), delivered after commit by `OutboxWorker` through
 * the channels registered with it (src/notifications: in-app and e-mail; webhooks plug in alike).
 */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxRecord, OutboxDelivery, OutboxAttempt]), ClockModule],
  providers: [Outbox, OutboxWorker],
  exports: [TypeOrmModule, Outbox, OutboxWorker],
})
export class OutboxModule {}
