import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { Task } from './task.entity';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The stage checklists: tasks created on entering a stage (stage-tasks.ts), read and worked here. */
@Module({
  imports: [TypeOrmModule.forFeature([Task]), EngagementsModule, AccessModule],
  controllers: [TasksController],
  providers: [TasksService],
  exports: [TypeOrmModule, TasksService],
})
export class ChecklistsModule {}
