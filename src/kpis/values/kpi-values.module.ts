import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../../access/access.module';
import { City } from '../../cities/city.entity';
import { EngagementsModule } from '../../engagements/engagements.module';
import { KpisModule } from '../kpis.module';
import { KpiAnswer, KpiQuestion, KpiValue } from './kpi-value.entity';
import { KpiValuesController } from './kpi-values.controller';
import { KpiValuesService } from './kpi-values.service';

/** An engagement's KPI values: submitted one by one or imported from CSV or the data-collection workbook (handed out here too), listed with their questions and history. */
@Module({
  imports: [TypeOrmModule.forFeature([KpiValue, KpiQuestion, KpiAnswer, City]), KpisModule, EngagementsModule, AccessModule],
  controllers: [KpiValuesController],
  providers: [KpiValuesService],
  exports: [TypeOrmModule, KpiValuesService],
})
export class KpiValuesModule {}
