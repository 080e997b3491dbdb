import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { PermissionGuard } from './access/permission.guard';
import { AccessTokenGuard } from './auth/access-token.guard';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SigningKeyService } from './auth/signing-key.service';
import { CitiesController } from './cities/cities.controller';
import { CitiesService } from './cities/cities.service';
import { ErrorShapeFilter } from './common/error-shape.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { Environment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { DemoSeedService } from './demo/demo-seed.service';
import { EngagementsModule } from './engagements/engagements.module';
import { RoadmapModule } from './roadmap/roadmap.module';
import { ConfigurationModule } from './config/configuration.module';
import { HealthController } from './health/health.controller';
import { KpisModule } from './kpis/kpis.module';
import { StartupService } from './startup.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

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
            // Never log credentials: tokens, cookies and password fields are removed.
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', '*.password'], remove: true },
            autoLogging: { ignore: (req) => req.url === '/health' },
          },
        }),
        DatabaseModule.forRoot(env),
        JwtModule.register({}),
        // Login attempts per client; the guard is on the login route only. 'default' so it answers a plain Retry-After.
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: env.LOGIN_RATE_LIMIT }]),
        TerminusModule,
        EngagementsModule,
        RoadmapModule,
        KpisModule,
      ],
      controllers: [HealthController, AuthController, UsersController, CitiesController],
      providers: [
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        // After the token guard (global guards run in this order): the route's permission (src/access/permissions.ts).
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: ErrorShapeFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        SigningKeyService,
        AuthService,
        UsersService,
        CitiesService,
        DemoSeedService,
        StartupService,
      ],
    };
  }
}
