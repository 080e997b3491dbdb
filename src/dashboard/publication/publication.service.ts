import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessService, type EngagementAccess } from '../../access/access.service';
import { ApiError } from '../../common/api-error';
import { EngagementWriter } from '../../engagements/engagement-writer';
import type { Engagement } from '../../engagements/engagement.entity';
import { Gate } from '../../gates/gate.entity';
import { KpiCatalogueService } from '../../kpis/kpi-catalogue.service';
import { PublicationView } from './publication.dto';
import { PublishedSnapshot } from './published-snapshot.entity';
import { verifiedSnapshot } from './verified-snapshot';

/** Thrown inside the writer's work to roll back a withdrawal of nothing. */
class NothingPublished extends Error {}

/**
 * Publishing an engagement's verified snapshot, as U4SSC publishes verification reports: what the
 * approval of its Assessment gate froze, verified values only. Nothing else of the engagement is
 * ever public, and the public page reads nothing but this table.
 */
@Injectable()
export class PublicationService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    @InjectRepository(PublishedSnapshot) private readonly snapshots: Repository<PublishedSnapshot>,
  ) {}

  /** PUT …/publication: publish (again, from the latest approved Assessment gate) or withdraw. */
  async set(access: EngagementAccess, published: boolean, expectedVersion: number | undefined): Promise<PublicationView> {
    this.access.require(access, 'engagement.publish');
    const unchanged = new NothingPublished();
    const withdrawn = (): PublicationView => this.view(access.engagement, null);
    if (!published && !(await this.of(access.engagement.id))) return withdrawn();
    const change = this.writer.change(access.engagement.id, access.principal.id, expectedVersion, async (tx, engagement) => {
      const repo = tx.getRepository(PublishedSnapshot);
      const before = await repo.findOneBy({ engagementId: engagement.id });
      if (!published) {
        // Checked again here, under the engagement's lock: withdrawing what is not published changes nothing.
        if (!before) throw unchanged;
        await repo.delete({ engagementId: engagement.id });
        return { result: null, history: [{ type: 'SNAPSHOT_WITHDRAWN', payload: { gateId: before.gateId } }] };
      }
      const gate = await tx.getRepository(Gate).findOne({
        where: { engagementId: engagement.id, stage: 'assessment', status: 'approved' },
        order: { decidedAt: 'DESC' },
      });
      if (!gate?.scorecardAtDecision || !gate.decidedAt) {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'NOT_VERIFIED',
          'Only a verified snapshot may be published: this engagement has no approved Assessment gate yet',
        );
      }
      const { scorecard, items, catalogueEdition } = verifiedSnapshot(gate.scorecardAtDecision, this.catalogue.current().kpis);
      const row = repo.create({
        engagementId: engagement.id,
        cityId: engagement.cityId,
        gateId: gate.id,
        cycle: engagement.cycle,
        snapshot: { scorecard, items, catalogueEdition, decidedAt: gate.decidedAt.toISOString() },
        publishedBy: access.principal.id,
        publishedAt: new Date(),
      });
      await repo.save(row);
      return { result: row, history: [{ type: 'SNAPSHOT_PUBLISHED', payload: { gateId: gate.id, republished: !!before } }] };
    });
    try {
      const { result, engagement } = await change;
      return this.view(engagement, result);
    } catch (error) {
      // Withdrawn meanwhile by someone else: the state asked for holds, and nothing was written.
      if (error === unchanged) return withdrawn();
      throw error;
    }
  }

  private view(engagement: Pick<Engagement, 'id' | 'cityId' | 'version'>, row: PublishedSnapshot | null): PublicationView {
    return {
      engagementId: engagement.id,
      cityId: engagement.cityId,
      published: row !== null,
      gateId: row?.gateId ?? null,
      publishedAt: row?.publishedAt ?? null,
      publicPath: `/public/cities/${engagement.cityId}`,
      engagementVersion: engagement.version,
    };
  }

  /** Whether the engagement's snapshot is published now (for its page). */
  async of(engagementId: string): Promise<PublishedSnapshot | null> {
    return this.snapshots.findOneBy({ engagementId });
  }

  /** The city's latest published snapshot (latest cycle, then latest published), or null. */
  async latestForCity(cityId: string): Promise<PublishedSnapshot | null> {
    return this.snapshots.findOne({ where: { cityId }, order: { cycle: 'DESC', publishedAt: 'DESC' } });
  }
}
