import { Module } from '@nestjs/common';
import { AccessModule } from '../../access/access.module';
import { EngagementsModule } from '../../engagements/engagements.module';
import { KpisModule } from '../kpis.module';
import { KpiValuesModule } from '../values/kpi-values.module';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';

/** Independent verification: verify or reject submitted values (four-eyes), question threads. */
@Module({
  imports: [KpiValuesModule, KpisModule, EngagementsModule, AccessModule],
  controllers: [VerificationController],
  providers: [VerificationService],
  exports: [VerificationService],
})
export class VerificationModule {}
