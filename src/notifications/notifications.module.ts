import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '../clock/clock.module';
import { OutboxModule } from '../outbox/outbox.module';
import { InAppChannel } from './in-app-channel';
import { EmailChannel } from './email-channel';
import { RenderingModule } from '../rendering/rendering.module';
import { Notification, NotificationPreference } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * People's notifications: the outbox's in-app channel (and e-mail), a person's own notifications
 * (`/api/me/notifications`) and how they want to be told (`/api/me/notification-preferences`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, NotificationPreference]), OutboxModule, ClockModule, RenderingModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, InAppChannel, EmailChannel],
})
export class NotificationsModule {}
