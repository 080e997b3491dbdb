import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { CitiesModule } from '../cities/cities.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PlansModule } from '../plans/plans.module';
import { VerificationModule } from '../kpis/verification/verification.module';
import { PortfolioModule } from '../portfolio/portfolio.module';
import { UsersModule } from '../users/users.module';
import { DemoSeedService } from './demo-seed.service';
import { FinancingModule } from '../financing/financing.module';
import { KpiEvidenceModule } from '../kpis/evidence/kpi-evidence.module';

/** The demo city, seeded on an empty embedded database. */
@Module({
  imports: [UsersModule, CitiesModule, ChecklistsModule, PortfolioModule, AccessModule, KpiValuesModule, VerificationModule, PlansModule, MonitoringModule, FinancingModule, KpiEvidenceModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
