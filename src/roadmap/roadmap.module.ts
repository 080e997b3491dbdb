import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { CitiesModule } from '../cities/cities.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { GatesModule } from '../gates/gates.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { UsersModule } from '../users/users.module';
import { CarryOverController } from './carry-over.controller';
import { CarryOverService } from './carry-over';
import { EngagementDetailsService } from './engagement-details.service';
import { NextEventsService } from './next-events.service';
import { RoadmapController } from './roadmap.controller';
import { RoadmapService } from './roadmap.service';

/**
 * The roadmap engine: events through the machine, decisions on gates, the next cycle, and an
 * engagement as its caller sees it (what they may do next); the actions a next cycle carries over.
 */
@Module({
  imports: [EngagementsModule, AccessModule, ChecklistsModule, GatesModule, KpiValuesModule, CitiesModule, UsersModule],
  controllers: [RoadmapController, CarryOverController],
  providers: [RoadmapService, NextEventsService, EngagementDetailsService, CarryOverService],
  exports: [EngagementDetailsService, RoadmapService, NextEventsService],
})
export class RoadmapModule {}
