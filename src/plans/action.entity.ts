import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn, type ValueTransformer } from 'typeorm';
import type { ActionStatus, ProcurementMethod, ProcurementStatus } from '../../workflows/action-plan';

/** numeric(14,2) comes back from both drivers as text: read it as a number. */
export const money: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** One action of an engagement's action plan (API.md "Plans"). */
@Entity('action')
export class Action {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** A member of the engagement or its manager. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: money })
  budget!: number;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ name: 'requires_procurement', type: 'boolean' })
  requiresProcurement!: boolean;

  @Column({ type: 'text' })
  status!: ActionStatus;

  /** The action's own version: + 1 on every change (itemVersion). */
  @VersionColumn()
  version!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** For an action carried over from the previous cycle: the action it was copied from (once per engagement). */
  @Column({ name: 'carried_over_from', type: 'uuid', nullable: true })
  carriedOverFrom!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One KPI (or data point; '' for a single-value KPI) an action addresses, with the value expected after it. */
@Entity('action_target')
export class ActionTarget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_code', type: 'text' })
  code!: string;

  @Column({ name: 'data_point', type: 'text' })
  dataPoint!: string;

  @Column({ name: 'expected_value', type: 'double precision' })
  expectedValue!: number;
}

/** One item of the smart public procurement plan, linked to an action of the same engagement. */
@Entity('procurement_item')
export class ProcurementItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'action_id', type: 'uuid' })
  actionId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  method!: ProcurementMethod;

  @Column({ name: 'estimated_cost', type: 'numeric', precision: 14, scale: 2, transformer: money })
  estimatedCost!: number;

  @Column({ name: 'scheduled_start', type: 'date', nullable: true })
  scheduledStart!: string | null;

  @Column({ name: 'scheduled_end', type: 'date', nullable: true })
  scheduledEnd!: string | null;

  @Column({ type: 'text' })
  status!: ProcurementStatus;

  @VersionColumn()
  version!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A lowest-band gap deferred, with a reason, instead of being addressed by an action. */
@Entity('gap_deferral')
export class GapDeferral {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_code', type: 'text' })
  code!: string;

  @Column({ name: 'data_point', type: 'text' })
  dataPoint!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'deferred_by', type: 'uuid', nullable: true })
  deferredBy!: string | null;

  @Column({ name: 'deferred_at', type: 'timestamptz' })
  deferredAt!: Date;
}
