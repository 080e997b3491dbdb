import { Controller, Get, Param, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { In, Repository } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { Access, RequirePermission } from '../access/require-permission';
import { validationPipe } from '../common/validation';
import { PageRoute } from '../common/principal';
import { evidenceFile } from '../kpis/evidence/kpi-evidence.controller';
import { KpiEvidenceService } from '../kpis/evidence/kpi-evidence.service';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { ValueFlagsService } from '../kpis/values/value-flags.service';
import { VerificationQueueQuery } from '../kpis/verification/verification-queue.dto';
import { VerificationQueueService } from '../kpis/verification/verification-queue.service';
import { User } from '../users/user.entity';
import { PageErrorFilter } from './page-error.filter';
import { type PageRequest, Pages } from './page-support';
import { flagOptions, flagRows, notePeople } from './views/verification-view';

/** Values on one page of the queue. */
const QUEUE_PAGE = 50;

const text = (raw: unknown): string | undefined => (typeof raw === 'string' && raw !== '' ? raw : undefined);

/**
 * The verifier's desk in the dashboard: the caller's queue (VerificationQueueService, as GET
 * /api/me/verification-queue), and the download of an evidence file for whoever may read the
 * engagement (KpiEvidenceService, the same bytes and headers as the API's download).
 */
@ApiExcludeController()
@Controller()
@PageRoute()
@UseFilters(PageErrorFilter)
export class VerificationPageController {
  constructor(
    private readonly pages: Pages,
    private readonly queue: VerificationQueueService,
    private readonly flags: ValueFlagsService,
    private readonly catalogue: KpiCatalogueService,
    private readonly evidence: KpiEvidenceService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  @Get('verification')
  @RequirePermission('me.verification-queue')
  async queuePage(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Query('engagementId') engagementRaw: unknown,
    @Query('flag') flagRaw: unknown,
    @Query('cursor') cursorRaw: unknown,
  ): Promise<void> {
    const caller = req.principal;
    if (!caller) throw new Error('a page route runs after AccessTokenGuard');
    // The GET form's fields, checked by the API's own query rules (an empty select is no filter).
    const fields = { engagementId: text(engagementRaw)?.toLowerCase(), flag: text(flagRaw), cursor: cursorRaw === undefined ? undefined : String(cursorRaw) };
    const query = (await validationPipe().transform(
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      { type: 'query', metatype: VerificationQueueQuery },
    )) as VerificationQueueQuery;
    // The summary and the page from one read of the queue.
    const {
      summary,
      page: { items, nextCursor },
    } = await this.queue.desk(caller.id, { ...query, limit: QUEUE_PAGE });
    const ids = [...new Set(items.flatMap((i) => notePeople(i.flags)))];
    const people = new Map(ids.length > 0 ? (await this.users.findBy({ id: In(ids) })).map((u) => [u.id, u.name]) : []);
    const kpis = new Map(this.catalogue.current().kpis.map((k) => [k.code, k]));
    const filters = { ...(query.engagementId ? { engagementId: query.engagementId } : {}), ...(query.flag ? { flag: query.flag } : {}) };
    const active = Object.keys(filters).length > 0;
    const engagementOptions = summary.engagements.map((e) => ({ value: e.engagementId, label: `${e.engagementTitle} · ${e.city} (${e.waiting})`, selected: e.engagementId === query.engagementId }));
    if (query.engagementId && !engagementOptions.some((o) => o.selected)) engagementOptions.push({ value: query.engagementId, label: 'The engagement chosen (nothing waits there)', selected: true });
    await this.pages.send(
      req,
      res,
      'verification',
      {
        title: 'Verification',
        summary,
        items: items.map((i) => {
          const kpi = kpis.get(i.code);
          return {
            ...i,
            officialCode: kpi?.officialCode ?? i.code,
            dataPointLabel: i.dataPoint ? (kpi?.dataPoints.find((d) => d.key === i.dataPoint)?.label ?? i.dataPoint) : null,
            flags: flagRows(i.flags, people),
            flagged: i.flags.length > 0,
          };
        }),
        nextPage: nextCursor ? `/verification?${new URLSearchParams({ ...filters, cursor: nextCursor }).toString()}` : null,
        firstPage: query.cursor ? `/verification${active ? `?${new URLSearchParams(filters).toString()}` : ''}` : null,
        filter: { active },
        engagementOptions,
        flagOptions: flagOptions(this.flags.ruleIds(), query.flag),
      },
      { nav: 'verification' },
    );
  }

  /** An evidence file, for whoever may read the engagement (404 for anyone else, as on the engagement page). */
  @Get('engagements/:id/kpi-values/:code/evidence/:evidenceId')
  @RequirePermission('engagement.read')
  async evidenceDownload(
    @Access() access: EngagementAccess,
    @Param('code') code: string,
    @Param('evidenceId') evidenceId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return evidenceFile(await this.evidence.download(access, code, evidenceId), res);
  }
}
