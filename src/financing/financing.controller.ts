import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { IdParam } from '../common/id-param.pipe';
import { Caller, Principal } from '../common/principal';
import { expectedVersionOf } from '../common/version-header';
import { ItemVersionQuery } from '../plans/plans.dto';
import { BusinessCasesService } from './business-cases.service';
import {
  BusinessCaseView,
  BusinessCaseWriteView,
  CreateBusinessCaseDto,
  CreateInvestmentProjectDto,
  FinancingPlanView,
  InvestmentProjectView,
  InvestmentProjectWriteView,
  MarketplaceProjectView,
  MarketplaceQuery,
  UpdateBusinessCaseDto,
  UpdateInvestmentProjectDto,
} from './financing.dto';
import { InvestmentProjectsService } from './investment-projects.service';
import { MarketplaceService } from './marketplace.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The engagement version acted on, instead of expectedVersion' };

/** Business cases of the engagement's actions. */
@ApiTags('Financing')
@ApiBearerAuth()
@Controller('api/engagements/:id/business-cases')
export class BusinessCasesController {
  constructor(private readonly cases: BusinessCasesService) {}

  @Get()
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The business cases: cost, monetary benefits per year and payback of actions, with the KPIs they rest on' })
  @ApiOkResponse({ type: [BusinessCaseView] })
  list(@Access() access: EngagementAccess): Promise<BusinessCaseView[]> {
    return this.cases.list(access);
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('financing.manage')
  @ApiOperation({ summary: 'Add a business case for actions of this engagement; paybackYears, when not given, is cost ÷ benefits per year' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: BusinessCaseWriteView })
  create(@Access() access: EngagementAccess, @Body() dto: CreateBusinessCaseDto, @Headers('if-match') ifMatch: string | undefined): Promise<BusinessCaseWriteView> {
    return this.cases.create(access, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Get(':businessCaseId')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'One business case' })
  @ApiOkResponse({ type: BusinessCaseView })
  get(@Access() access: EngagementAccess, @Param('businessCaseId', new IdParam('Business case')) caseId: string): Promise<BusinessCaseView> {
    return this.cases.get(access, caseId);
  }

  @Patch(':businessCaseId')
  @RequirePermission('financing.manage')
  @ApiOperation({ summary: 'Change a business case (actionIds and kpiCodes replace the lists; paybackYears null: computed again)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: BusinessCaseWriteView })
  update(
    @Access() access: EngagementAccess,
    @Param('businessCaseId', new IdParam('Business case')) caseId: string,
    @Body() dto: UpdateBusinessCaseDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<BusinessCaseWriteView> {
    return this.cases.update(access, caseId, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Delete(':businessCaseId')
  @HttpCode(204)
  @RequirePermission('financing.manage')
  @ApiOperation({ summary: 'Delete a business case' })
  @ApiNoContentResponse()
  async remove(@Access() access: EngagementAccess, @Param('businessCaseId', new IdParam('Business case')) caseId: string, @Query() query: ItemVersionQuery): Promise<void> {
    await this.cases.remove(access, caseId, query);
  }
}

/** Investment projects and the financing plan. */
@ApiTags('Financing')
@ApiBearerAuth()
@Controller('api/engagements/:id')
export class InvestmentProjectsController {
  constructor(private readonly projects: InvestmentProjectsService) {}

  @Get('investment-projects')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The investment projects: amount per action, funding source, status, published' })
  @ApiOkResponse({ type: [InvestmentProjectView] })
  list(@Access() access: EngagementAccess): Promise<InvestmentProjectView[]> {
    return this.projects.list(access);
  }

  @Post('investment-projects')
  @HttpCode(201)
  @RequirePermission('financing.manage')
  @ApiOperation({
    summary:
      'Add an investment project covering actions of this engagement: allocations [{actionId, amount}] (the amount is their sum), ' +
      'or actionIds with amount (split evenly in cents, the cents left over to the first actions)',
  })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: InvestmentProjectWriteView })
  create(
    @Access() access: EngagementAccess,
    @Body() dto: CreateInvestmentProjectDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<InvestmentProjectWriteView> {
    return this.projects.create(access, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Get('investment-projects/:projectId')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'One investment project' })
  @ApiOkResponse({ type: InvestmentProjectView })
  get(@Access() access: EngagementAccess, @Param('projectId', new IdParam('Investment project')) projectId: string): Promise<InvestmentProjectView> {
    return this.projects.get(access, projectId);
  }

  @Patch('investment-projects/:projectId')
  @RequirePermission('financing.manage')
  @ApiOperation({
    summary:
      'Change an investment project; allocations or actionIds replace its allocations; an amount alone is split again over its actions when they were an even split. ' +
      'A status move not allowed answers 409 STATUS_TRANSITION_REFUSED with the allowed ones',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InvestmentProjectWriteView })
  update(
    @Access() access: EngagementAccess,
    @Param('projectId', new IdParam('Investment project')) projectId: string,
    @Body() dto: UpdateInvestmentProjectDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<InvestmentProjectWriteView> {
    return this.projects.update(access, projectId, dto, expectedVersionOf(dto.expectedVersion, ifMatch));
  }

  @Delete('investment-projects/:projectId')
  @HttpCode(204)
  @RequirePermission('financing.manage')
  @ApiOperation({ summary: 'Delete an investment project (and its allocations)' })
  @ApiNoContentResponse()
  async remove(@Access() access: EngagementAccess, @Param('projectId', new IdParam('Investment project')) projectId: string, @Query() query: ItemVersionQuery): Promise<void> {
    await this.projects.remove(access, projectId, query);
  }

  @Get('financing')
  @RequirePermission('engagement.read')
  @ApiOperation({ summary: 'The financing plan: per action not dropped, budget, covered (allocations of projects not cancelled) and gap; and the totals' })
  @ApiOkResponse({ type: FinancingPlanView })
  plan(@Access() access: EngagementAccess): Promise<FinancingPlanView> {
    return this.projects.plan(access);
  }
}

/** The investment marketplace, for every signed-in user. */
@ApiTags('Financing')
@ApiBearerAuth()
@Controller('api/marketplace')
export class MarketplaceController {
  constructor(private readonly marketplace: MarketplaceService) {}

  @Get()
  @RequirePermission('marketplace.read')
  @ApiOperation({
    summary:
      'Every published investment project (not closed or cancelled, of an engagement neither cancelled nor completed), newest published first: its city, amount sought, ' +
      'funding source, status, the KPIs and SDGs its actions address. ?limit= (1–200, default 50) and ?offset=; the total in X-Total-Count',
  })
  @ApiOkResponse({ type: [MarketplaceProjectView] })
  async list(@Query() query: MarketplaceQuery, @Caller() caller: Principal, @Res({ passthrough: true }) res: Response): Promise<MarketplaceProjectView[]> {
    const { items, total } = await this.marketplace.list(caller, query);
    res.setHeader('X-Total-Count', String(total));
    return items;
  }
}
