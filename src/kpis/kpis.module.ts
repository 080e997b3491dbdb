import { Module } from '@nestjs/common';
import { ScorecardService } from '../scoring/scorecard.service';
import { ScoringController } from '../scoring/scoring.controller';
import { ScoringAtGates } from '../scoring/scoring-at-gates';
import { KpiCatalogueService } from './kpi-catalogue.service';
import { KpisController } from './kpis.controller';
import { TargetsController } from './targets/targets.controller';
import { TargetsService } from './targets/targets.service';
import { KpiValuesController } from './values/kpi-values.controller';
import { KpiValuesService } from './values/kpi-values.service';
import { VerificationController } from './verification/verification.controller';
import { VerificationService } from './verification/verification.service';

/**
 * KPIs and scoring: the catalogue (loaded by a migration), an engagement's values (one by one or
 * from CSV), their verification and questions, target overrides, the scorecard and the gap
 * analysis. Exports ScorecardService (scorecardFor, assessmentGateFacts) for the review gates, and
 * the catalogue. Entities are registered globally through database/entities.ts.
 */
@Module({
  controllers: [KpisController, KpiValuesController, VerificationController, TargetsController, ScoringController],
  providers: [KpiCatalogueService, KpiValuesService, VerificationService, TargetsService, ScorecardService, ScoringAtGates],
  exports: [KpiCatalogueService, ScorecardService, KpiValuesService, VerificationService],
})
export class KpisModule {}
