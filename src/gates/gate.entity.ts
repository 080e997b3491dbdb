import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GateSeating } from '../../workflows/quorum';

export const GATE_STATUSES = ['open', 'approved', 'changes_requested', 'withdrawn'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

/**
 * A review gate: opened by SUBMIT_FOR_REVIEW, closed by the approval that completes the quorum
 * (approved), by one request for changes, or by cancelling the engagement (withdrawn). The
 * scorecard is frozen at submission and again at the decision, so the numbers each decision was
 * made on stay visible whatever happens to the data afterwards.
 */
@Entity('gate')
export class Gate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId!: string;

  @Column({ type: 'text' })
  stage!: string;

  /** 1 for the first submission of the stage, 2 after one request for changes, … */
  @Column({ type: 'integer' })
  round!: number;

  @Column({ type: 'text' })
  status!: GateStatus;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy!: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  /** The end of the review period (the definition's reviewDays after opening); null on gates opened before it existed. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** The quorum rule in force when the gate opened (from the workflow definition). */
  @Column({ name: 'quorum_rule', type: 'jsonb' })
  quorumRule!: Record<string, unknown>;

  /**
   * The seats of the quorum, fixed when the gate opened: who may fill the programme manager's seat
   * and each stakeholder group's, and who may decide without a seat. Never changed afterwards.
   */
  @Column({ type: 'jsonb' })
  seats!: GateSeating;

  /** The gate criteria checked at submission (and again at the approval that completes the quorum). */
  @Column({ type: 'jsonb' })
  criteria!: Record<string, unknown>;

  @Column({ name: 'scorecard_at_submission', type: 'jsonb', nullable: true })
  scorecardAtSubmission!: Record<string, unknown> | null;

  @Column({ name: 'scorecard_at_decision', type: 'jsonb', nullable: true })
  scorecardAtDecision!: Record<string, unknown> | null;
}
