import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CitiesModule } from '../cities/cities.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { GatesModule } from '../gates/gates.module';
import { KpisModule } from '../kpis/kpis.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PlansModule } from '../plans/plans.module';
import { RenderingModule } from '../rendering/rendering.module';
import { ScoringModule } from '../scoring/scoring.module';
import { UsersModule } from '../users/users.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/**
 * The reports of an engagement (assessment / verification report, city snapshot, gate decision
 * record, monitoring report) as HTML or PDF. View models in report-views.ts (pure); templates in
 * templates/reports/; the engine and the PDF printer in src/rendering.
 */
@Module({
  imports: [RenderingModule, ScoringModule, GatesModule, MonitoringModule, PlansModule, KpisModule, KpiValuesModule, CitiesModule, UsersModule, EngagementsModule, AccessModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
