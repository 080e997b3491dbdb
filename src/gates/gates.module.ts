import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { ChecklistsModule } from '../checklists/checklists.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { GateApproval } from './gate-approval.entity';
import { GateCriteriaService } from './gate-criteria.service';
import { GateScoringService } from './gate-scoring.service';
import { Gate } from './gate.entity';
import { GatesService } from './gates.service';
import { ClockModule } from '../clock/clock.module';

/**
 * Review gates: their records and decisions, the seats of their quorum, the criteria modules
 * provide (GateCriteriaService) and the scorecard frozen into them (GateScoringService).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Gate, GateApproval]), EngagementsModule, ChecklistsModule, AccessModule, ClockModule],
  providers: [GatesService, GateCriteriaService, GateScoringService],
  exports: [TypeOrmModule, GatesService, GateCriteriaService, GateScoringService],
})
export class GatesModule {}
