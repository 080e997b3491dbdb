import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { ENGAGEMENT_STAGES } from '../../workflows/engagement.machine';
import { AccessService } from '../access/access.service';
import { RequirePermission } from '../access/require-permission';
import { TasksService } from '../checklists/tasks.service';
import { City } from '../cities/city.entity';
import { CitiesService } from '../cities/cities.service';
import { ApiError, badRequest, notFound } from '../common/api-error';
import { isUuid } from '../common/id-param.pipe';
import { PageRoute, Public } from '../common/principal';
import { MarketplaceService } from '../financing/marketplace.service';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { PortfolioService } from '../portfolio/portfolio.service';
import { wheelOf } from '../rendering/wheel';
import { EngagementDetailsService } from '../roadmap/engagement-details.service';
import { NextEventsService } from '../roadmap/next-events.service';
import { CityScorecards } from './city-scorecards';
import { PageErrorFilter } from './page-error.filter';
import { type PageRequest, Pages } from './page-support';
import { PublicationService } from './publication/publication.service';
import { comparison, parseCityIds, progressBetweenCycles, snapshotTables } from './views/city-view';
import { scorecardTables, whereInWords } from './views/engagement-view';
import { byStage, cityOptions, stageOptions } from './views/portfolio-view';

/** Engagements on one page of the portfolio. */
const PORTFOLIO_PAGE = 50;

const principalOf = (req: PageRequest) => {
  if (!req.principal) throw new Error('a page route runs after AccessTokenGuard');
  return req.principal;
};

/** The portfolio, the city profile, the comparison of cities and the marketplace: signed-in pages. */
@ApiExcludeController()
@Controller()
@PageRoute()
@UseFilters(PageErrorFilter)
export class PagesController {
  constructor(
    private readonly pages: Pages,
    private readonly portfolio: PortfolioService,
    private readonly access: AccessService,
    private readonly details: EngagementDetailsService,
    private readonly tasks: TasksService,
    private readonly cities: CitiesService,
    private readonly cityScorecards: CityScorecards,
    private readonly marketplace: MarketplaceService,
    private readonly catalogue: KpiCatalogueService,
    private readonly publication: PublicationService,
    private readonly nextEvents: NextEventsService,
  ) {}

  @Get()
  @RequirePermission('engagements.list')
  async portfolioPage(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('stage') stageRaw: unknown,
    @Query('cityId') cityRaw: unknown,
    @Query('cursor') cursorRaw: unknown,
  ): Promise<void> {
    const principal = principalOf(req);
    const stage = typeof stageRaw === 'string' && stageRaw !== '' ? stageRaw : undefined;
    const cityId = typeof cityRaw === 'string' && cityRaw !== '' ? cityRaw.toLowerCase() : undefined;
    const cursor = typeof cursorRaw === 'string' && cursorRaw !== '' ? cursorRaw : undefined;
    if (stage !== undefined && !(ENGAGEMENT_STAGES as readonly string[]).includes(stage)) throw badRequest(`The stage filter must be one of: ${ENGAGEMENT_STAGES.join(', ')}`);
    if (cityId !== undefined && !isUuid(cityId)) throw badRequest('The city filter must name a city');
    if (cursorRaw !== undefined && (cursor === undefined || cursor.length > 200)) throw badRequest('The page must be the link of an earlier page');
    // A page of the portfolio at a time (keyset: the link to the next page carries the last one shown).
    const { items, total, nextCursor } = await this.portfolio.list(principal, { stage, cityId, limit: PORTFOLIO_PAGE, cursor });
    const open = items.filter((x) => x.stage !== 'completed' && x.stage !== 'cancelled');
    const byId = new Map(open.map((e) => [e.id, e]));
    const overdue = (await this.tasks.overdueIn(open.map((e) => e.id))).map((t) => {
      const e = byId.get(t.engagementId)!;
      return { engagementId: e.id, engagement: e.title, cityName: e.cityName, title: t.title, dueDate: t.dueDate, status: t.status };
    });
    // Gates waiting for my decision: only engagements in review, read together (NextEventsService.approvable);
    // one the machine has in review without an open gate is asked what the caller may do there, as before.
    const reviewed = open.filter((x) => x.step === 'inReview');
    const { approvable, unknown } = await this.nextEvents.approvable(principal, reviewed.map((e) => e.id));
    for (const id of unknown) {
      if ((await this.details.detail(await this.access.engagement(principal, id))).allowedEvents.includes('APPROVE')) approvable.add(id);
    }
    const waiting = reviewed
      .filter((e) => approvable.has(e.id))
      .map((e) => ({ engagementId: e.id, engagement: e.title, cityName: e.cityName, stage: whereInWords(e.stage, e.step, null) }));
    const filters = { ...(stage ? { stage } : {}), ...(cityId ? { cityId } : {}) };
    const cities = await this.cities.list(principal);
    await this.pages.send(
      req,
      res,
      'portfolio',
      {
        title: 'Portfolio',
        groups: byStage(items),
        total,
        shown: items.length,
        nextPage: nextCursor ? `/?${new URLSearchParams({ ...filters, cursor: nextCursor }).toString()}` : null,
        firstPage: cursor ? `/${Object.keys(filters).length ? `?${new URLSearchParams(filters).toString()}` : ''}` : null,
        overdue,
        waiting,
        filter: { stage: stage ?? '', cityId: cityId ?? '', active: stage !== undefined || cityId !== undefined },
        stageOptions: stageOptions(stage),
        cityOptions: cityOptions(cities, cityId),
      },
      { nav: 'portfolio' },
    );
  }

