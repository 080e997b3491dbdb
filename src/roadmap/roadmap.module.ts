import { Global, Module } from '@nestjs/common';
import { TasksService } from '../checklists/tasks.service';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { GateScoringService } from '../gates/gate-scoring.service';
import { GatesService } from '../gates/gates.service';
import { NextEventsService } from './next-events.service';
import { RoadmapController } from './roadmap.controller';
import { RoadmapService } from './roadmap.service';

/**
 * The roadmap engine: events through the machine, checklists, review gates and approvals.
 * GateCriteriaService and GateScoringService are exported so the KPI and plan modules can feed the
 * gate criteria and the frozen scorecard.
 */
@Global()
@Module({
  controllers: [RoadmapController],
  providers: [RoadmapService, TasksService, GatesService, GateCriteriaService, GateScoringService, NextEventsService],
  exports: [GateCriteriaService, GateScoringService, NextEventsService],
})
export class RoadmapModule {}
