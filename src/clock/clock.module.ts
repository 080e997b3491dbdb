import { Module } from '@nestjs/common';
import { Clock } from './clock';

/** The application's clock (`Clock`): deadlines, the sweep and the outbox's retries read the time here. */
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
