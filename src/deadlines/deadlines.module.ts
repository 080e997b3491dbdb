import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '../clock/clock.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeadlineNotice } from './deadline-notice.entity';
import { DeadlineSweep } from './deadline-sweep';
import { SweepScheduler } from './sweep-scheduler';

/**
 * Deadlines: the sweep that reminds, marks overdue and escalates tasks and gates past their due time
 * (deadline-rules.ts), once each however many processes run it, and its schedule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeadlineNotice]), OutboxModule, ClockModule],
  providers: [DeadlineSweep, SweepScheduler],
  exports: [DeadlineSweep],
})
export class DeadlinesModule {}
