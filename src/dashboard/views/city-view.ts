/**
 * The city profile, the comparison of cities and the public snapshot as data. Pure TypeScript: the
 * numbers come from verified snapshots (publication/verified-snapshot.ts); the differences between
 * cycles are computed here, not in a template.
 */
import { catalogueItems } from '../../kpis/catalogue-items';
import type { CatalogueKpi } from '../../kpis/catalogue/catalogue';
import { itemKey, type Band, type Scorecard } from '../../scoring/engine';
import type { ItemStanding, SnapshotItem } from '../publication/verified-snapshot';

export interface CycleScorecard {
  cycle: number;
  title: string;
  decidedAt: Date | string;
  stage: string;
  scorecard: Scorecard;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Dimension by dimension, each cycle's percentage and band, and the change from the cycle before (percentage points). */
export function progressBetweenCycles(cycles: readonly CycleScorecard[]) {
  const ordered = [...cycles].sort((a, b) => a.cycle - b.cycle);
  const names = [...new Set(ordered.flatMap((c) => c.scorecard.dimensions.map((d) => d.name)))];
  return {
    cycles: ordered.map((c) => ({ cycle: c.cycle, title: c.title, decidedAt: c.decidedAt, stage: c.stage })),
    rows: names.map((name) => {
      let previous: number | null = null;
      const cells = ordered.map((c) => {
        const row = c.scorecard.dimensions.find((d) => d.name === name);
        const percent = row?.percent ?? null;
        const change = percent !== null && previous !== null ? round1(percent - previous) : null;
        if (percent !== null) previous = percent;
        return {
          percent,
          band: (row?.band ?? 'no_data') as Band,
          change,
          changeWords: change === null ? '' : change > 0 ? `up ${change} points` : change < 0 ? `down ${-change} points` : 'no change',
        };
      });
      return { name, cells };
    }),
  };
}

const STANDING_WORDS: Record<ItemStanding, string> = {
  verified: 'Verified',
  not_verified: 'Not verified',
  not_available: 'Not available',
  not_reported: 'Not reported',
};

/** Every KPI item of a verified snapshot, grouped by dimension: value only where verified. */
export function snapshotTables(scorecard: Scorecard, items: readonly SnapshotItem[], kpis: readonly CatalogueKpi[]) {
  const rowOf = new Map(scorecard.kpis.map((r) => [itemKey(r.code, r.dataPoint), r]));
  const standingOf = new Map(items.map((i) => [itemKey(i.code, i.dataPoint), i.standing]));
  const groups = new Map<string, { dimension: string; rows: unknown[] }>();
  for (const item of catalogueItems(kpis)) {
    const row = rowOf.get(itemKey(item.kpi.code, item.dataPoint));
    const standing = standingOf.get(itemKey(item.kpi.code, item.dataPoint)) ?? 'not_reported';
    const verified = standing === 'verified' && row?.value !== null && row?.value !== undefined;
    const group = groups.get(item.kpi.dimension) ?? { dimension: item.kpi.dimension, rows: [] };
    groups.set(item.kpi.dimension, group);
    group.rows.push({
      officialCode: item.kpi.officialCode,
      name: item.kpi.name,
      dataPoint: item.label,
      subdimension: item.kpi.subdimension,
      unit: item.kpi.dataPoints.find((d) => d.key === item.dataPoint)?.unit ?? item.kpi.unit,
      value: verified ? row?.value : null,
      verified,
      band: verified ? (row?.band ?? 'no_data') : 'no_data',
      standing: STANDING_WORDS[standing],
    });
  }
  return [...groups.values()];
}

export interface ComparedCity {
  id: string;
  name: string;
  cycle: number | null;
  scorecard: Scorecard | null;
  items: readonly SnapshotItem[];
}

/** KPI by KPI and dimension by dimension, one column per city (its latest verified cycle). */
export function comparison(cities: readonly ComparedCity[], kpis: readonly CatalogueKpi[]) {
  const maps = cities.map((c) => ({
    rows: new Map((c.scorecard?.kpis ?? []).map((r) => [itemKey(r.code, r.dataPoint), r])),
    standing: new Map(c.items.map((i) => [itemKey(i.code, i.dataPoint), i.standing])),
  }));
  const dimensionNames = [...new Set(kpis.map((k) => k.dimension))];
  return {
    cities: cities.map((c) => ({ id: c.id, name: c.name, cycle: c.cycle, hasSnapshot: c.scorecard !== null })),
    dimensions: dimensionNames.map((name) => ({
      name,
      cells: cities.map((c) => {
        const row = c.scorecard?.dimensions.find((d) => d.name === name);
        return { percent: row?.percent ?? null, band: row?.band ?? 'no_data' };
      }),
    })),
    kpis: catalogueItems(kpis).map((item) => ({
      officialCode: item.kpi.officialCode,
      name: item.kpi.name,
      dataPoint: item.label,
      unit: item.kpi.dataPoints.find((d) => d.key === item.dataPoint)?.unit ?? item.kpi.unit,
      cells: maps.map((m) => {
        const key = itemKey(item.kpi.code, item.dataPoint);
        const row = m.rows.get(key);
        const verified = m.standing.get(key) === 'verified' && row?.value !== null && row?.value !== undefined;
        return { value: verified ? row?.value : null, band: verified ? row?.band : 'no_data', verified, standing: STANDING_WORDS[m.standing.get(key) ?? 'not_reported'] };
      }),
    })),
  };
}

/** The ids of `?cities=a,b,c`: 2 to 6 distinct UUIDs, or the reason they are not. */
export function parseCityIds(raw: unknown): { ids: string[] } | { problem: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { problem: 'Name the cities to compare: ?cities=<id>,<id>' };
  const ids = [...new Set(raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  if (ids.length < 2 || ids.length > 6) return { problem: 'Compare between 2 and 6 different cities' };
  const bad = ids.find((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id));
  if (bad) return { problem: 'Each city must be named by its id (a UUID)' };
  return { ids };
}
