import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../common/principal';
import { IdParam } from '../common/id-param.pipe';
import { CitiesService } from './cities.service';
import { CityView, CreateCityDto } from './cities.dto';

@ApiTags('cities and engagements')
@ApiBearerAuth()
@Controller('api/cities')
export class CitiesController {
  constructor(private readonly cities: CitiesService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('cities.create')
  @ApiOperation({ summary: 'Register a city (programme staff)' })
  @ApiCreatedResponse({ type: CityView })
  create(@Body() dto: CreateCityDto, @Caller() caller: Principal): Promise<CityView> {
    return this.cities.create(dto, caller);
  }

  @Get()
  @RequirePermission('cities.read')
  @ApiOperation({ summary: 'Cities the caller may see' })
  @ApiOkResponse({ type: [CityView] })
  list(@Caller() caller: Principal): Promise<CityView[]> {
    return this.cities.list(caller);
  }

  @Get(':id')
  @RequirePermission('cities.read')
  @ApiOperation({ summary: 'One city' })
  @ApiOkResponse({ type: CityView })
  get(@Param('id', new IdParam('City')) id: string, @Caller() caller: Principal): Promise<CityView> {
    return this.cities.get(id, caller);
  }
}
