import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { In, Repository } from 'typeorm';
import { AccessService, type EngagementAccess, whoOf } from '../access/access.service';
import { holds, PERMISSIONS } from '../access/permissions';
import { Access, RequirePermission } from '../access/require-permission';
import { TasksService } from '../checklists/tasks.service';
import { ApiError } from '../common/api-error';
import { PageRoute } from '../common/principal';
import { stateOf, workingStage } from '../engagements/engagement-state';
import { HistoryService } from '../engagements/history.service';
import { GateDecisionDto } from '../gates/gates.dto';
import { GatesService } from '../gates/gates.service';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { KpiValuesService } from '../kpis/values/kpi-values.service';
import { wheelOf } from '../rendering/wheel';
import { EngagementDetailsService } from '../roadmap/engagement-details.service';
import { RoadmapService } from '../roadmap/roadmap.service';
import { ScorecardService } from '../scoring/scorecard.service';
import { User } from '../users/user.entity';
import { PublicationDto } from './publication/publication.dto';
import { PublicationService } from './publication/publication.service';
import { PageErrorFilter } from './page-error.filter';
import { formAs, type PageRequest, Pages } from './page-support';
import { evidenceCell, flagRows, notePeople } from './views/verification-view';
import { checklistRows, decisionForms, gapRows, openGateView, scorecardTables, stageProgress, timeline, whereInWords } from './views/engagement-view';

const numberOrUndefined = (raw: unknown): number | undefined => (typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined);

/**
 * The engagement page and its forms. Everything is read through the services the API uses, with the
 * caller's EngagementAccess (PermissionGuard: 404 for whoever may not read the engagement); the
 * decision forms post to RoadmapService.decide, as POST /api/engagements/:id/approvals does.
 */
@ApiExcludeController()
@Controller('engagements/:id')
@PageRoute()
@UseFilters(PageErrorFilter)
export class EngagementPageController {
  constructor(
    private readonly pages: Pages,
    private readonly access: AccessService,
    private readonly details: EngagementDetailsService,
    private readonly tasks: TasksService,
    private readonly scorecards: ScorecardService,
    private readonly gates: GatesService,
    private readonly history: HistoryService,
    private readonly values: KpiValuesService,
    private readonly catalogue: KpiCatalogueService,
    private readonly roadmap: RoadmapService,
    private readonly publication: PublicationService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  @Get()
  @RequirePermission('engagement.read')
  async show(@Access() access: EngagementAccess, @Req() req: PageRequest, @Res() res: Response): Promise<void> {
    await this.pages.send(req, res, 'engagement', await this.view(access), { nav: 'portfolio' });
  }

  @Post('approvals')
  @RequirePermission('gates.decide')
  async decide(@Access() access: EngagementAccess, @Req() req: PageRequest, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    const back = `/engagements/${access.engagement.id}`;
    try {
      const dto = await formAs(GateDecisionDto, {
        decision: form.decision,
        ...(typeof form.comment === 'string' && form.comment.trim() !== '' ? { comment: form.comment } : form.decision === 'request_changes' ? { comment: '' } : {}),
        ...(numberOrUndefined(form.expectedVersion) !== undefined ? { expectedVersion: numberOrUndefined(form.expectedVersion) } : {}),
      });
      const before = access.engagement.stage;
      const { engagement } = await this.roadmap.decide(access, dto, dto.expectedVersion);
      const message =
        dto.decision === 'request_changes'
          ? 'You asked for changes: the stage is back in progress.'
          : engagement.stage !== before
            ? `You approved: the engagement moved on to ${whereInWords(engagement.stage, engagement.step, null)}.`
            : 'You approved: your decision is recorded; the gate waits for the other seats.';
      await this.pages.redirectWith(req, res, back, { kind: 'success', message });
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
      // Shown on the engagement page itself, in words, with the status code of the refusal.
      const fresh = await this.access.engagement(access.principal, access.engagement.id);
      const unmet = Array.isArray(error.extra.unmet) ? (error.extra.unmet as { message: string }[]).map((u) => u.message) : [];
      await this.pages.send(req, res, 'engagement', { ...(await this.view(fresh)), actionError: { message: error.message, unmet } }, { status: error.getStatus(), nav: 'portfolio' });
    }
  }

  @Post('publication')
  @RequirePermission('engagement.publish')
  async publish(@Access() access: EngagementAccess, @Req() req: PageRequest, @Res() res: Response, @Body() form: Record<string, unknown>): Promise<void> {
    try {
      const dto = await formAs(PublicationDto, { published: form.published === 'true' ? true : form.published === 'false' ? false : form.published });
      const view = await this.publication.set(access, dto.published, undefined);
      await this.pages.redirectWith(req, res, `/engagements/${access.engagement.id}`, {
        kind: 'success',
        message: view.published ? 'The verified snapshot is published: anyone can read it on the city\'s public page.' : 'The snapshot is withdrawn: it is no longer public.',
      });
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() >= 500 || error.getStatus() === 404) throw error;
      await this.pages.send(req, res, 'engagement', { ...(await this.view(access)), actionError: { message: error.message, unmet: [] } }, { status: error.getStatus(), nav: 'portfolio' });
    }
  }

