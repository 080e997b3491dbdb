import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { backoff, type DeliveryChannel, type DeliveryResult, type PlannedDelivery } from '../outbox/delivery-channel';
import { EVENT_DESCRIPTIONS, type OutboxEventType } from '../outbox/outbox-message';
import { OutboxWorker } from '../outbox/outbox-worker';
import type { OutboxDelivery, OutboxRecord } from '../outbox/outbox.entity';
import { TemplateRenderer } from '../rendering/template-renderer';

/** The entities Handlebars' `{{ }}` writes, undone for the plain-text part (only `{{ }}` output carries them). */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=' };
export const unescapeText = (text: string) => text.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (e) => ENTITIES[e]);

interface Mail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * E-mail, for the people who chose it for a notification type (notification_preference). The mail
 * is rendered from templates/mail/notification.hbs (HTML) and notification-text.hbs (text) by the
 * shared TemplateRenderer and handed to nodemailer: over SMTP when SMTP_URL is set; otherwise to
 * nodemailer's JSON transport — the same code, the message built and not sent — then written to the
 * log and the delivery kept in the outbox as `logged`.
 */
@Injectable()
export class EmailChannel implements DeliveryChannel, OnModuleInit, BeforeApplicationShutdown {
  readonly name = 'email';
  readonly maxAttempts = 6;
  readonly timeoutMs: number = 30_000;
  private readonly logger = new Logger('Mail');
  private readonly transport;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly worker: OutboxWorker,
    private readonly renderer: TemplateRenderer,
    private readonly env: Environment,
  ) {
    // A server that stops answering is dropped when an attempt times out, not after nodemailer's 10 minutes.
    this.transport = env.SMTP_URL
      ? createTransport({ url: env.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: this.timeoutMs }, { from: env.MAIL_FROM })
      : createTransport({ jsonTransport: true }, { from: env.MAIL_FROM });
  }

  onModuleInit(): void {
    this.worker.useChannel(this);
  }

  beforeApplicationShutdown(): void {
    this.transport.close();
  }

  retryDelayMs(attempt: number): number {
    return backoff(30_000, attempt);
  }

  async plan(tx: EntityManager, message: OutboxRecord): Promise<PlannedDelivery[]> {
    if (message.recipients.length === 0) return [];
    const chose = (await tx.query(`SELECT user_id FROM notification_preference WHERE type = $1 AND channel = 'email' AND user_id = ANY($2)`, [
      message.type,
      message.recipients,
    ])) as { user_id: string }[];
    return message.recipients.filter((id) => chose.some((c) => c.user_id === id)).map((recipientId) => ({ recipientId }));
  }

  async deliver(delivery: OutboxDelivery, message: OutboxRecord): Promise<DeliveryResult> {
    const mail = await this.compose(delivery, message);
    if (!mail) return { outcome: 'failed', error: 'the recipient is no longer an active user', final: true };
    await this.transport.sendMail(mail);
    if (this.env.SMTP_URL) return { outcome: 'delivered' };
    this.logger.log(`e-mail not sent (no SMTP_URL), kept as logged — to: ${mail.to}; subject: ${mail.subject}\n${mail.text}`);
    return { outcome: 'logged' };
  }

  private async compose(delivery: OutboxDelivery, message: OutboxRecord): Promise<Mail | null> {
    const [person] = (await this.db.query(`SELECT email, name FROM app_user WHERE id = $1 AND active`, [delivery.recipientId])) as { email: string; name: string }[];
    if (!person) return null;
    const [engagement] = (await this.db.query(`SELECT title FROM engagement WHERE id = $1`, [message.engagementId])) as { title: string }[];
    const subject = `U4SSC Roadmap: ${message.message}`.slice(0, 200);
    const context = {
      subject,
      name: person.name,
      message: message.message,
      engagementTitle: engagement?.title ?? '',
      occurredAt: message.occurredAt,
      typeDescription: EVENT_DESCRIPTIONS[message.type as OutboxEventType] ?? message.type,
    };
    return {
      to: person.email,
      subject,
      html: this.renderer.render('mail/notification', context),
      text: unescapeText(this.renderer.render('mail/notification-text', context)),
    };
  }
}
