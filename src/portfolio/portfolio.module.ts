import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CitiesModule } from '../cities/cities.module';
import { EngagementsModule } from '../engagements/engagements.module';
import { RoadmapModule } from '../roadmap/roadmap.module';
import { UsersModule } from '../users/users.module';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';

/** The programme's portfolio: open engagements, list them, manage their members, read their history. */
@Module({
  imports: [EngagementsModule, AccessModule, RoadmapModule, CitiesModule, UsersModule],
  controllers: [PortfolioController],
  providers: [PortfolioService],
  exports: [PortfolioService],
})
export class PortfolioModule {}
