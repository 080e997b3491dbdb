import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Principal } from '../common/principal';
import { notFound } from '../common/api-error';
import { City } from './city.entity';
import { CityView, CreateCityDto } from './cities.dto';

const toView = (c: City): CityView => ({ id: c.id, name: c.name, country: c.country, population: c.population, createdAt: c.createdAt });

/** Cities: whoever reads every engagement sees every city; other people the cities of engagements they may read. */
@Injectable()
export class CitiesService {
  constructor(
    @InjectRepository(City) private readonly cities: Repository<City>,
    private readonly access: AccessService,
  ) {}

  async create(dto: CreateCityDto, principal: Principal): Promise<CityView> {
    const city = this.cities.create({
      name: dto.name.trim(),
      country: dto.country.trim(),
      population: dto.population ?? null,
      createdBy: principal.id,
    });
    return toView(await this.cities.save(city));
  }

  async list(principal: Principal): Promise<CityView[]> {
    return (await this.visible(principal).orderBy('c.name', 'ASC').getMany()).map(toView);
  }

  async get(id: string, principal: Principal): Promise<CityView> {
    const city = await this.visible(principal).andWhere('c.id = :id', { id }).getOne();
    if (!city) throw notFound('City');
    return toView(city);
  }

  private visible(principal: Principal) {
    const query = this.cities.createQueryBuilder('c');
    const readable = this.access.readable(principal);
    if (!readable) return query;
    return query.where(`c.id IN (SELECT e.city_id FROM engagement e WHERE ${readable.where})`, readable.params);
  }
}
