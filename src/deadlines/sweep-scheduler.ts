import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Environment } from '../config/environment';
import { DeadlineSweep } from './deadline-sweep';

/**
 * Runs the deadline sweep every SWEEP_INTERVAL_MS (default a minute; 0: never, as in the tests) from
 * application bootstrap until shutdown, one run at a time in this process. Other processes on the
 * same database may sweep at the same moment: the sweep's unique notice key makes that harmless.
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeadlineSweep');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly sweep: DeadlineSweep,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.SWEEP_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => this.tick(), this.env.SWEEP_INTERVAL_MS);
    this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running || !this.timer) return;
    this.running = this.sweep
      .run()
      .then((report) => {
        const total = report.reminder + report.overdue + report.escalation;
        if (total > 0) this.logger.log(`deadline sweep: ${report.reminder} reminders, ${report.overdue} overdue, ${report.escalation} escalations`);
      })
      .catch((error: Error) => this.logger.error(`deadline sweep failed: ${error.message}`))
      .finally(() => (this.running = null));
  }
}
