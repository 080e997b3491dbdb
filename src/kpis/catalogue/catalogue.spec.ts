import { buildCatalogue, rangeOfUnit, rangesOf, readReference } from './build-catalogue';
import { dataPointKey, findKpi, loadCatalogue, urlSafeCode } from './catalogue';
import type { CatalogueKpi, ItemRanges, ValueRange } from './catalogue';

const catalogue = loadCatalogue();
const reference = readReference();
const kpi = (code: string): CatalogueKpi => {
  const found = findKpi(catalogue, code);
  if (!found) throw new Error(`no KPI ${code}`);
  return found;
};
const distinct = (items: readonly unknown[]): number => new Set(items).size;
const URL_SAFE = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;

describe('urlSafeCode', () => {
  it('turns an official code into a URL-safe one', () => {
    expect(urlSafeCode('EC: ICT: ICT: 1C')).toBe('EC-ICT-ICT-1C');
    expect(urlSafeCode('EN: EN: PSN: 1C')).toBe('EN-EN-PSN-1C');
  });

  it('is stable: spacing variants give the same code, and a URL-safe code maps to itself', () => {
    expect(urlSafeCode('SC: EH: ED:1C')).toBe('SC-EH-ED-1C');
    expect(urlSafeCode(' SC:EH:ED: 1C ')).toBe('SC-EH-ED-1C');
    for (const k of catalogue.kpis) expect(urlSafeCode(k.code)).toBe(k.code);
  });

  it('is unique over the catalogue and never collides with an alternative code', () => {
    const codes = catalogue.kpis.map((k) => k.code);
    expect(distinct(codes)).toBe(91);
    expect(codes.every((c) => URL_SAFE.test(c))).toBe(true);
    const altCodes = catalogue.kpis.flatMap((k) => k.altCodes.map(urlSafeCode));
    expect(altCodes.filter((c) => codes.includes(c))).toEqual([]);
  });
});

describe('dataPointKey', () => {
  it.each([
    ['PM2.5', 'pm2-5'],
    ['3G', '3g'],
    ['open dump', 'open-dump'],
    ['private vehicles', 'private-vehicles'],
    ['NO2', 'no2'],
  ])('%p → %p', (label, key) => {
    expect(dataPointKey(label)).toBe(key);
  });
});

