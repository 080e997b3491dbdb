import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
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

export class NotificationsQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200, description: 'Notifications per page: unread first, then read; newest first in each' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The X-Next-Cursor header of the previous page (opaque); absent for the first page' })
  @IsOptional()
  @MaxLength(200)
  @MinLength(1, { message: 'cursor must be the X-Next-Cursor of an earlier page' })
  @IsString({ message: 'cursor must be the X-Next-Cursor of an earlier page' })
  cursor?: string;
}

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
