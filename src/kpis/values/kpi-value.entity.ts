import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { ValueStatus } from '../../scoring/engine';
import type { DataQuality } from './data-quality';

/**
 * KPI items are stored with data_point '' for a single-value KPI (so the unique keys hold without
 * NULL); the API and the scoring engine say null. These two convert between them.
 */
export const storedDataPoint = (dataPoint: string | null): string => dataPoint ?? '';
export const itemDataPoint = (stored: string): string | null => (stored === '' ? null : stored);

/**
 * The current value of one KPI (or one data point of it) for one engagement. `dataPoint` is ''
 * for a single-value KPI. Every change is recorded in the engagement history (KPI_VALUE_* rows),
 * which is where earlier values, decisions and comments are kept.
 */
@Entity('kpi_value')
export class KpiValue {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_code', type: 'text' })
  code!: string;

  @Column({ name: 'data_point', type: 'text' })
  dataPoint!: string;

  @Column({ type: 'text' })
  status!: ValueStatus;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'integer', nullable: true })
  year!: number | null;

  @Column({ type: 'text', nullable: true })
  source!: string | null;

  @Column({ name: 'data_quality', type: 'text', nullable: true })
  dataQuality!: DataQuality | null;

  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'data_origin', type: 'text', nullable: true })
  dataOrigin!: string | null;

  @Column({ name: 'not_available_reason', type: 'text', nullable: true })
  notAvailableReason!: string | null;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /**
   * How many times the value was submitted (or marked not available): 0 before the first, + 1 on
   * each. Evidence files are tied to the submission they were attached to.
   */
  @Column({ type: 'integer', default: 0 })
  submission!: number;

  /** The value's own version: 1 when first written, + 1 on every change (submission, decision). */
  @VersionColumn()
  version!: number;
}

/** A verifier's question on a value (the KPI questions template); the city and the verifiers answer in KpiAnswer rows. */
@Entity('kpi_question')
export class KpiQuestion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ name: 'kpi_value_id', type: 'uuid' })
  valueId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'asked_by', type: 'uuid' })
  askedBy!: string;

  @Column({ name: 'asked_at', type: 'timestamptz' })
  askedAt!: Date;

  /** Set when a verifier closes the thread; no answers after that. */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;
}

@Entity('kpi_answer')
export class KpiAnswer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'question_id', type: 'uuid' })
  questionId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'answered_by', type: 'uuid' })
  answeredBy!: string;

  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt!: Date;
}

export const FLAG_NOTE_KINDS = ['answer', 'acknowledgement'] as const;
export type FlagNoteKind = (typeof FLAG_NOTE_KINDS)[number];

/**
 * What someone said about a consistency flag (src/kpis/consistency): the city's answer (an error
 * blocks verification until answered) or a verifier's acknowledgement (a warning needs one). It holds
 * for the figures it was given on: `fingerprint` is the flag's, and a changed figure makes a new flag.
 */
@Entity('kpi_flag_note')
export class KpiFlagNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  /** The value it was written on (a relation's note holds for both of its values). */
  @Column({ name: 'kpi_value_id', type: 'uuid' })
  valueId!: string;

  @Column({ type: 'text' })
  rule!: string;

  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'text' })
  kind!: FlagNoteKind;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'written_by', type: 'uuid' })
  writtenBy!: string;

  @Column({ name: 'written_at', type: 'timestamptz' })
  writtenAt!: Date;
}
