import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../../access/access.module';
import { EngagementsModule } from '../../engagements/engagements.module';
import { KpisModule } from '../kpis.module';
import { KpiValuesModule } from '../values/kpi-values.module';
import { KpiTargetOverride } from './target-override.entity';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

/** An engagement's targets: the catalogue's defaults and its justified overrides. */
@Module({
  imports: [TypeOrmModule.forFeature([KpiTargetOverride]), KpiValuesModule, KpisModule, EngagementsModule, AccessModule],
  controllers: [TargetsController],
  providers: [TargetsService],
  exports: [TypeOrmModule],
})
export class TargetsModule {}
