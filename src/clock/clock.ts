import { Injectable } from '@nestjs/common';

/**
 * The time as the server reads it for deadlines and retries. One instance for the application;
 * a test replaces `now` (jest.spyOn(app.get(Clock), 'now')) to move time without waiting.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
