import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * How many evidence files each value has on its current submission (by value id; a value without
 * any is absent): what the data-quality summary and the verifier's queue count. Files of earlier
 * submissions are kept (src/kpis/evidence) but are not the evidence of today's figure.
 */
@Injectable()
export class EvidenceCounts {
  async filesOfCurrentSubmissions(db: EntityManager, engagementIds: string | readonly string[]): Promise<Map<string, number>> {
    const ids = typeof engagementIds === 'string' ? [engagementIds] : [...engagementIds];
    if (ids.length === 0) return new Map();
    const rows = (await db.query(
      `SELECT f.kpi_value_id AS id, count(*)::int AS files
         FROM kpi_evidence f
         JOIN kpi_value v ON v.id = f.kpi_value_id AND v.submission = f.submission
        WHERE f.engagement_id = ANY($1::uuid[])
        GROUP BY f.kpi_value_id`,
      [ids],
    )) as { id: string; files: number }[];
    return new Map(rows.map((r) => [r.id, Number(r.files)]));
  }
}
