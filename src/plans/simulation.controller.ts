import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { SimulationDto, SimulationView } from './simulation.dto';
import { SimulationService } from './simulation.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class SimulationController {
  constructor(private readonly simulation: SimulationService) {}

  /** A POST that writes nothing: a reader may simulate. */
  @Post('simulation')
  @HttpCode(200)
  @RequirePermission('engagement.read')
  @ApiOperation({
    summary:
      'City Simulation Tool: the scorecard as if the chosen actions (default: every action not dropped) reached their expected values, ' +
      'beside today’s, with the change per KPI, category, sub-dimension, dimension and SDG. Writes nothing.',
  })
  @ApiOkResponse({ type: SimulationView })
  async simulate(@Access() access: EngagementAccess, @Body() dto: SimulationDto): Promise<SimulationView> {
    return this.simulation.simulate(access, dto.actionIds);
  }
}
