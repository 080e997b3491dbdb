import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { CitiesModule } from '../cities/cities.module';
import { City } from '../cities/city.entity';
import { EngagementsModule } from '../engagements/engagements.module';
import { FinancingModule } from '../financing/financing.module';
import { GatesModule } from '../gates/gates.module';
import { KpiEvidenceModule } from '../kpis/evidence/kpi-evidence.module';
import { KpisModule } from '../kpis/kpis.module';
import { KpiValuesModule } from '../kpis/values/kpi-values.module';
import { VerificationModule } from '../kpis/verification/verification.module';
import { PortfolioModule } from '../portfolio/portfolio.module';
import { RenderingModule } from '../rendering/rendering.module';
import { RoadmapModule } from '../roadmap/roadmap.module';
import { ScoringModule } from '../scoring/scoring.module';
import { UsersModule } from '../users/users.module';
import { CityScorecards } from './city-scorecards';
import { EngagementPageController } from './engagement-page.controller';
import { PageErrorFilter } from './page-error.filter';
import { Pages } from './page-support';
import { PagesController, PublicPageController } from './pages.controller';
import { PublicationModule } from './publication/publication.module';
import { SessionController } from './session.controller';
import { VerificationPageController } from './verification-page.controller';

/**
 * The dashboard: server-rendered pages on the same services and permissions as the API, signed in
 * with a session cookie (AuthModule's PageSessions; AccessTokenGuard reads it on @PageRoute() routes
 * only), CSRF-checked forms, and the public page of published snapshots.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([City]),
    AuthModule,
    UsersModule,
    AccessModule,
    CitiesModule,
    EngagementsModule,
    PortfolioModule,
    ChecklistsModule,
    GatesModule,
    RoadmapModule,
    KpisModule,
    KpiValuesModule,
    VerificationModule,
    KpiEvidenceModule,
    ScoringModule,
    FinancingModule,
    RenderingModule,
    PublicationModule,
  ],
  controllers: [SessionController, PagesController, EngagementPageController, VerificationPageController, PublicPageController],
  providers: [Pages, PageErrorFilter, CityScorecards],
})
export class DashboardModule {}