  private async view(access: EngagementAccess) {
    const { engagement } = access;
    const detail = await this.details.detail(access);
    const state = stateOf(engagement);
    const stage = workingStage(state);
    const kpis = this.catalogue.current().kpis;
    // One after the other: the embedded database has one session.
    const tasks = stage ? await this.tasks.list(access, stage) : [];
    const scorecard = await this.scorecards.scorecard(access);
    const gaps = await this.scorecards.gapAnalysis(access);
    const gates = await this.gates.list(access);
    const history = await this.history.page(engagement.id, { limit: 40 });
    const values = await this.values.list(access, {});
    const published = await this.publication.of(engagement.id);
    const people = new Map(detail.members.map((m) => [m.userId, m.name]));
    const missing = [engagement.managerId, ...history.items.map((h) => h.actorId), ...gates.map((g) => g.submittedBy), ...values.flatMap((v) => notePeople(v.flags))].filter(
      (id): id is string => !!id && !people.has(id),
    );
    if (missing.length > 0) for (const u of await this.users.findBy({ id: In([...new Set(missing)]) })) people.set(u.id, u.name);
    const open = gates.find((g) => g.status === 'open');
    const byCode = new Map(kpis.map((k) => [k.code, k]));
    const who = whoOf(access);
    const approvedAssessment = gates.some((g) => g.stage === 'assessment' && g.status === 'approved');
    return {
      title: `${detail.title} · ${detail.cityName}`,
      engagement: { ...detail, where: whereInWords(state.stage, state.step, state.pausedStage ?? null), manager: people.get(engagement.managerId) ?? '' },
      progress: stageProgress(state.stage, state.step, state.pausedStage ?? null),
      stage,
      checklist: checklistRows(tasks, people),
      scorecard: scorecardTables(scorecard, kpis),
      wheel: wheelOf(detail.cityName, scorecard, this.catalogue.current()),
      gaps: gapRows(gaps, kpis).slice(0, 25),
      gapCount: gaps.length,
      openGate: open ? openGateView(open, people) : null,
      decisions: decisionForms(detail.allowedEvents, detail.blockedEvents),
      history: timeline(history.items, people),
      values: values
        .filter((v) => v.status !== 'draft' && v.status !== 'not_available')
        .map((v) => ({
          ...v,
          officialCode: byCode.get(v.code)?.officialCode ?? v.code,
          name: byCode.get(v.code)?.name ?? v.code,
          dataPointLabel: v.dataPoint ? (byCode.get(v.code)?.dataPoints.find((d) => d.key === v.dataPoint)?.label ?? v.dataPoint) : null,
          checks: flagRows(v.flags, people),
          evidence: evidenceCell(engagement.id, v.code, v.evidence),
        })),
      dataQuality: scorecard.dataQuality,
      notAvailable: values
        .filter((v) => v.status === 'not_available')
        .map((v) => ({ officialCode: byCode.get(v.code)?.officialCode ?? v.code, name: byCode.get(v.code)?.name ?? v.code, reason: v.notAvailableReason })),
      members: detail.members,
      publication: {
        mayPublish: holds(PERMISSIONS['engagement.publish'], who),
        published: published !== null,
        publishedAt: published?.publishedAt ?? null,
        possible: approvedAssessment,
        publicPath: `/public/cities/${engagement.cityId}`,
      },
    };
  }
}
