import type { CatalogueKpi, Direction } from './catalogue/catalogue';

/** One scored item of the catalogue: a single-value KPI (dataPoint null) or one data point of a KPI. */
export interface CatalogueItem {
  kpi: CatalogueKpi;
  dataPoint: string | null;
  label: string | null;
  direction: Direction;
  target: number | null;
  start: number | null;
  targetSource: string | null;
}

/** Every item of these KPIs, in catalogue order (the rows of a scorecard). */
export function catalogueItems(kpis: readonly CatalogueKpi[]): CatalogueItem[] {
  return kpis.flatMap((kpi): CatalogueItem[] =>
    kpi.dataPoints.length === 0
      ? [{ kpi, dataPoint: null, label: null, direction: kpi.direction, target: kpi.target, start: kpi.start, targetSource: kpi.targetSource }]
      : kpi.dataPoints.map((d) => ({
          kpi,
          dataPoint: d.key,
          label: d.label,
          direction: d.direction,
          target: d.target,
          start: d.start,
          targetSource: d.targetSource,
        })),
  );
}
