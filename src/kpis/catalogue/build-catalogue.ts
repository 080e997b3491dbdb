/**
 * Writes `u4ssc-2022.catalogue.json` from the reference files in `./reference/` (copies of
 * /work/shared/reference/u4ssc-kpis.json and u4ssc-targets.json). Re-run from the repository root:
 *
 *   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,{jsc:{parser:{syntax:'typescript'},target:'es2022'},module:{type:'commonjs'}}).code,f);require('./src/kpis/catalogue/build-catalogue.ts').main()"
 *
 * and commit the JSON. `catalogue.spec.ts` fails when the committed JSON differs from what this
 * script builds. Judgement calls on the data are in RESOLUTIONS and RANGE_EXCEPTIONS below, and
 * land in each record's `resolution`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Direction, ValueRange } from '../../scoring/engine/types';
import type { Catalogue, CatalogueDataPoint, CatalogueKpi, Confidence } from './catalogue';
import { dataPointKey, urlSafeCode } from './codes';

export interface ReferenceKpi {
  code: string;
  official_code?: string;
  alt_codes?: string[];
  name: string;
  definition: string;
  dimension: string;
  subdimension: string;
  category: string;
  type: string;
  type_class: string;
  unit: string;
  sdgs: number[];
  sdg_refs_official: string[] | null;
  confidence: string;
  data_series?: string[];
}

export interface ReferenceTarget {
  code: string;
  dataPoint: string | null;
  direction: string;
  target: number | null;
  start: number | null;
  unit: string;
  targetSource: string;
  confidence: string;
  note: string;
}

export const EDITION = '2022';

export const SOURCE =
  'U4SSC KPIs for smart sustainable cities (Recommendation ITU-T Y.4903/L.1603) as counted by the 2022 U4SSC ' +
  'verification material: 91 KPIs, 54 core and 37 advanced (the programme brochure says 92: 54 + 38; not followed). ' +
  'Records from reference/u4ssc-kpis.json; default targets from reference/u4ssc-targets.json, proposals with their ' +
  'sources, because U4SSC does not publish its benchmark values.';

const INFERRED =
  'Low confidence: no official KPI page was found, so the definition is inferred from the name and the unit comes ' +
  'from the Trondheim dashboard generator. Kept as the reference has it: name, code, and the type given by the code ' +
  'suffix (C core, A advanced), which is what makes the 2022 count of 54 core / 37 advanced add up.';

const SPACING =
  'The official publication prints this code without a space before the number; officialCode is normalised to the ' +
  'spacing of every other code, and urlSafeCode gives the same code from either spelling.';

/** How each open point of the reference is settled (keyed by the reference code). */
const RESOLUTIONS: Partial<Record<string, string>> = {
  'EC: ICT: ICT: 5A':
    'Core/advanced conflict: the KS vocabulary codes this KPI 5A (advanced), the Trondheim dashboard 5C (core). Kept ' +
    'advanced, code EC: ICT: ICT: 5A: only then do the totals match the 2022 verification material (54 core, 37 ' +
    'advanced; 5C would give 55/36). The choice moves completeness, not scores: U4SSC shows no benchmark for this ' +
    "KPI ('N/A', Karmøy VR 2020), so it is no_target. 'EC: ICT: ICT: 5C' is kept as an alternative code for imports. " +
    'The unit (a count of hotspots) and the definition come from the dashboard, hence the low confidence.',
  'EC: P: IN: 3A': `${INFERRED} The share's denominator is unconfirmed; no default target (direction ambiguous).`,
  'EC: P: EM: 2C':
    `${INFERRED} Read like Unemployment Rate (EC: P: EM: 1C, official page): a percentage, lower is better; ` +
    'default target 10 % from a start of 50 % (judgement).',
  'EC: P: EM: 3A': `${INFERRED} Percentage of city employment; no default target (direction ambiguous).`,
  'EC: P: EM: 4A': `${INFERRED} Percentage of city employment; no default target.`,
  'EC: I: WS: 3C':
    `${INFERRED} The percentage unit is corroborated by the Karmøy VR 2020 (35.42 %); lower is better, ` +
    'default target 10 % from a start of 50 % (judgement).',
  'EC: I: WS: 4C': `${INFERRED} Percentage of households (reported in the Karmøy VR 2020); default target 100 %.`,
  'EC: I: T: 6A': `${INFERRED} Number per 100 000 inhabitants; no default target.`,
  'EC: I: T: 7A': `${INFERRED} Number per 100 000 inhabitants; no default target.`,
  'EC: I: T: 8A': `${INFERRED} Percentage of the passenger fleet; default target 100 % (judgement).`,
  'EN: EN: WS: 4C':
    "The alternative code 'EN: EN: WS: 3C' (a typo in the KS vocabulary) is the code of Freshwater Consumption, " +
    'so it is not kept as an alternative code: it would be ambiguous.',
  'EN: EN: PSN: 1C':
    `${INFERRED} The area unit is assumed to be hectares: values are hectares per 100 000 inhabitants; ` +
    'no default target.',
  'EN: E: E: 1C': `${INFERRED} Percentage of final energy consumption; default target 42.5 % (EU 2030).`,
  'SC: EH: ED: 1C': SPACING,
  'SC: EH: ED: 2C':
    `${SPACING} Gross enrolment ratios can exceed 100 %, so the plausible range has no upper bound; ` +
    'values of 100 or more reach the target.',
  'SC: EH: ED: 5A':
    'The official 2017 code uses ED (Education) though the KPI sits in the Health category: the official code is ' +
    "kept and the KPI is filed under Health. 'SC: EH: H: 6A' (Trondheim Airtable, KS vocabulary) is kept as an " +
    'alternative code for imports.',
  'SC: EH: H: 1C': `${SPACING} ${INFERRED} Years at birth; default target 85 from a start of 50 (judgement).`,
  'SC: EH: H: 3C': `${SPACING} ${INFERRED} Number per 100 000 inhabitants; default target 370 (OECD average).`,
  'SC: EH: H: 5A': `${INFERRED} Percentage of the population; default target 100 % (SDG 3.8).`,
  'SC: SH: SA: 2C':
    'Losses in a disaster year can exceed the city GDP of that year, so the plausible range of this percentage ' +
    'has no upper bound.',
};

