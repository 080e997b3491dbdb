import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, notFound } from '../common/api-error';
import { Catalogue, CatalogueKpi, findKpi } from './catalogue/catalogue';
import { KpiCatalogueEdition, KpiRecord } from './kpi-catalogue.entity';
import { KpiCatalogueQuery, KpiView } from './kpis.dto';

const HIERARCHY = ['dimension', 'subdimension', 'category'] as const;

/**
 * The current edition of the KPI catalogue, as the migrations loaded it into the database. Read
 * once when the module starts (migrations have run by then) and kept in memory: the catalogue only
 * changes with a migration, i.e. with a restart. Reading it never touches the database afterwards,
 * so it is safe to use inside any transaction.
 */
@Injectable()
export class KpiCatalogueService implements OnModuleInit {
  private loaded: Catalogue | undefined;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    const edition = await this.db.getRepository(KpiCatalogueEdition).findOneBy({ isCurrent: true });
    if (!edition) throw new Error('No current KPI catalogue edition: the KPI migrations have not run');
    const rows = await this.db.getRepository(KpiRecord).find({ where: { edition: edition.edition }, order: { position: 'ASC' } });
    this.loaded = { edition: edition.edition, source: edition.source, kpis: rows.map(toCatalogueKpi) };
  }

  /** The current edition. */
  current(): Catalogue {
    if (!this.loaded) throw new Error('The KPI catalogue is read when the module starts; it is not loaded yet');
    return this.loaded;
  }

  /** The current edition's KPIs, filtered; a dimension, sub-dimension or category it does not have is 400. */
  list(query: KpiCatalogueQuery): KpiView[] {
    const { kpis, edition } = this.current();
    const wanted: Partial<Record<(typeof HIERARCHY)[number], string>> = {};
    for (const level of HIERARCHY) {
      const given = query[level];
      if (given === undefined) continue;
      const known = [...new Set(kpis.map((k) => k[level]))];
      const match = known.find((name) => name.toLowerCase() === given.trim().toLowerCase());
      if (match === undefined) {
        const message = `${level} must be one of: ${known.join(', ')}`;
        throw badRequest(message, [{ field: level, rule: 'isIn', message }]);
      }
      wanted[level] = match;
    }
    return kpis
      .filter(
        (k) =>
          HIERARCHY.every((level) => wanted[level] === undefined || k[level] === wanted[level]) &&
          (query.type === undefined || k.type === query.type) &&
          (query.sdg === undefined || k.sdgs.includes(query.sdg)),
      )
      .map((k) => ({ ...k, edition }));
  }

  /** A KPI by URL-safe, official or alternative code, or 404. */
  kpi(anyCode: string): CatalogueKpi {
    const kpi = findKpi(this.current(), anyCode);
    if (!kpi) throw notFound(`KPI ${anyCode}`);
    return kpi;
  }
}

function toCatalogueKpi(r: KpiRecord): CatalogueKpi {
  return {
    code: r.code,
    officialCode: r.officialCode,
    altCodes: r.altCodes,
    name: r.name,
    definition: r.definition,
    dimension: r.dimension,
    subdimension: r.subdimension,
    category: r.category,
    type: r.type,
    typeClass: r.typeClass,
    unit: r.unit,
    sdgs: r.sdgs,
    sdgRefs: r.sdgRefs,
    confidence: r.confidence,
    dataPoints: r.dataPoints,
    direction: r.direction,
    target: r.target,
    start: r.start,
    targetSource: r.targetSource,
    targetConfidence: r.targetConfidence,
    targetNote: r.targetNote,
    targetUnit: r.targetUnit,
    possible: r.possible,
    plausible: r.plausible,
    rangeSource: r.rangeSource,
    ...(r.resolution === null ? {} : { resolution: r.resolution }),
  };
}
