import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { ClockModule } from '../clock/clock.module';
import { OutboxModule } from '../outbox/outbox.module';
import { WebhookChannel } from './webhook-channel';
import { Webhook } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Webhooks: subscriptions (`/api/webhooks`), the outbox channel that signs and POSTs engagement events
 * to them (`WebhookChannel`, guarded against private addresses: address-policy.ts, guarded-post.ts),
 * and their deliveries with every attempt.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Webhook]), OutboxModule, ClockModule, AccessModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookChannel],
})
export class WebhooksModule {}
