import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { CarriedOverView, CarryOverDto, CarryOverService, CarryOverView } from './carry-over';

@ApiTags('roadmap')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class CarryOverController {
  constructor(private readonly carryOver: CarryOverService) {}

  @Get('carry-over')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'For a next cycle: the actions of the previous cycle not done (planned, in progress), offered to carry over, and which were' })
  @ApiOkResponse({ type: CarryOverView })
  async offer(@Access() access: EngagementAccess): Promise<CarryOverView> {
    return this.carryOver.offer(access);
  }

  @Post('actions/carry-over')
  @HttpCode(201)
  @RequirePermission('actions.manage')
  @ApiOperation({
    summary:
      "Copy the chosen offered actions of the previous cycle into this engagement's plan, planned, with their targets (not their procurement items). " +
      'An id not offered, or already carried over: 400 naming actionIds.',
  })
  @ApiCreatedResponse({ type: CarriedOverView })
  async carry(@Access() access: EngagementAccess, @Body() dto: CarryOverDto): Promise<CarriedOverView> {
    return this.carryOver.carry(access, dto);
  }
}
