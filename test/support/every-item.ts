import { loadCatalogue } from '../../src/kpis/catalogue/catalogue';
import type { ValueRange } from '../../src/scoring/engine';

export interface ItemValue {
  code: string;
  dataPoint: string | null;
  value: number;
}

/**
 * Every KPI item of the catalogue (91 KPIs, 112 items) with a plausible value: 20, 50, 80 or 100 %
 * of the way to its target in turn (so every band shows), inside its possible range.
 */
export function everyItem(): ItemValue[] {
  type Spec = { target: number | null; start: number | null; possible: ValueRange };
  const plausible = ({ target, start, possible: range }: Spec, i: number): number => {
    const share = [0.2, 0.5, 0.8, 1][i % 4];
    const raw = target !== null && start !== null ? start + share * (target - start) : range.max !== null ? (range.min + range.max) / 2 : range.min + 10;
    return Math.round(Math.min(Math.max(raw, range.min), range.max ?? Infinity) * 100) / 100;
  };
  const specs = loadCatalogue().kpis.flatMap((k): { code: string; dataPoint: string | null; spec: Spec }[] =>
    k.dataPoints.length > 0 ? k.dataPoints.map((d) => ({ code: k.code, dataPoint: d.key, spec: d })) : [{ code: k.code, dataPoint: null, spec: k }],
  );
  return specs.map(({ code, dataPoint, spec }, i) => ({ code, dataPoint, value: plausible(spec, i) }));
}

/** The CSV import of those values (header code,dataPoint,value,year,source). */
export function everyItemCsv(year: number, source = 'Statistics office'): string {
  return ['code,dataPoint,value,year,source', ...everyItem().map((i) => `${i.code},${i.dataPoint ?? ''},${i.value},${year},${source}`)].join('\n');
}