/** Percentages that can exceed 100 (each explained in RESOLUTIONS). */
const RANGE_EXCEPTIONS: Partial<Record<string, ValueRange>> = {
  'SC: EH: ED: 2C': { min: 0, max: null },
  'SC: SH: SA: 2C': { min: 0, max: null },
};

const DIRECTIONS: Record<string, Direction> = { higher: 'higher', lower: 'lower', target_band: 'band' };
const CONFIDENCES: readonly string[] = ['high', 'medium', 'low'];

function fail(message: string): never {
  throw new Error(`build-catalogue: ${message}`);
}

const confidence = (value: string, where: string): Confidence =>
  CONFIDENCES.includes(value) ? (value as Confidence) : fail(`${where}: unknown confidence "${value}"`);

const direction = (value: string, where: string): Direction =>
  DIRECTIONS[value] ?? fail(`${where}: unknown direction "${value}"`);

/** Percentages 0–100, yes/no and coefficients 0–1, anything else from 0 without upper bound. */
export function rangeOfUnit(unit: string): ValueRange {
  if (/yes\s*\/\s*no|coefficient/i.test(unit)) return { min: 0, max: 1 };
  if (/^\s*(percentage|%)/i.test(unit)) return { min: 0, max: 100 };
  return { min: 0, max: null };
}

const sameRange = (a: ValueRange, b: ValueRange): boolean => a.min === b.min && a.max === b.max;

/** The smallest range holding all of them. */
function unionRange(ranges: readonly ValueRange[]): ValueRange {
  const maxima = ranges.map((r) => r.max);
  return {
    min: Math.min(...ranges.map((r) => r.min)),
    max: maxima.some((m) => m === null) ? null : Math.max(...maxima.map((m) => m ?? 0)),
  };
}

/** A single-value KPI: its unit and its target's unit must say the same range. */
function singleRange(ref: ReferenceKpi, row: ReferenceTarget): ValueRange {
  const range = rangeOfUnit(ref.unit);
  if (!sameRange(range, rangeOfUnit(row.unit))) fail(`${ref.code}: units "${ref.unit}" and "${row.unit}" disagree`);
  return range;
}

function dataPoint(ref: ReferenceKpi, label: string, row: ReferenceTarget): CatalogueDataPoint {
  const where = `${ref.code} / ${label}`;
  return {
    key: dataPointKey(label),
    label,
    direction: direction(row.direction, where),
    target: row.target,
    start: row.start,
    targetSource: row.targetSource,
    targetConfidence: confidence(row.confidence, where),
    targetNote: row.note,
    unit: row.unit,
    range: rangeOfUnit(row.unit),
  };
}

/** The direction all data points share, or 'higher' when they differ. */
function commonDirection(points: readonly CatalogueDataPoint[]): Direction {
  return new Set(points.map((d) => d.direction)).size === 1 ? points[0].direction : 'higher';
}

