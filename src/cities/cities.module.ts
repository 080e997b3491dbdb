import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { CitiesController } from './cities.controller';
import { CitiesService } from './cities.service';
import { City } from './city.entity';

/** The cities of the programme. */
@Module({
  imports: [TypeOrmModule.forFeature([City]), AccessModule],
  controllers: [CitiesController],
  providers: [CitiesService],
  exports: [TypeOrmModule, CitiesService],
})
export class CitiesModule {}
