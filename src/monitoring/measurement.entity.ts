import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MeasurementStatus } from '../../workflows/measurements';

/**
 * One re-measurement of a KPI (or of one data point of it: `dataPoint` '' for a single-value KPI, as
 * kpi_value) at a date: the series monitoring reads. Its value is never updated, only its verification; a wrong one is deleted (history
 * MEASUREMENT_DELETED keeps it).
 */
@Entity('kpi_measurement')
export class KpiMeasurement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_code', type: 'text' })
  code!: string;

  @Column({ name: 'data_point', type: 'text' })
  dataPoint!: string;

  @Column({ type: 'double precision' })
  value!: number;

  /** `YYYY-MM-DD` */
  @Column({ name: 'measured_on', type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** `submitted` until a verifier (not whoever recorded it) verifies or rejects it. */
  @Column({ type: 'text', default: 'submitted' })
  status!: MeasurementStatus;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment!: string | null;
}
