import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A message shown once on the next page (post/redirect/get). */
export interface PageFlash {
  kind: 'success' | 'error';
  message: string;
}

/**
 * A signed-in browser (the dashboard). The cookie holds a random id; only its SHA-256 is stored, so
 * whoever reads this table cannot act as anyone. Ends on logout, after SESSION_IDLE_MS without a
 * request, SESSION_MAX_MS after sign-in, or when the user's token generation moves on (a password
 * change or deactivation), as access tokens do.
 */
@Entity('page_session')
export class PageSession {
  @PrimaryColumn({ name: 'id_hash', type: 'text' })
  idHash!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'token_generation', type: 'integer' })
  tokenGeneration!: number;

  /** The CSRF token of this session's forms. */
  @Column({ name: 'csrf_secret', type: 'text' })
  csrfSecret!: string;

  @Column({ type: 'jsonb', nullable: true })
  flash!: PageFlash | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