/** Alternative codes without their comment; one that is another KPI's code is dropped (see RESOLUTIONS). */
function altCodes(ref: ReferenceKpi, codes: ReadonlySet<string>): string[] {
  return (ref.alt_codes ?? [])
    .map((alt) => alt.replace(/\(.*\)/, '').trim())
    .filter((alt) => !codes.has(urlSafeCode(alt)));
}

function kpiRecord(ref: ReferenceKpi, rows: readonly ReferenceTarget[], codes: ReadonlySet<string>): CatalogueKpi {
  const series = ref.data_series ?? [];
  const rowFor = (label: string | null): ReferenceTarget =>
    rows.find((r) => r.dataPoint === label) ?? fail(`${ref.code}: no target row for ${label ?? 'the KPI'}`);
  if (rows.length !== Math.max(series.length, 1)) fail(`${ref.code}: ${rows.length} target rows`);
  if (ref.official_code !== undefined && urlSafeCode(ref.official_code) !== urlSafeCode(ref.code)) {
    fail(`${ref.code}: official code ${ref.official_code} differs`);
  }
  if (ref.type !== 'core' && ref.type !== 'advanced') fail(`${ref.code}: unknown type ${ref.type}`);

  const dataPoints = series.map((label) => dataPoint(ref, label, rowFor(label)));
  const single = series.length === 0 ? rowFor(null) : null;
  const record: CatalogueKpi = {
    code: urlSafeCode(ref.code),
    officialCode: ref.code,
    altCodes: altCodes(ref, codes),
    name: ref.name,
    definition: ref.definition,
    dimension: ref.dimension,
    subdimension: ref.subdimension,
    category: ref.category,
    type: ref.type,
    typeClass: ref.type_class,
    unit: ref.unit,
    sdgs: ref.sdgs,
    sdgRefs: ref.sdg_refs_official ?? [],
    confidence: confidence(ref.confidence, ref.code),
    dataPoints,
    direction: single ? direction(single.direction, ref.code) : commonDirection(dataPoints),
    target: single?.target ?? null,
    start: single?.start ?? null,
    targetSource: single?.targetSource ?? null,
    targetConfidence: single ? confidence(single.confidence, ref.code) : null,
    targetNote: single?.note ?? null,
    targetUnit: single?.unit ?? null,
    range: RANGE_EXCEPTIONS[ref.code] ?? (single ? singleRange(ref, single) : unionRange(dataPoints.map((d) => d.range))),
  };
  const resolution = RESOLUTIONS[ref.code];
  const open = ref.confidence === 'low' || ref.alt_codes !== undefined || ref.official_code !== undefined;
  if (open && resolution === undefined) fail(`${ref.code} has an open point and no resolution`);
  return resolution === undefined ? record : { ...record, resolution };
}

/** The catalogue from the reference records and target rows; fails on any row it cannot place. */
export function buildCatalogue(kpis: readonly ReferenceKpi[], targets: readonly ReferenceTarget[]): Catalogue {
  const codes = new Set(kpis.map((k) => urlSafeCode(k.code)));
  if (codes.size !== kpis.length) fail('two KPIs share a URL-safe code');
  const unknown = targets.filter((t) => !kpis.some((k) => k.code === t.code));
  if (unknown.length > 0) fail(`target rows for unknown KPIs: ${unknown.map((t) => t.code).join(', ')}`);
  const unused = Object.keys({ ...RESOLUTIONS, ...RANGE_EXCEPTIONS }).filter((c) => !kpis.some((k) => k.code === c));
  if (unused.length > 0) fail(`resolutions for unknown KPIs: ${unused.join(', ')}`);
  return {
    edition: EDITION,
    source: SOURCE,
    kpis: kpis.map((k) => kpiRecord(k, targets.filter((t) => t.code === k.code), codes)),
  };
}

export function readReference(dir = join(__dirname, 'reference')): {
  kpis: ReferenceKpi[];
  targets: ReferenceTarget[];
} {
  const read = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const { kpis } = read('u4ssc-kpis.json') as { kpis: ReferenceKpi[] };
  const { targets } = read('u4ssc-targets.json') as { targets: ReferenceTarget[] };
  return { kpis, targets };
}

export function main(): void {
  const { kpis, targets } = readReference();
  const catalogue = buildCatalogue(kpis, targets);
  const file = join(__dirname, `u4ssc-${EDITION}.catalogue.json`);
  writeFileSync(file, `${JSON.stringify(catalogue, null, 2)}\n`);
  console.log(`wrote ${file}: ${catalogue.kpis.length} KPIs`);
}
