import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A POST made with an Idempotency-Key: while in flight, then its stored response. */
@Entity('idempotent_request')
export class IdempotentRequest {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** sha256 of method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ type: 'text' })
  state!: 'in_flight' | 'done';

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
