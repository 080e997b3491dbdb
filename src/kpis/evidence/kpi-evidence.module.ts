import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../../access/access.module';
import { EngagementsModule } from '../../engagements/engagements.module';
import { KpisModule } from '../kpis.module';
import { KpiValuesModule } from '../values/kpi-values.module';
import { EvidenceUpload } from './evidence-upload.interceptor';
import { KpiEvidenceController } from './kpi-evidence.controller';
import { KpiEvidence } from './kpi-evidence.entity';
import { KpiEvidenceService } from './kpi-evidence.service';

/** Evidence files of KPI values: attached, kept in the database, listed with the values, downloaded. */
@Module({
  imports: [TypeOrmModule.forFeature([KpiEvidence]), KpiValuesModule, KpisModule, EngagementsModule, AccessModule],
  controllers: [KpiEvidenceController],
  providers: [KpiEvidenceService, EvidenceUpload],
  exports: [KpiEvidenceService],
})
export class KpiEvidenceModule {}
