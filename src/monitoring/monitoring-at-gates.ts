import { Injectable, OnModuleInit } from '@nestjs/common';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { implementationQaPassed, targetedKpisMonitoredCriterion } from './implementation-criteria';
import { MonitoringService } from './monitoring.service';

/** The Implementation gate's criteria: the QA of the implementation plan done, every targeted KPI measured after its baseline. */
@Injectable()
export class MonitoringAtGates implements OnModuleInit {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly gateCriteria: GateCriteriaService,
  ) {}

  onModuleInit(): void {
    // Reads the stage's tasks, which every gate check loads.
    this.gateCriteria.provide(implementationQaPassed);
    this.gateCriteria.provide(targetedKpisMonitoredCriterion, async (tx, engagementId) => ({
      targetedItems: await this.monitoring.gateFacts(tx, engagementId),
    }));
  }
}