  @Get('cities/:id')
  @RequirePermission('cities.read')
  async cityPage(@Req() req: PageRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const principal = principalOf(req);
    if (!isUuid(id)) throw notFound('City');
    const city = await this.cities.get(id.toLowerCase(), principal);
    const engagements = await this.cityScorecards.engagementsOf(principal, city.id);
    const cycles = await this.cityScorecards.cycles(engagements);
    const latest = cycles[cycles.length - 1] ?? null;
    const kpis = this.catalogue.current().kpis;
    const published = await this.publication.latestForCity(city.id);
    await this.pages.send(
      req,
      res,
      'city',
      {
        title: city.name,
        city,
        engagements: engagements.map((e) => ({ ...e, where: whereInWords(e.stage, e.step, null) })),
        latest: latest
          ? {
              cycle: latest.cycle,
              stage: latest.stage,
              decidedAt: latest.decidedAt,
              engagement: latest.engagement,
              tables: scorecardTables(latest.scorecard, kpis),
              wheel: wheelOf(city.name, latest.scorecard, this.catalogue.current()),
            }
          : null,
        progress: cycles.length > 1 ? progressBetweenCycles(cycles.map((c) => ({ cycle: c.cycle, title: c.engagement.title, decidedAt: c.decidedAt, stage: c.stage, scorecard: c.scorecard }))) : null,
        published: published ? { path: `/public/cities/${city.id}`, cycle: published.cycle } : null,
      },
      { nav: 'cities' },
    );
  }

  @Get('compare')
  @RequirePermission('cities.read')
  async comparePage(@Req() req: PageRequest, @Res() res: Response, @Query('cities') cities: unknown, @Query('city') picked: unknown): Promise<void> {
    // `?cities=a,b` (API.md), or the page's own form: a checkbox `city` per city.
    const raw = cities !== undefined && cities !== '' ? cities : Array.isArray(picked) ? picked.join(',') : picked;
    const principal = principalOf(req);
    const all = await this.cities.list(principal);
    if (raw === undefined) {
      await this.pages.send(req, res, 'compare', { title: 'Compare cities', choices: all, table: null }, { nav: 'compare' });
      return;
    }
    const parsed = parseCityIds(raw);
    if ('problem' in parsed) throw badRequest(parsed.problem, [{ field: 'cities', message: parsed.problem }]);
    const compared = [];
    for (const id of parsed.ids) {
      const city = await this.cities.get(id, principal);
      const cycles = await this.cityScorecards.cycles(await this.cityScorecards.engagementsOf(principal, id));
      const latest = cycles[cycles.length - 1];
      compared.push({ id: city.id, name: city.name, cycle: latest?.cycle ?? null, scorecard: latest?.scorecard ?? null, items: latest?.items ?? [] });
    }
    const chosen = new Set(parsed.ids);
    await this.pages.send(
      req,
      res,
      'compare',
      {
        title: `Compare ${compared.map((c) => c.name).join(', ')}`,
        choices: all.map((c) => ({ ...c, checked: chosen.has(c.id) })),
        table: comparison(compared, this.catalogue.current().kpis),
      },
      { nav: 'compare' },
    );
  }

  @Get('marketplace')
  @RequirePermission('marketplace.read')
  async marketplacePage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const { items, total } = await this.marketplace.list(principalOf(req), { limit: 100, offset: 0 });
    await this.pages.send(req, res, 'marketplace', { title: 'Investment marketplace', projects: items.map((p) => ({ ...p, amountCents: Math.round(p.amount * 100) })), total }, { nav: 'marketplace' });
  }
}

/**
 * A city's published snapshot, for anyone: it reads the published_snapshot table only (verified
 * values, frozen at the approval of an Assessment gate) and the city's name and facts.
 */
@ApiExcludeController()
@Controller('public/cities')
@Public()
@UseFilters(PageErrorFilter)
export class PublicPageController {
  constructor(
    private readonly pages: Pages,
    private readonly publication: PublicationService,
    private readonly catalogue: KpiCatalogueService,
    @InjectRepository(City) private readonly cities: Repository<City>,
  ) {}

  @Get(':id')
  async show(@Req() req: PageRequest, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const none = () => new ApiError(404, 'NOT_FOUND', 'No verified snapshot of this city is published.');
    if (!isUuid(id)) throw none();
    const snapshot = await this.publication.latestForCity(id.toLowerCase());
    const city = snapshot ? await this.cities.findOneBy({ id: snapshot.cityId }) : null;
    if (!snapshot || !city) throw none();
    const kpis = this.catalogue.current().kpis;
    const { scorecard, items, decidedAt, catalogueEdition } = snapshot.snapshot;
    await this.pages.send(
      req,
      res,
      'public-city',
      {
        title: `${city.name}: verified snapshot`,
        city: { name: city.name, country: city.country, population: city.population },
        cycle: snapshot.cycle,
        decidedAt,
        publishedAt: snapshot.publishedAt,
        catalogueEdition,
        tables: scorecardTables(scorecard, kpis),
        wheel: wheelOf(city.name, scorecard, this.catalogue.current()),
        items: snapshotTables(scorecard, items, kpis),
      },
      { frame: { me: null, csrf: null, flash: null, nav: 'public' } },
    );
  }
}
