import { Global, Module } from '@nestjs/common';
import { TasksService } from '../checklists/tasks.service';
import { GateFactsService } from '../gates/gate-facts.service';
import { GateScoringService } from '../gates/gate-scoring.service';
import { GatesService } from '../gates/gates.service';
import { NextEventsService } from './next-events.service';
import { RoadmapController } from './roadmap.controller';
import { RoadmapService } from './roadmap.service';

/**
 * The roadmap engine: events through the machine, checklists, review gates and approvals.
 * GateFactsService and GateScoringService are exported so the KPI and plan modules can feed the
 * gate criteria and the frozen scorecard.
 */
@Global()
@Module({
  controllers: [RoadmapController],
  providers: [RoadmapService, TasksService, GatesService, GateFactsService, GateScoringService, NextEventsService],
  exports: [GateFactsService, GateScoringService, NextEventsService],
})
export class RoadmapModule {}
