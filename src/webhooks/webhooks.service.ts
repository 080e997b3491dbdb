import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Clock } from '../clock/clock';
import { badRequest, notFound } from '../common/api-error';
import { decodeCursor, encodeCursor, isRowId } from '../common/pages';
import type { Principal } from '../common/principal';
import { Environment } from '../config/environment';
import { addressRefusal, type AllowList, bareHost, hostAllowed, parseAllowList, parseWebhookUrl } from './address-policy';
import { resolveAll } from './guarded-post';
import { sealSecret } from './signing';
import { Webhook } from './webhook.entity';
import type { AttemptView, CreateWebhookDto, DeliveriesQuery, DeliveryView, WebhookView } from './webhooks.dto';

export const DELIVERIES_DEFAULT_LIMIT = 50;

const urlProblem = (message: string) => badRequest(message, [{ field: 'url', rule: 'webhookUrl', message }]);

const toView = (w: Webhook): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events,
  engagementId: w.engagementId,
  createdBy: w.createdBy,
  createdAt: w.createdAt,
});

interface DeliveryRow {
  id: string;
  status: string;
  next_attempt_at: Date;
  delivered_at: Date | null;
  event_id: string;
  type: string;
  engagement_id: string;
  occurred_at: Date;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  outcome: string;
  response_code: number | null;
  error: string | null;
}

/** Webhook subscriptions (register, list, delete) and their deliveries with every attempt. */
@Injectable()
export class WebhooksService {
  private readonly allow: AllowList;

  constructor(
    @InjectRepository(Webhook) private readonly webhooks: Repository<Webhook>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly env: Environment,
  ) {
    this.allow = parseAllowList(env.WEBHOOK_ALLOW_HOSTS);
  }

  async create(caller: Principal, dto: CreateWebhookDto): Promise<WebhookView> {
    // The engagement first: one the caller may not read is 404 whatever else is wrong.
    if (dto.engagementId) await this.access.engagement(caller, dto.engagementId.toLowerCase(), 'engagement.webhooks');
    const url = await this.checkedUrl(dto.url);
    const events = dto.events.includes('*') ? ['*'] : [...new Set(dto.events)];
    const saved = await this.webhooks.save(
      this.webhooks.create({
        url,
        events,
        secretSealed: sealSecret(dto.secret, this.env.WEBHOOK_SECRET_KEY),
        engagementId: dto.engagementId?.toLowerCase() ?? null,
        createdBy: caller.id,
        createdAt: this.clock.now(),
        deletedAt: null,
      }),
    );
    return toView(saved);
  }

  /** An administrator sees every subscription; a programme manager their own (a URL may itself be a secret). */
  async list(caller: Principal): Promise<WebhookView[]> {
    const mine = caller.role === 'admin' ? {} : { createdBy: caller.id };
    return (await this.webhooks.find({ where: { deletedAt: IsNull(), ...mine }, order: { createdAt: 'DESC', id: 'ASC' } })).map(toView);
  }

  async remove(caller: Principal, id: string): Promise<void> {
    const hook = await this.live(caller, id);
    await this.webhooks.update({ id: hook.id }, { deletedAt: this.clock.now() });
  }

  /** The subscription's deliveries, newest first, each with its attempts (latest first); keyset pages on the delivery's id. */
  async deliveries(caller: Principal, id: string, query: DeliveriesQuery): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    const hook = await this.live(caller, id);
    const limit = query.limit ?? DELIVERIES_DEFAULT_LIMIT;
    const before = query.cursor === undefined ? undefined : deliveryCursorRow(query.cursor);
    const rows = (await this.db.query(
      `SELECT d.id, d.status, d.next_attempt_at, d.delivered_at, m.event_id, m.type, m.engagement_id, m.occurred_at
         FROM outbox_delivery d JOIN outbox_message m ON m.id = d.message_id
        WHERE d.channel = 'webhook' AND d.target = $1 ${before ? 'AND d.id < $3' : ''}
        ORDER BY d.id DESC LIMIT $2`,
      before ? [hook.id, limit + 1, before] : [hook.id, limit + 1],
    )) as DeliveryRow[];
    const page = rows.slice(0, limit);
    const ids = page.map((r) => String(r.id));
    const attempts = ids.length
      ? ((await this.db.query(
          `SELECT delivery_id, attempt, started_at, duration_ms, outcome, response_code, error FROM outbox_attempt
            WHERE delivery_id = ANY($1::bigint[]) ORDER BY attempt DESC, id DESC`,
          [ids],
        )) as AttemptRow[])
      : [];
    const items = page.map(
      (r): DeliveryView => ({
        id: r.event_id,
        type: r.type,
        engagementId: r.engagement_id,
        occurredAt: r.occurred_at,
        status: r.status,
        nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
        deliveredAt: r.delivered_at,
        attempts: attempts
          .filter((a) => String(a.delivery_id) === String(r.id))
          .map(
            (a): AttemptView => ({
              attempt: a.attempt,
              status: a.outcome,
              startedAt: a.started_at,
              durationMs: a.duration_ms,
              responseCode: a.response_code,
              error: a.error,
            }),
          ),
      }),
    );
    return { items, nextCursor: rows.length > limit ? deliveryCursor(String(page[page.length - 1].id)) : null };
  }

  /** A live subscription the caller may see (an administrator: any; a programme manager: their own), else 404. */
  private async live(caller: Principal, id: string): Promise<Webhook> {
    const hook = await this.webhooks.findOneBy({ id, deletedAt: IsNull() });
    if (!hook || (caller.role !== 'admin' && hook.createdBy !== caller.id)) throw notFound('Webhook');
    return hook;
  }

  /**
   * The URL as it will be stored (WHATWG-normalised), or 400: http(s), no credentials, and every
   * address its host resolves to allowed (public, or named by WEBHOOK_ALLOW_HOSTS). Delivery checks
   * again, on the address it connects to (DNS may have changed since).
   */
  private async checkedUrl(text: string): Promise<string> {
    const parsed = parseWebhookUrl(text.trim());
    if ('problem' in parsed) throw urlProblem(parsed.problem);
    const { url } = parsed;
    const host = bareHost(url);
    if (hostAllowed(this.allow, host)) return url.href;
    let addresses: { address: string }[];
    try {
      addresses = await resolveAll(host);
    } catch {
      throw urlProblem(`url: the host ${url.hostname} does not resolve`);
    }
    const refused = addresses.map((a) => addressRefusal(this.allow, a.address)).filter((r) => r !== undefined);
    if (addresses.length === 0) throw urlProblem(`url: the host ${url.hostname} does not resolve`);
    if (refused.length > 0) {
      throw urlProblem(`url must reach public addresses only (or a host WEBHOOK_ALLOW_HOSTS names): ${url.hostname} → ${refused.join('; ')}`);
    }
    return url.href;
  }
}

/** A deliveries page's cursor: the id of the last delivery given out. */
const deliveryCursor = (id: string): string => encodeCursor({ d: id });
const deliveryCursorRow = (cursor: string): string => decodeCursor(cursor, (f) => (isRowId(f.d) ? f.d : undefined));
