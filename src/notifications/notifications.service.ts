import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { badRequest, notFound } from '../common/api-error';
import { decodeCursor, encodeCursor, isRowId } from '../common/pages';
import { isUuid } from '../common/id-param.pipe';
import { Clock } from '../clock/clock';
import { OUTBOX_EVENT_TYPES } from '../outbox/outbox-message';
import { Notification, NotificationPreference } from './notification.entity';
import {
  isChannelChoice,
  isNotificationType,
  NotificationPreferencesView,
  NotificationsQuery,
  NotificationView,
  PutNotificationPreferencesDto,
} from './notifications.dto';

export const NOTIFICATIONS_DEFAULT_LIMIT = 50;

interface Cursor {
  /** The last row given out was read (read rows come after unread ones). */
  read: boolean;
  seq: string;
}

const notificationCursor = (c: Cursor): string => encodeCursor({ r: c.read ? 1 : 0, s: c.seq });
const notificationCursorPlace = (cursor: string): Cursor =>
  decodeCursor(cursor, (f) => ((f.r === 0 || f.r === 1) && isRowId(f.s) ? { read: f.r === 1, seq: f.s } : undefined));

const toView = (n: Notification): NotificationView => ({
  id: n.id,
  type: n.type,
  engagementId: n.engagementId,
  message: n.message,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/** A person's own notifications: read a page, mark read; and how they want to be told. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(NotificationPreference) private readonly preferences: Repository<NotificationPreference>,
    private readonly clock: Clock,
  ) {}

  /**
   * Unread first, then read; newest first within each. Keyset pages on (read, seq): a page never
   * repeats a row; a row marked read between two pages moves to the read part.
   */
  async page(userId: string, query: NotificationsQuery): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const limit = query.limit ?? NOTIFICATIONS_DEFAULT_LIMIT;
    const after = query.cursor === undefined ? undefined : notificationCursorPlace(query.cursor);
    const q = this.notifications.createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (after) {
      q.andWhere(
        after.read
          ? 'n.read_at IS NOT NULL AND n.seq < :seq'
          : '(n.read_at IS NOT NULL OR n.seq < :seq)',
        { seq: after.seq },
      );
    }
    const rows = await q
      .orderBy('(n.read_at IS NOT NULL)', 'ASC')
      .addOrderBy('n.seq', 'DESC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toView),
      nextCursor: rows.length > limit ? notificationCursor({ read: last.readAt !== null, seq: String(last.seq) }) : null,
    };
  }

  /** Marks one of the caller's notifications read (someone else's: 404); reading it again changes nothing. */
  async markRead(userId: string, id: string): Promise<NotificationView> {
    // Checked here rather than by a pipe, so that a bad body answers 400 before an unknown id answers 404.
    const row = isUuid(id) ? await this.notifications.findOneBy({ id: id.toLowerCase(), userId }) : null;
    if (!row) throw notFound('Notification');
    if (row.readAt === null) {
      row.readAt = this.clock.now();
      await this.notifications.update({ id: row.id, userId, readAt: IsNull() }, { readAt: row.readAt });
    }
    return toView(row);
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    const result = await this.notifications.update({ userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return { marked: result.affected ?? 0 };
  }

  async preferencesOf(userId: string): Promise<NotificationPreferencesView> {
    const rows = await this.preferences.findBy({ userId });
    const channels: NotificationPreferencesView['channels'] = {};
    for (const type of OUTBOX_EVENT_TYPES) channels[type] = rows.find((r) => r.type === type)?.channel ?? 'in_app';
    return { channels };
  }

  async setPreferences(userId: string, dto: PutNotificationPreferencesDto): Promise<NotificationPreferencesView> {
    const problems = Object.entries(dto.channels).flatMap(([type, channel]) => [
      ...(isNotificationType(type) ? [] : [{ field: `channels.${type}`, rule: 'type', message: `${type} is not a notification type (${OUTBOX_EVENT_TYPES.join(', ')})` }]),
      ...(isChannelChoice(channel) ? [] : [{ field: `channels.${type}`, rule: 'channel', message: `channels.${type} must be in_app or email` }]),
    ]);
    if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join('; '), problems);
    const rows = Object.entries(dto.channels).map(([type, channel]) => ({ userId, type, channel: channel as 'in_app' | 'email' }));
    if (rows.length > 0) await this.preferences.upsert(rows, ['userId', 'type']);
    return this.preferencesOf(userId);
  }
}
