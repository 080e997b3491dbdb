import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { PermissionGuard } from './access/permission.guard';
import { AccessTokenGuard } from './auth/access-token.guard';
import { AuthModule } from './auth/auth.module';
import { ChecklistsModule } from './checklists/checklists.module';
import { CitiesModule } from './cities/cities.module';
import { ErrorShapeFilter } from './common/error-shape.filter';
import { ConfigurationModule } from './config/configuration.module';
import { Environment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { PublicationModule } from './dashboard/publication/publication.module';
import { DemoModule } from './demo/demo.module';
import { EngagementsModule } from './engagements/engagements.module';
import { FinancingModule } from './financing/financing.module';
import { GatesModule } from './gates/gates.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { KpisModule } from './kpis/kpis.module';
import { TargetsModule } from './kpis/targets/targets.module';
import { KpiValuesModule } from './kpis/values/kpi-values.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { VerificationModule } from './kpis/verification/verification.module';
import { KpiEvidenceModule } from './kpis/evidence/kpi-evidence.module';
import { PlansModule } from './plans/plans.module';
import { PortfolioModule } from './portfolio/portfolio.module';
import { ReportsModule } from './reports/reports.module';
import { RoadmapModule } from './roadmap/roadmap.module';
import { ScoringModule } from './scoring/scoring.module';
import { StartupService } from './startup.service';
import { UsersModule } from './users/users.module';
import { NotificationsModule } from './notifications/notifications.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The application, built for one validated environment. */
@Module({})
export class AppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigurationModule.forRoot(env),
        LoggerModule.forRoot({
          pinoHttp: {
            level: env.LOG_LEVEL,
            // A person at a terminal reads lines, not JSON; log collectors get JSON.
            ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname,req,res' } } } : {}),
            // Never log credentials: tokens, cookies, password fields and webhook secrets are removed.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', '*.password', 'req.body.secret'], remove: true },
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
        DatabaseModule.forRoot(env),
        // Login attempts per client; the guard is on the login route only. 'default' so it answers a plain Retry-After.
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: env.LOGIN_RATE_LIMIT }]),
        // One module per folder; each imports what it uses (docs/architecture.md).
        HealthModule,
        IdempotencyModule,
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
        TargetsModule,
        ScoringModule,
        PlansModule,
        MonitoringModule,
        FinancingModule,
        NotificationsModule,
        DeadlinesModule,
        PublicationModule,
        DashboardModule,
        WebhooksModule,
        ReportsModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        // After the token guard (global guards run in this order): the route's permission (src/access/permissions.ts).
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: ErrorShapeFilter },
        StartupService,
      ],
    };
  }
}
