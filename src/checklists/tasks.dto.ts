import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { STAGES } from '../../workflows/engagement.machine';
import { VersionedItemBody } from '../common/versioned.dto';
import { TASK_STATUSES, type TaskStatus } from '../../workflows/checklists';
import { IsNotBlank } from '../common/validation';

export class UpdateTaskDto extends VersionedItemBody {
  @ApiPropertyOptional({ enum: TASK_STATUSES, description: '`waived` needs a note saying why' })
  @IsOptional() @IsIn(TASK_STATUSES, { message: `status must be one of: ${TASK_STATUSES.join(', ')}` })
  status?: TaskStatus;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'A member of the engagement; null to unassign' })
  @ValidateIf((o: UpdateTaskDto) => o.assigneeId !== null && o.assigneeId !== undefined)
  @IsUUID('all', { message: 'assigneeId must be a user id (uuid) or null' })
  assigneeId?: string | null;

  @ApiPropertyOptional({ example: '2027-03-31', nullable: true, type: String, description: 'A calendar date (YYYY-MM-DD); null to clear' })
  @ValidateIf((o: UpdateTaskDto) => o.dueDate !== null && o.dueDate !== undefined)
  @IsDateString({ strict: true }, { message: 'dueDate must be a date like 2027-03-31' })
  dueDate?: string | null;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional() @IsString() @IsNotBlank() @MaxLength(4000)
  note?: string;
}

export class TaskView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'kpi-verification' }) key!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty({ description: 'The role expected to do it' }) expectedRole!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiPropertyOptional({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-03-31' }) dueDate!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ description: 'Past its due date and not settled' }) overdue!: boolean;
  @ApiProperty({ description: "The task's own version: send it as itemVersion to guard an edit of this task alone" }) version!: number;
  @ApiProperty() updatedAt!: Date;
}

export class ListTasksQuery {
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional() @IsIn(STAGES, { message: `stage must be one of: ${STAGES.join(', ')}` })
  stage?: string;
}
