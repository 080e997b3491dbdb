import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../access/require-permission';
import { KpiCatalogueService } from './kpi-catalogue.service';
import { KpiCatalogueQuery, KpiView } from './kpis.dto';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/kpis')
export class KpisController {
  constructor(private readonly catalogue: KpiCatalogueService) {}

  @Get()
  @RequirePermission('kpis.read')
  @ApiOperation({ summary: 'The U4SSC KPI catalogue (current edition), in catalogue order; any signed-in user' })
  @ApiOkResponse({ type: [KpiView] })
  list(@Query() query: KpiCatalogueQuery): KpiView[] {
    return this.catalogue.list(query);
  }

  @Get(':code')
  @RequirePermission('kpis.read')
  @ApiOperation({ summary: 'One KPI by URL-safe code (official and alternative codes are accepted too)' })
  @ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C' })
  @ApiOkResponse({ type: KpiView })
  get(@Param('code') code: string): KpiView {
    return { ...this.catalogue.kpi(code), edition: this.catalogue.current().edition };
  }
}
