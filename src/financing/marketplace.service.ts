import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { isOnMarketplace, PROJECT_STATUSES } from '../../workflows/financing';
import { holds, PERMISSIONS } from '../access/permissions';
import type { Principal } from '../common/principal';
import { City } from '../cities/city.entity';
import { Engagement } from '../engagements/engagement.entity';
import { KpiCatalogueService } from '../kpis/kpi-catalogue.service';
import { ActionTarget } from '../plans/action.entity';
import { MarketplaceProjectView, MarketplaceQuery } from './financing.dto';
import { InvestmentAllocation, InvestmentProject } from './financing.entity';

/** The statuses the marketplace lists (published projects still open to investors, or funded). */
const LISTED = PROJECT_STATUSES.filter(isOnMarketplace);

/**
 * The investment marketplace: every published project, for every signed-in user, with its city and
 * the KPIs and SDGs its actions address — and nothing else of the engagement (no values, members,
 * comments, actions or engagement ids). Projects of a cancelled or completed engagement, and closed or cancelled
 * projects, are not listed. Newest published first; limit/offset, the total in X-Total-Count.
 */
@Injectable()
export class MarketplaceService {
  constructor(
    private readonly catalogue: KpiCatalogueService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async list(principal: Principal, query: MarketplaceQuery): Promise<{ items: MarketplaceProjectView[]; total: number }> {
    // marketplace.read holds for an item only when it is published (permissions.ts): the query asks for exactly those.
    const who = { globalRole: principal.role, isEngagementManager: false, memberRoles: [] };
    if (!holds(PERMISSIONS['marketplace.read'], who, { published: true })) return { items: [], total: 0 };
    const q = this.db
      .getRepository(InvestmentProject)
      .createQueryBuilder('p')
      .innerJoin(Engagement, 'e', 'e.id = p.engagement_id')
      .innerJoin(City, 'c', 'c.id = e.city_id')
      .addSelect(['c.id AS city_id', 'c.name AS city_name', 'c.country AS city_country'])
      .where('p.published = true')
      .andWhere('p.status IN (:...listed)', { listed: LISTED })
      .andWhere("e.stage NOT IN ('cancelled', 'completed')");
    const total = await q.getCount();
    const { entities, raw } = await q
      .orderBy('p.published_at', 'DESC')
      .addOrderBy('p.id', 'ASC')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .getRawAndEntities<{ city_id: string; city_name: string; city_country: string }>();
    if (entities.length === 0) return { items: [], total };

    const allocations = await this.db.getRepository(InvestmentAllocation).findBy({ projectId: In(entities.map((p) => p.id)) });
    const actionIds = [...new Set(allocations.map((a) => a.actionId))];
    const targets = actionIds.length === 0 ? [] : await this.db.getRepository(ActionTarget).findBy({ actionId: In(actionIds) });
    const kpiOf = new Map(this.catalogue.current().kpis.map((k) => [k.code, k]));
    const items = entities.map((p, i) => {
      const mine = new Set(allocations.filter((a) => a.projectId === p.id).map((a) => a.actionId));
      const codes = [...new Set(targets.filter((t) => mine.has(t.actionId)).map((t) => t.code))].sort();
      const kpis = codes.map((code) => ({ code, name: kpiOf.get(code)?.name ?? code, sdgs: [...(kpiOf.get(code)?.sdgs ?? [])].sort((a, b) => a - b) }));
      return {
        id: p.id,
        title: p.title,
        description: p.description,
        city: { id: raw[i].city_id, name: raw[i].city_name, country: raw[i].city_country },
        amount: p.amount,
        fundingSource: p.fundingSource,
        status: p.status,
        kpis,
        sdgs: [...new Set(kpis.flatMap((k) => k.sdgs))].sort((a, b) => a - b),
        publishedAt: p.publishedAt as Date,
      };
    });
    return { items, total };
  }
}
