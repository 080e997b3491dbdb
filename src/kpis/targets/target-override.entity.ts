import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An engagement's own target for one KPI (or data point; '' for a single-value KPI), replacing the
 * catalogue default in its scorecard. `start` null keeps the catalogue's start. Earlier targets
 * are kept in the engagement history (KPI_TARGET_SET rows).
 */
@Entity('kpi_target_override')
export class KpiTargetOverride {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_code', type: 'text' })
  code!: string;

  @Column({ name: 'data_point', type: 'text' })
  dataPoint!: string;

  @Column({ type: 'double precision' })
  target!: number;

  @Column({ type: 'double precision', nullable: true })
  start!: number | null;

  @Column({ type: 'text' })
  justification!: string;

  @Column({ name: 'set_by', type: 'uuid', nullable: true })
  setBy!: string | null;

  @Column({ name: 'set_at', type: 'timestamptz' })
  setAt!: Date;
}
