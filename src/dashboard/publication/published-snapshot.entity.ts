import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SnapshotItem } from './verified-snapshot';
import type { Scorecard } from '../../scoring/engine/types';

/** What a published snapshot holds: verified values only (verified-snapshot.ts), computed when published. */
export interface PublishedContent {
  scorecard: Scorecard;
  items: SnapshotItem[];
  catalogueEdition: string | null;
  /** When the Assessment gate was approved (the moment the numbers were frozen). */
  decidedAt: string;
}

/**
 * An engagement's verified snapshot, published for anyone to read at /public/cities/:id: one row per
 * published engagement, deleted when withdrawn. Written only through PublicationService (EngagementWriter).
 */
@Entity('published_snapshot')
export class PublishedSnapshot {
  @PrimaryColumn({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'city_id', type: 'uuid' })
  cityId!: string;

  @Column({ name: 'gate_id', type: 'uuid' })
  gateId!: string;

  @Column({ type: 'integer' })
  cycle!: number;

  @Column({ type: 'jsonb' })
  snapshot!: PublishedContent;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