describe('the 2022 catalogue', () => {
  it('is the edition built from the reference files (re-run build-catalogue.ts if this fails)', () => {
    expect(buildCatalogue(reference.kpis, reference.targets)).toEqual(catalogue);
    expect(catalogue.edition).toBe('2022');
  });

  it('has 91 KPIs: 54 core, 37 advanced, in 3 dimensions, 7 sub-dimensions and 22 categories', () => {
    const { kpis } = catalogue;
    expect(kpis).toHaveLength(91);
    expect(kpis.filter((k) => k.type === 'core')).toHaveLength(54);
    expect(kpis.filter((k) => k.type === 'advanced')).toHaveLength(37);
    expect(distinct(kpis.map((k) => k.dimension))).toBe(3);
    expect(distinct(kpis.map((k) => k.subdimension))).toBe(7);
    expect(distinct(kpis.map((k) => k.category))).toBe(22);
    expect(kpis.filter((k) => k.category === 'Education')).toHaveLength(4);
  });

  it('consumed 112 target rows, 77 of them with a target', () => {
    const items = catalogue.kpis.flatMap((k): { target: number | null }[] =>
      k.dataPoints.length > 0 ? k.dataPoints : [k],
    );
    expect(reference.targets).toHaveLength(112);
    expect(items).toHaveLength(112);
    expect(items.filter((i) => i.target !== null)).toHaveLength(77);
  });

  it('placed every reference target row on its KPI or data point', () => {
    for (const row of reference.targets) {
      const k = kpi(row.code);
      const direction = row.direction === 'target_band' ? 'band' : row.direction;
      const fields = { target: row.target, start: row.start, direction, targetSource: row.targetSource };
      if (row.dataPoint === null) {
        expect(k.dataPoints).toEqual([]);
        expect(k).toMatchObject({ ...fields, targetConfidence: row.confidence, targetUnit: row.unit });
      } else {
        const point = k.dataPoints.find((d) => d.label === row.dataPoint);
        expect(point).toMatchObject({ ...fields, key: dataPointKey(row.dataPoint), unit: row.unit });
      }
    }
  });

  it('has URL-safe data point keys, unique within each KPI', () => {
    for (const k of catalogue.kpis) {
      const keys = k.dataPoints.map((d) => d.key);
      expect(distinct(keys)).toBe(keys.length);
      expect(keys.every((key) => URL_SAFE.test(key))).toBe(true);
    }
    expect(kpi('EN-EN-AQ-1C').dataPoints.map((d) => [d.key, d.label])).toEqual([
      ['pm10', 'PM10'],
      ['pm2-5', 'PM2.5'],
      ['no2', 'NO2'],
      ['so2', 'SO2'],
      ['o3', 'O3'],
    ]);
  });

  it('keeps targets on the data points of a KPI that has them, and a common direction (or higher) on the KPI', () => {
    for (const k of catalogue.kpis.filter((c) => c.dataPoints.length > 0)) {
      expect(k).toMatchObject({ target: null, start: null, targetSource: null, targetConfidence: null });
    }
    expect(kpi('EN-EN-AQ-1C').direction).toBe('lower');
    expect(kpi('EN-EN-WA-1C').direction).toBe('higher'); // landfill lower … recycled higher
    expect(kpi('EC-ICT-ICT-4C').dataPoints.map((d) => d.key)).toEqual(['3g', '4g']);
  });

  it('turns the target band of Gender Income Equity into direction band around 1', () => {
    expect(kpi('SC-SH-SI-1C')).toMatchObject({ direction: 'band', target: 1, start: 0 });
  });

  it('derives possible ranges from units', () => {
    expect(rangeOfUnit('Percentage')).toEqual({ min: 0, max: 100 });
    expect(rangeOfUnit('% of households')).toEqual({ min: 0, max: 100 });
    expect(rangeOfUnit("Yes / No (per principle; 'partial' allowed)")).toEqual({ min: 0, max: 1 });
    expect(rangeOfUnit('Coefficient (0-1)')).toEqual({ min: 0, max: 1 });
    expect(rangeOfUnit('Minutes')).toEqual({ min: 0, max: null });
    expect(kpi('EC-ICT-ICT-1C').possible).toEqual({ min: 0, max: 100 });
    expect(kpi('SC-SH-SI-2C').possible).toEqual({ min: 0, max: 1 });
    expect(kpi('SC-SH-SI-1C').possible).toEqual({ min: 0, max: null });
    expect(kpi('EC-ICT-PS-1A').dataPoints.map((d) => d.possible)).toEqual([
      { min: 0, max: 100 },
      { min: 0, max: null },
    ]);
    expect(kpi('EC-ICT-PS-1A').possible).toEqual({ min: 0, max: null });
    expect(kpi('SC-EH-ED-2C').possible).toEqual({ min: 0, max: null }); // gross enrolment can pass 100 %
    expect(kpi('SC-EH-H-1C').possible).toEqual({ min: 0, max: 125 }); // no one lives 500 years
  });
});

