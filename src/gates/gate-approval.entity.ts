import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const GATE_DECISIONS = ['approve', 'request_changes'] as const;
export type GateDecisionKind = (typeof GATE_DECISIONS)[number];

/** One approver's decision on one gate (the database allows one per approver per gate). */
@Entity('gate_approval')
export class GateApproval {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'gate_id', type: 'uuid' })
  gateId!: string;

  @Column({ name: 'approver_id', type: 'uuid' })
  approverId!: string;

  @Column({ type: 'text' })
  decision!: GateDecisionKind;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** The seat this decision filled (`programme-manager`, `group:<group>`), or `adviser` for none. */
  @Column({ type: 'text' })
  seat!: string;

  /** Decided in the programme manager's seat (the engagement's manager, or an administrator when the manager submitted). */
  @Column({ name: 'as_manager', type: 'boolean' })
  asManager!: boolean;

  @Column({ name: 'stakeholder_group', type: 'text', nullable: true })
  stakeholderGroup!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'now()' })
  decidedAt!: Date;
}
