import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { isActive } from '../../workflows/action-plan';
import { lowBandKpisHaveActionsCriterion, procurementItemsForActionsCriterion, type DesignFacts } from '../../workflows/design-criteria';
import { GateCriteriaService } from '../gates/gate-criteria.service';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { itemDataPoint } from '../kpis/values/kpi-value.entity';
import { itemKey } from '../scoring/engine';
import { ScorecardService, type GapNotes } from '../scoring/scorecard.service';
import { Action, ActionTarget, GapDeferral, ProcurementItem } from './action.entity';
import { DEFERRABLE_BAND } from './gap-deferrals.service';

/**
 * The action plan where other modules read it: the Design gate's criteria (low-band-kpis-have-actions,
 * procurement-items-for-actions; pure in workflows/design-criteria.ts, their facts read here inside the
 * gate's transaction), and the actions and deferrals shown on each gap of the gap analysis.
 */
@Injectable()
export class PlansAtGates implements OnModuleInit {
  constructor(
    private readonly gateCriteria: GateCriteriaService,
    private readonly scorecards: ScorecardService,
    private readonly catalogue: KpiCatalogueService,
  ) {}

  onModuleInit(): void {
    this.gateCriteria.provide(lowBandKpisHaveActionsCriterion, async (tx, engagementId) => {
      const { scorecard } = await this.scorecards.scorecardFor(engagementId, tx);
      const nameOf = new Map(this.catalogue.current().kpis.map((k) => [k.code, k.name]));
      const lowBand = scorecard.kpis
        .filter((k) => k.band === DEFERRABLE_BAND)
        .map((k) => ({ code: k.code, dataPoint: k.dataPoint, name: nameOf.get(k.code) ?? k.code }));
      const { actions, deferrals } = await planFacts(tx, engagementId);
      return { lowBand, actions, deferrals } satisfies Partial<DesignFacts>;
    });
    this.gateCriteria.provide(procurementItemsForActionsCriterion, async (tx, engagementId) => {
      const { actions, procurement } = await planFacts(tx, engagementId);
      return { actions, procurement } satisfies Partial<DesignFacts>;
    });
    this.scorecards.useGapNotes(async (db, engagementId) => {
      const { actions, deferrals } = await planFacts(db, engagementId);
      const notes: GapNotes = new Map();
      const noteOf = (key: string) => notes.get(key) ?? notes.set(key, { actionIds: [], deferral: null }).get(key)!;
      for (const action of actions.filter((a) => isActive(a.status))) {
        for (const t of action.targets) noteOf(itemKey(t.code, t.dataPoint)).actionIds.push(action.id);
      }
      for (const d of deferrals) noteOf(itemKey(d.code, d.dataPoint)).deferral = { reason: d.reason, by: d.by, at: d.at };
      return notes;
    });
  }
}

/** The plan as the criteria and the gap analysis read it. */
async function planFacts(db: EntityManager, engagementId: string) {
  const actionRows = await db.getRepository(Action).find({ where: { engagementId }, order: { createdAt: 'ASC', id: 'ASC' } });
  const targets = await db.getRepository(ActionTarget).find({ where: { engagementId } });
  const items = await db.getRepository(ProcurementItem).find({ where: { engagementId } });
  const deferralRows = await db.getRepository(GapDeferral).find({ where: { engagementId } });
  return {
    actions: actionRows.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      requiresProcurement: a.requiresProcurement,
      targets: targets.filter((t) => t.actionId === a.id).map((t) => ({ code: t.code, dataPoint: itemDataPoint(t.dataPoint), expectedValue: t.expectedValue })),
    })),
    procurement: items.map((i) => ({ id: i.id, actionId: i.actionId, title: i.title, method: i.method, estimatedCost: i.estimatedCost, status: i.status })),
    deferrals: deferralRows.map((d) => ({ code: d.code, dataPoint: itemDataPoint(d.dataPoint), reason: d.reason, by: d.deferredBy, at: d.deferredAt })),
  };
}
