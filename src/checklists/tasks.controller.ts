import { Body, Controller, Get, Headers, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { IdParam } from '../common/id-param.pipe';
import { expectedVersionOf } from '../common/version-header';
import { ListTasksQuery, TaskView, UpdateTaskDto } from './tasks.dto';
import { TasksService } from './tasks.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The engagement version acted on, instead of expectedVersion' };

/** The stage checklists: read by every reader of the engagement, worked by the city. */
@ApiTags('roadmap')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('tasks')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: "The engagement's checklist tasks, stage by stage" })
  @ApiOkResponse({ type: [TaskView] })
  async tasksOf(@Access() access: EngagementAccess, @Query() query: ListTasksQuery): Promise<TaskView[]> {
    return this.tasks.list(access, query.stage);
  }

  @Patch('tasks/:taskId')
  @RequirePermission('tasks.update')
  @ApiOperation({ summary: 'Change a task: status (waived needs a note), assignee (a member), due date, note' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: TaskView })
  async updateTask(
    @Access() access: EngagementAccess,
    @Param('taskId', new IdParam('Task')) taskId: string,
    @Body() dto: UpdateTaskDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<TaskView> {
    return this.tasks.update(access, taskId, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }
}
