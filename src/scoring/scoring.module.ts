import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { GatesModule } from '../gates/gates.module';
import { KpisModule } from '../kpis/kpis.module';
import { TargetsModule } from '../kpis/targets/targets.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { ScorecardService } from './scorecard.service';
import { ScoringAtGates } from './scoring-at-gates';
import { ScoringController } from './scoring.controller';

/**
 * Scoring on the server: the scorecard and the gap analysis (the engine in engine/ is pure), and
 * scoring at every gate — the frozen scorecard and the Assessment criterion, provided to the gates.
 */
@Module({
  imports: [KpisModule, KpiValuesModule, TargetsModule, GatesModule, AccessModule],
  controllers: [ScoringController],
  providers: [ScorecardService, ScoringAtGates],
  exports: [ScorecardService],
})
export class ScoringModule {}
