import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CycleBaselineValue } from '../../workflows/next-cycle';

/**
 * One KPI item's baseline from the previous cycle (workflows/next-cycle.ts: the last verified
 * measurement, else the verified value; unverified ones flagged). Baselines taken before measurements
 * were verified have only code, dataPoint, value, year and status.
 */
export type BaselineValue = Pick<CycleBaselineValue, 'code' | 'dataPoint' | 'value' | 'year' | 'status'> & Partial<CycleBaselineValue>;

export interface EngagementBaseline {
  fromEngagementId: string;
  takenAt: string;
  values: BaselineValue[];
}

/**
 * One city, one roadmap cycle. `snapshot` is the persisted XState snapshot of the roadmap machine
 * (workflows/), made with definition `machineVersion`; `stage` and `step` are derived from it and
 * kept as columns for filtering. `version` is the optimistic-locking counter: every write that
 * changes the engagement increments it (see EngagementWriter).
 */
@Entity('engagement')
export class Engagement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'city_id', type: 'uuid' })
  cityId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'manager_id', type: 'uuid' })
  managerId!: string;

  @Column({ type: 'integer' })
  cycle!: number;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'text', nullable: true })
  step!: string | null;

  @Column({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'previous_engagement_id', type: 'uuid', nullable: true })
  previousEngagementId!: string | null;

  /** For a next cycle: the last measurements of the previous engagement, as they were when it opened. */
  @Column({ type: 'jsonb', nullable: true })
  baseline!: EngagementBaseline | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
