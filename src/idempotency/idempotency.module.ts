import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotentRequest } from './idempotent-request.entity';

/** Repeat-safe POSTs: the Idempotency-Key interceptor, on every route. */
@Module({
  imports: [TypeOrmModule.forFeature([IdempotentRequest])],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}
