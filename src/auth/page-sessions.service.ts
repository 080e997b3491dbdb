import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { EntityRows } from '../common/entity-rows';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import { PageFlash, PageSession } from './page-session.entity';
import { hashSessionId, looksLikeSessionId, SESSION_MAX_MS, SESSION_TOUCH_MS, sessionExpired } from './page-request-rules';

export interface ResolvedSession {
  session: PageSession;
  user: User;
}

/**
 * Server-side sessions of the dashboard. Signing in goes through AuthService (the one login path);
 * this only keeps what a signed-in browser is: created on sign-in, looked up by the hash of the
 * cookie, ended on logout, expiry, deactivation or a password change (the token generation).
 */
@Injectable()
export class PageSessions {
  private readonly sessionRows: EntityRows<PageSession>;
  private readonly userRows: EntityRows<User>;

  constructor(@InjectRepository(PageSession) private readonly sessions: Repository<PageSession>) {
    this.sessionRows = new EntityRows(sessions.manager.connection, PageSession, 's');
    this.userRows = new EntityRows(sessions.manager.connection, User, 'u');
  }

  /** A new session for a user AuthService has just signed in: the raw id goes in the cookie, never in the table. */
  async start(user: Pick<User, 'id' | 'tokenGeneration'>): Promise<{ rawId: string; session: PageSession }> {
    const rawId = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = this.sessions.create({
      idHash: hashSessionId(rawId),
      userId: user.id,
      tokenGeneration: user.tokenGeneration,
      csrfSecret: randomBytes(32).toString('base64url'),
      flash: null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    });
    await this.sessions.insert(session);
    // Now and then, forget sessions nobody will use again.
    if (Math.random() < 0.05) await this.sessions.delete({ expiresAt: LessThan(now) });
    return { rawId, session };
  }

  /** The live session of a cookie and its user, or null (an ended session is deleted on sight). */
  async resolve(rawId: string): Promise<ResolvedSession | null> {
    if (!looksLikeSessionId(rawId)) return null;
    // The session and its user in one statement.
    const [row] = (await this.sessions.query(
      `SELECT ${this.sessionRows.selectList}, ${this.userRows.selectList} FROM page_session s LEFT JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = $1`,
      [hashSessionId(rawId)],
    )) as Record<string, unknown>[];
    const session = row ? this.sessionRows.from(row) : null;
    if (!session) return null;
    const user = this.userRows.from(row);
    const now = new Date();
    if (!user || sessionExpired(session, now) || !AuthService.tokenStillValid({ sub: user.id, gen: session.tokenGeneration, exp: 0 }, user)) {
      await this.sessions.delete({ idHash: session.idHash });
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
      session.lastSeenAt = now;
      await this.sessions.update({ idHash: session.idHash }, { lastSeenAt: now });
    }
    return { session, user };
  }

  async end(idHash: string): Promise<void> {
    await this.sessions.delete({ idHash });
  }

  /** Keeps a message for the next page this session sees. */
  async flash(idHash: string, flash: PageFlash): Promise<void> {
    await this.sessions.update({ idHash }, { flash });
  }

  /** The message kept for this page, once. */
  async takeFlash(session: PageSession): Promise<PageFlash | null> {
    if (!session.flash) return null;
    await this.sessions.update({ idHash: session.idHash }, { flash: null });
    return session.flash;
  }
}
