import { PageQuery } from '../common/pages';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DELIVERY_STATUSES } from '../outbox/outbox.entity';
import { EVENT_DESCRIPTIONS, OUTBOX_EVENT_TYPES } from '../outbox/outbox-message';

/** What `events` may list: the outbox's event types, or `*` for all of them. */
export const WEBHOOK_EVENT_CHOICES = ['*', ...OUTBOX_EVENT_TYPES] as const;
const EVENTS_TEXT = OUTBOX_EVENT_TYPES.map((t) => `\`${t}\`: ${EVENT_DESCRIPTIONS[t]}`).join('; ');
export const SECRET_MIN_LENGTH = 16;

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.org/u4ssc',
    description:
      'http:// or https://, no user name or password; the host must resolve to public addresses only (loopback, private, CGNAT, ' +
      'link-local/metadata, unique-local, multicast and reserved ones are refused) unless WEBHOOK_ALLOW_HOSTS names it',
  })
  @IsString({ message: 'url must be an http:// or https:// URL' })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...WEBHOOK_EVENT_CHOICES] },
    example: ['gate.opened', 'gate.decided'],
    description: `The event types to receive, or \`["*"]\` for all. ${EVENTS_TEXT}`,
  })
  @IsArray({ message: 'events must be a list of event types, or ["*"]' })
  @ArrayMinSize(1, { message: 'events must name at least one event type, or "*"' })
  @ArrayMaxSize(50)
  @IsIn(WEBHOOK_EVENT_CHOICES, { each: true, message: `each of events must be one of: ${WEBHOOK_EVENT_CHOICES.join(', ')}` })
  events!: string[];

  @ApiProperty({
    minLength: SECRET_MIN_LENGTH,
    maxLength: 200,
    description: 'Signs each delivery (U4SSC-Signature, HMAC-SHA256); write-only: never returned',
    writeOnly: true,
  })
  @IsString({ message: `secret must be a string of at least ${SECRET_MIN_LENGTH} characters` })
  @MinLength(SECRET_MIN_LENGTH, { message: `secret must be at least ${SECRET_MIN_LENGTH} characters` })
  @MaxLength(200)
  secret!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "One engagement's events (the caller must hold engagement.webhooks on it); absent: the whole portfolio" })
  @IsOptional()
  @IsUUID('all', { message: 'engagementId must be an engagement id (uuid)' })
  engagementId?: string;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENT_CHOICES] } }) events!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: every engagement (portfolio-wide)' }) engagementId!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty() createdAt!: Date;
}

/** DELETE /api/webhooks/:id takes no query. */
export class DeleteWebhookQuery {}

export class DeliveriesQuery extends PageQuery {}

export class AttemptView {
  @ApiProperty({ description: '1 for the first try' }) attempt!: number;
  @ApiProperty({ enum: ['delivered', 'failed'] }) status!: string;
  @ApiProperty() startedAt!: Date;
  @ApiProperty({ description: 'Milliseconds' }) durationMs!: number;
  @ApiProperty({ type: Number, nullable: true, description: "The receiver's HTTP status; null when none came (timeout, refused address, connection error)" })
  responseCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid', description: 'The delivery id: the body\'s `id` and the U4SSC-Delivery header, the same on every retry' }) id!: string;
  @ApiProperty({ enum: OUTBOX_EVENT_TYPES }) type!: string;
  @ApiProperty({ format: 'uuid' }) engagementId!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'pending (waiting for its next try), sending, delivered, failed (no tries left)' }) status!: string;
  @ApiProperty({ type: Date, nullable: true, description: 'When the next try is due, while pending' }) nextAttemptAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) deliveredAt!: Date | null;
  @ApiProperty({ type: [AttemptView], description: 'Every try, the latest first' }) attempts!: AttemptView[];
}