describe('possible and plausible ranges', () => {
  const items = catalogue.kpis.flatMap((k) => [{ where: k.code, unit: k.unit, item: k as ItemRanges }, ...k.dataPoints.map((d) => ({ where: `${k.code} / ${d.key}`, unit: d.unit, item: d as ItemRanges }))]);
  const isRange = (r: ValueRange | undefined): boolean =>
    r !== undefined && Number.isFinite(r.min) && (r.max === null || (Number.isFinite(r.max) && r.max >= r.min));

  it('gives every KPI and every data point both ranges and where they come from', () => {
    expect(items).toHaveLength(91 + 28); // 91 KPIs, 28 data points
    for (const { where, item } of items) {
      expect({ where, possible: isRange(item.possible), plausible: isRange(item.plausible), source: item.rangeSource.trim().length > 20 }).toEqual({
        where,
        possible: true,
        plausible: true,
        source: true,
      });
    }
  });

  it('keeps each plausible range bounded and inside its possible range, never below 0', () => {
    for (const { where, item } of items) {
      const { possible, plausible } = item;
      const inside = plausible.min >= possible.min && plausible.max !== null && (possible.max === null || plausible.max <= possible.max);
      expect({ where, inside, nonNegative: possible.min >= 0 }).toEqual({ where, inside: true, nonNegative: true });
    }
  });

  it('keeps every default target within the plausible range of its item', () => {
    for (const item of catalogue.kpis.flatMap((k): (ItemRanges & { code: string; target: number | null })[] => (k.dataPoints.length > 0 ? k.dataPoints.map((d) => ({ ...d, code: `${k.code} / ${d.key}` })) : [k]))) {
      if (item.target === null) continue;
      const { min, max } = item.plausible;
      expect({ code: item.code, ok: item.target >= min && (max === null || item.target <= max) }).toEqual({ code: item.code, ok: true });
    }
  });

  it('says where the bounds of units without an upper bound come from, KPI by KPI', () => {
    expect(kpi('SC-EH-H-1C')).toMatchObject({ plausible: { min: 40, max: 95 }, rangeSource: expect.stringMatching(/World Population Prospects/) });
    expect(kpi('EN-EN-AQ-1C').dataPoints.find((d) => d.key === 'pm2-5')).toMatchObject({ plausible: { min: 0, max: 250 }, rangeSource: expect.stringMatching(/WHO/) });
    expect(kpi('EC-ICT-ICT-1C')).toMatchObject({ plausible: { min: 0, max: 100 }, rangeSource: expect.stringMatching(/share/) });
    expect(kpi('EN-EN-AQ-1C')).toMatchObject({ possible: { min: 0, max: null }, plausible: { min: 0, max: 1000 } });
  });

  it('refuses to build a catalogue with a unit without upper bound that RANGES does not cover', () => {
    expect(() => rangesOf('XX: 1C', 'Number of things')).toThrow(/give its plausible range in RANGES/);
  });
});

describe('open points of the reference, resolved in the data', () => {
  it('keeps Wi-Fi in public areas advanced, with 5C as an alternative code', () => {
    const wifi = kpi('EC-ICT-ICT-5A');
    expect(wifi).toMatchObject({ type: 'advanced', altCodes: ['EC: ICT: ICT: 5C'], target: null });
    expect(wifi.resolution).toMatch(/54 core, 37/);
    expect(findKpi(catalogue, 'EC: ICT: ICT: 5C')).toBe(wifi);
  });

  it('explains every low-confidence record and every code oddity', () => {
    const open = catalogue.kpis.filter(
      (k) => k.confidence === 'low' || k.altCodes.length > 0 || ['SC-EH-ED-1C', 'EN-EN-WS-4C'].includes(k.code),
    );
    expect(open.filter((k) => k.confidence === 'low')).toHaveLength(15);
    for (const k of open) expect(k.resolution).toEqual(expect.any(String));
  });

  it('drops the KS typo alternative code of Wastewater Treatment: it is Freshwater Consumption', () => {
    expect(kpi('EN-EN-WS-4C').altCodes).toEqual([]);
    expect(findKpi(catalogue, 'EN: EN: WS: 3C')?.name).toBe('Freshwater Consumption');
  });

  it('finds a KPI by its official spelling, URL-safe code or alternative code', () => {
    expect(findKpi(catalogue, 'SC: EH: ED:1C')?.officialCode).toBe('SC: EH: ED: 1C');
    expect(findKpi(catalogue, 'SC: EH: H: 6A')?.code).toBe('SC-EH-ED-5A');
    expect(findKpi(catalogue, 'SC-EH-ED-5A')?.category).toBe('Health');
    expect(findKpi(catalogue, 'XX: 1C')).toBeUndefined();
  });
});
