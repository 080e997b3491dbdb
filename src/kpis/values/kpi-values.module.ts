import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../../access/access.module';
import { City } from '../../cities/city.entity';
import { EngagementsModule } from '../../engagements/engagements.module';
import { KpisModule } from '../kpis.module';
import { KpiAnswer, KpiFlagNote, KpiQuestion, KpiValue } from './kpi-value.entity';
import { ValueFlagsService } from './value-flags.service';
import { EvidenceCounts } from './evidence-counts';
import { KpiValuesController } from './kpi-values.controller';
import { KpiValuesService } from './kpi-values.service';

/** An engagement's KPI values: submitted one by one or imported from CSV or the data-collection workbook (handed out here too), listed with their questions and history. */
@Module({
  imports: [TypeOrmModule.forFeature([KpiValue, KpiQuestion, KpiAnswer, KpiFlagNote, City]), KpisModule, EngagementsModule, AccessModule],
  controllers: [KpiValuesController],
  providers: [KpiValuesService, ValueFlagsService, EvidenceCounts],
  exports: [TypeOrmModule, KpiValuesService, ValueFlagsService, EvidenceCounts],
})
export class KpiValuesModule {}
