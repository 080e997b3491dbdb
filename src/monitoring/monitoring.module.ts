import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { GatesModule } from '../gates/gates.module';
import { KpisModule } from '../kpis/kpis.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { ScoringModule } from '../scoring/scoring.module';
import { ActionTargets } from './action-targets';
import { KpiMeasurement } from './measurement.entity';
import { MonitoringAtGates } from './monitoring-at-gates';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';

/**
 * Monitoring: KPI re-measurements as a time series, progress toward the targets of the action plan
 * (the status engine is pure, in src/scoring/engine/monitoring.ts), and the Implementation gate's criteria.
 */
@Module({
  imports: [TypeOrmModule.forFeature([KpiMeasurement]), KpisModule, KpiValuesModule, ScoringModule, GatesModule, EngagementsModule, AccessModule, PlansModule],
  controllers: [MonitoringController],
  providers: [MonitoringService, ActionTargets, MonitoringAtGates],
  exports: [MonitoringService, ActionTargets],
})
export class MonitoringModule {}
