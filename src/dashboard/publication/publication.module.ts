import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../../access/access.module';
import { EngagementsModule } from '../../engagements/engagements.module';
import { GatesModule } from '../../gates/gates.module';
import { KpisModule } from '../../kpis/kpis.module';
import { PublicationController } from './publication.controller';
import { PublicationService } from './publication.service';
import { PublishedSnapshot } from './published-snapshot.entity';

/** Published verified snapshots: `PUT /api/engagements/:id/publication`; read by the public page. */
@Module({
  imports: [TypeOrmModule.forFeature([PublishedSnapshot]), AccessModule, EngagementsModule, GatesModule, KpisModule],
  controllers: [PublicationController],
  providers: [PublicationService],
  exports: [PublicationService],
})
export class PublicationModule {}
