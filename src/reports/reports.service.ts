import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { notFound } from '../common/api-error';
import { City } from '../cities/city.entity';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { GatesService } from '../gates/gates.service';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { itemDataPoint } from '../kpis/values/kpi-value.entity';
import { MonitoringService } from '../monitoring/monitoring.service';
import { Action } from '../plans/action.entity';
import { ScorecardService } from '../scoring/scorecard.service';
import { flagsOf } from '../kpis/values/value-flags.service';
import { User } from '../users/user.entity';
import {
  assessmentView,
  gateRecordView,
  monitoringView,
  snapshotView,
  type AssessmentView,
  type CityFacts,
  type EngagementFacts,
  type GateRecordView,
  type MonitoringView,
  type SnapshotView,
} from './report-views';

/**
 * Gathers what each report shows from the services that compute it (ScorecardService,
 * GatesService, MonitoringService) and the records beside them (city, values, people, actions),
 * and hands it to the pure view builders of report-views.ts. Reads only; the caller's access to the
 * engagement was checked by the route's permission.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly scorecards: ScorecardService,
    private readonly gates: GatesService,
    private readonly monitoring: MonitoringService,
    private readonly catalogue: KpiCatalogueService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async assessment(access: EngagementAccess): Promise<AssessmentView> {
    const id = access.engagement.id;
    const computed = await this.scorecards.scorecardFor(id);
    const { scorecard } = computed;
    const gaps = await this.scorecards.gapAnalysisFor(id, undefined, computed);
    const quality = await this.scorecards.dataQualityFor(access.engagement);
    const values = [...quality.values].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.dataPoint < b.dataPoint ? -1 : a.dataPoint > b.dataPoint ? 1 : 0));
    const actions = await this.db.getRepository(Action).find({ where: { engagementId: id } });
    const actionOf = new Map(actions.map((a) => [a.id, a]));
    const verifierMembers = await this.db.getRepository(EngagementMember).find({ where: { engagementId: id, role: 'verifier' }, order: { createdAt: 'ASC' } });
    const decided = values.filter((v) => (v.status === 'verified' || v.status === 'rejected') && v.decidedBy !== null);
    const gates = (await this.gates.list(access)).filter((g) => g.stage === 'assessment');
    const gate = gates.find((g) => g.status === 'approved') ?? gates.at(-1) ?? null;
    const names = await this.names([
      ...decided.map((v) => v.decidedBy!),
      ...verifierMembers.map((m) => m.userId),
      ...gaps.flatMap((g) => (g.deferral?.by ? [g.deferral.by] : [])),
      ...(gate ? [gate.submittedBy, ...gate.approvals.map((a) => a.approverId)] : []),
    ]);
    const name = (userId: string): string => names.get(userId) ?? 'a former user';
    const times = decided.map((v) => v.decidedAt?.getTime()).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
    return assessmentView({
      city: await this.city(access),
      engagement: engagementFacts(access),
      catalogue: this.catalogue.current(),
      scorecard,
      gaps: gaps.map((g) => ({
        ...g,
        actions: g.actionIds.flatMap((actionId) => {
          const a = actionOf.get(actionId);
          return a ? [{ title: a.title, status: a.status }] : [];
        }),
        deferral: g.deferral ? { reason: g.deferral.reason, by: g.deferral.by ? name(g.deferral.by) : null, at: g.deferral.at } : null,
      })),
      records: values.map((v) => ({
        code: v.code,
        dataPoint: itemDataPoint(v.dataPoint),
        status: v.status,
        value: v.value,
        year: v.year,
        source: v.source,
        dataQuality: v.dataQuality,
        notes: v.notes,
        notAvailableReason: v.notAvailableReason,
        decisionComment: v.decisionComment,
      })),
      quality: {
        summary: quality.summary,
        flagged: values.flatMap((v) =>
          flagsOf(quality.flags, v.code, v.dataPoint).map((f) => ({
            code: v.code,
            dataPoint: itemDataPoint(v.dataPoint),
            value: v.value,
            rule: f.rule,
            severity: f.severity,
            message: f.message,
            source: f.source,
            answer: f.answer?.text ?? null,
            acknowledgement: f.acknowledgement?.text ?? null,
          })),
        ),
      },
      verifiedBy: [...new Set(decided.map((v) => name(v.decidedBy!)))],
      verifierMembers: [...new Set(verifierMembers.map((m) => name(m.userId)))],
      decisions: { first: times.length > 0 ? new Date(times[0]) : null, last: times.length > 0 ? new Date(times[times.length - 1]) : null },
      assessmentGate: gate
        ? {
            status: gate.status,
            round: gate.round,
            submittedBy: name(gate.submittedBy),
            submittedAt: gate.submittedAt,
            decidedAt: gate.decidedAt,
            approvedBy: gate.approvals.filter((a) => a.decision === 'approve').map((a) => name(a.approverId)),
          }
        : null,
      generatedAt: new Date(),
    });
  }

  async snapshot(access: EngagementAccess): Promise<SnapshotView> {
    const { scorecard } = await this.scorecards.scorecardFor(access.engagement.id);
    return snapshotView({ city: await this.city(access), engagement: engagementFacts(access), catalogue: this.catalogue.current(), scorecard, generatedAt: new Date() });
  }

  async gateRecord(access: EngagementAccess, gateId: string): Promise<GateRecordView> {
    const gate = await this.gates.view(access.engagement.id, gateId).catch(() => {
      throw notFound('Gate');
    });
    const names = await this.names([
      gate.submittedBy,
      ...gate.seats.flatMap((s) => s.holders),
      ...gate.advisers,
      ...gate.approvals.map((a) => a.approverId),
    ]);
    return gateRecordView({ city: await this.city(access), engagement: engagementFacts(access), catalogue: this.catalogue.current(), gate, names, generatedAt: new Date() });
  }

  async monitoringReport(access: EngagementAccess): Promise<MonitoringView> {
    const items = await this.monitoring.monitoring(access);
    const actions = await this.db.getRepository(Action).find({ where: { engagementId: access.engagement.id } });
    return monitoringView({
      city: await this.city(access),
      engagement: engagementFacts(access),
      catalogue: this.catalogue.current(),
      items,
      actions: new Map(actions.map((a) => [a.id, a.title])),
      generatedAt: new Date(),
    });
  }

  private async city(access: EngagementAccess): Promise<CityFacts> {
    const city = await this.db.getRepository(City).findOneByOrFail({ id: access.engagement.cityId });
    return { name: city.name, country: city.country, population: city.population };
  }

  /** user id → name, one query. */
  private async names(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.db.getRepository(User).find({ where: { id: In(unique) }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u.name]));
  }
}

function engagementFacts(access: EngagementAccess): EngagementFacts {
  const e = access.engagement;
  return { title: e.title, cycle: e.cycle, stage: e.stage, step: e.step, createdAt: e.createdAt };
}
