import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KpiCatalogueEdition, KpiRecord } from './kpi-catalogue.entity';
import { KpiCatalogueService } from './kpi-catalogue.service';
import { KpisController } from './kpis.controller';

/**
 * The U4SSC KPI catalogue (loaded by a migration, read here). An engagement's values, their
 * verification and its target overrides are modules of their own in values/, verification/ and targets/.
 */
@Module({
  imports: [TypeOrmModule.forFeature([KpiCatalogueEdition, KpiRecord])],
  controllers: [KpisController],
  providers: [KpiCatalogueService],
  exports: [KpiCatalogueService],
})
export class KpisModule {}
