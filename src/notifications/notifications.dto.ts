import { PageQuery } from '../common/pages';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { EVENT_DESCRIPTIONS, OUTBOX_EVENT_TYPES } from '../outbox/outbox-message';
import { NOTIFICATION_CHANNELS, type NotificationChannelChoice } from './notification.entity';

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: OUTBOX_EVENT_TYPES, example: 'task.assigned' }) type!: string;
  @ApiProperty({ format: 'uuid' }) engagementId!: string;
  @ApiProperty({ example: 'Roadmap City — Roadmap: the task "Form the city team" is assigned to you' }) message!: string;
  @ApiProperty({ description: 'When what it tells of happened (UTC)' }) createdAt!: Date;
  @ApiPropertyOptional({ type: Date, nullable: true, description: 'null while unread' }) readAt!: Date | null;
}

export class NotificationsQuery extends PageQuery {}

/** POST …/notifications/read: marks every unread notification of the caller read; no fields. */
export class MarkAllReadDto {}

export class MarkedReadView {
  @ApiProperty({ description: 'How many notifications this marked read' }) marked!: number;
}

const TYPES_TEXT = OUTBOX_EVENT_TYPES.map((t) => `\`${t}\`: ${EVENT_DESCRIPTIONS[t]}`).join('; ');

export class NotificationPreferencesView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...NOTIFICATION_CHANNELS] },
    description: `Per notification type: \`in_app\` (the default) or \`email\` (in-app and e-mail too). Types: ${TYPES_TEXT}`,
    example: { 'task.assigned': 'email', 'gate.opened': 'in_app' },
  })
  channels!: Record<string, NotificationChannelChoice>;
}

export class PutNotificationPreferencesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...NOTIFICATION_CHANNELS] },
    description: 'The types to set (others keep their choice): `in_app` or `email`',
    example: { 'task.assigned': 'email' },
  })
  @IsObject({ message: 'channels must be an object of notification type → in_app or email' })
  channels!: Record<string, string>;
}

export const isChannelChoice = (v: unknown): v is NotificationChannelChoice => typeof v === 'string' && (NOTIFICATION_CHANNELS as readonly string[]).includes(v);
export const isNotificationType = (v: string): boolean => (OUTBOX_EVENT_TYPES as readonly string[]).includes(v);
