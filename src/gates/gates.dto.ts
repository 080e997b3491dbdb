import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { VersionedBody } from '../common/versioned.dto';
import { GATE_DECISIONS, type GateDecisionKind } from './gate-approval.entity';
import { GATE_STATUSES } from './gate.entity';
import type { Unmet } from '../../workflows/unmet';
import { IsNotBlank } from '../common/validation';

export class UnmetConditionView implements Unmet {
  @ApiProperty({ description: 'Stable key of the condition, e.g. task:kpi-verification:not-settled' }) condition!: string;
  @ApiProperty() message!: string;
}

export class GateDecisionDto extends VersionedBody {
  @ApiProperty({ enum: GATE_DECISIONS })
  @IsIn(GATE_DECISIONS, { message: `decision must be one of: ${GATE_DECISIONS.join(', ')}` })
  decision!: GateDecisionKind;

  @ApiPropertyOptional({ description: 'Required for request_changes: what must change and why' })
  @ValidateIf((o: GateDecisionDto) => o.decision === 'request_changes' || o.comment !== undefined)
  @IsString({ message: 'comment is required when requesting changes' })
  @IsNotBlank({ message: 'comment is required when requesting changes' })
  @MaxLength(4000)
  comment?: string;
}

export class GateApprovalView {
  @ApiProperty() approverId!: string;
  @ApiProperty({ enum: GATE_DECISIONS }) decision!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ description: 'The seat this decision filled (`programme-manager`, `group:<stakeholder group>`), or `adviser` (none)' }) seat!: string;
  @ApiProperty({ description: "Decided in the programme manager's seat" }) asManager!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) stakeholderGroup!: string | null;
  @ApiProperty() decidedAt!: Date;
}

export class QuorumView {
  @ApiProperty() met!: boolean;
  @ApiProperty({ type: [UnmetConditionView] }) missing!: UnmetConditionView[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The rule from the workflow definition' }) rule!: Record<string, unknown>;
}

export class GateSeatView {
  @ApiProperty({ description: '`programme-manager`, or `group:<stakeholder group>`' }) seat!: string;
  @ApiProperty({ type: [String], description: 'Who may fill the seat (user ids), fixed when the gate opened' }) holders!: string[];
  @ApiPropertyOptional({ enum: ['admin'], description: "Set when the programme manager submitted the gate: an administrator approves in the manager's seat" })
  delegatedTo?: 'admin';
  @ApiProperty({ description: 'Approvals needed from distinct holders' }) needs!: number;
}

export class GateView {
  @ApiProperty() id!: string;
  @ApiProperty() stage!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: GATE_STATUSES }) status!: string;
  @ApiPropertyOptional({ enum: ['approved', 'changes_requested', 'withdrawn'], nullable: true, type: String }) decision!: string | null;
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: Date;
  @ApiPropertyOptional({ type: Date, nullable: true }) decidedAt!: Date | null;
  @ApiPropertyOptional({
    type: Date,
    nullable: true,
    description: "The end of the review period: the workflow definition's reviewDays after submission (null on gates opened before due dates existed)",
  })
  dueAt!: Date | null;
  @ApiProperty({ description: 'Open and past its due time' }) overdue!: boolean;
  @ApiProperty({ type: [GateSeatView], description: 'The seats of the quorum, fixed when the gate opened; a membership change during review changes none' })
  seats!: GateSeatView[];
  @ApiProperty({ type: [String], description: 'Approvers outside any stakeholder group when the gate opened: they may decide, and fill no seat' })
  advisers!: string[];
  @ApiProperty({ type: [GateApprovalView] }) approvals!: GateApprovalView[];
  @ApiProperty({ type: QuorumView }) quorum!: QuorumView;
  @ApiProperty({ type: 'object', additionalProperties: true, description:
      'The criteria checked at submission and again at the decision, and what they read: `{checked, atSubmission, atDecision}`, each ' +
      '`{evaluatedAt, checked, unmet, facts}` (facts: the stage\'s tasks and what each criterion loads — core KPI statuses, the plan, the monitoring, …); ' +
      'atDecision null while open or when withdrawn. Never changed once the gate is closed.',
  })
  criteria!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The scorecard the decision was made on (frozen at the decision; while open, the one frozen at submission), with its inputs',
  })
  scorecard!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) scorecardAtSubmission!: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) scorecardAtDecision!: Record<string, unknown> | null;
}

