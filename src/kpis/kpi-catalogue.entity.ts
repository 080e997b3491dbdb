import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CatalogueDataPoint, Confidence, Direction, KpiType, ValueRange } from './catalogue/catalogue';

/** One loaded edition of the U4SSC KPI catalogue; engagements are measured with the current one. */
@Entity('kpi_catalogue_edition')
export class KpiCatalogueEdition {
  @PrimaryColumn({ type: 'text' })
  edition!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'is_current', type: 'boolean' })
  isCurrent!: boolean;

  @Column({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt!: Date;
}

/** One KPI of one catalogue edition, as loaded by a migration (read-only for the application). */
@Entity('kpi')
export class KpiRecord {
  @PrimaryColumn({ type: 'text' })
  edition!: string;

  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'official_code', type: 'text' })
  officialCode!: string;

  @Column({ name: 'alt_codes', type: 'jsonb' })
  altCodes!: string[];

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  definition!: string;

  @Column({ type: 'text' })
  dimension!: string;

  @Column({ type: 'text' })
  subdimension!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  type!: KpiType;

  @Column({ name: 'type_class', type: 'text', nullable: true })
  typeClass!: string | null;

  @Column({ type: 'text' })
  unit!: string;

  @Column({ type: 'text' })
  direction!: Direction;

  @Column({ type: 'jsonb' })
  sdgs!: number[];

  @Column({ name: 'sdg_refs', type: 'jsonb' })
  sdgRefs!: string[];

  @Column({ type: 'text' })
  confidence!: Confidence;

  @Column({ type: 'double precision', nullable: true })
  target!: number | null;

  @Column({ type: 'double precision', nullable: true })
  start!: number | null;

  @Column({ name: 'target_source', type: 'text', nullable: true })
  targetSource!: string | null;

  @Column({ name: 'target_confidence', type: 'text', nullable: true })
  targetConfidence!: Confidence | null;

  @Column({ name: 'target_note', type: 'text', nullable: true })
  targetNote!: string | null;

  @Column({ name: 'target_unit', type: 'text', nullable: true })
  targetUnit!: string | null;

  /** Outside it a value cannot be right (refused). */
  @Column({ name: 'possible_range', type: 'jsonb' })
  possible!: ValueRange;

  /** Outside it a value is accepted with a warning. */
  @Column({ name: 'plausible_range', type: 'jsonb' })
  plausible!: ValueRange;

  @Column({ name: 'range_source', type: 'text' })
  rangeSource!: string;

  @Column({ name: 'data_points', type: 'jsonb' })
  dataPoints!: CatalogueDataPoint[];

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;
}
