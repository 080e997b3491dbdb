import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { bodyParsing } from './common/body-parsing';
import { answerClientErrors } from './common/client-error';
import { documentErrors } from './common/openapi';
import { validationPipe } from './common/validation';
import { Environment, trustProxySetting } from './config/environment';

/** Builds the whole application for an environment: used by main.ts and by the e2e tests alike. */
export async function createApp(env: Environment): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), { bodyParser: false, bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // A request Node's parser refuses (a URL over its 16 kB, bytes that are not HTTP) is answered in the shared error shape too.
  answerClientErrors(app.getHttpServer());
  // Security headers on every response (helmet's defaults, including a strict Content-Security-Policy that
  // the Swagger UI at /api/docs works under), and no X-Powered-By. No upgrade-insecure-requests: served over
  // plain HTTP (a LAN address without a TLS proxy), it would send the page's own scripts to https and break it.
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  // Behind a reverse proxy (TRUST_PROXY): the protocol and host the browser used, for the dashboard's Origin check and Secure cookie.
  app.getHttpAdapter().getInstance().set('trust proxy', trustProxySetting(env.TRUST_PROXY));
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  for (const handler of bodyParsing()) app.use(handler);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = documentErrors(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('U4SSC Roadmap API')
      .setDescription(
        'The system of record for U4SSC city engagements: the four-stage roadmap, checklists, KPI verification, scoring and review gates. ' +
          'Every 4xx answers { statusCode, error, code, message, details? }.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  ));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
