/**
 * Writes `u4ssc-2022.catalogue.json` from the reference files in `./reference/` (copies of
 * /work/shared/reference/u4ssc-kpis.json and u4ssc-targets.json). Re-run from the repository root:
 *
 *   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('@swc/core').transformFileSync(f,{jsc:{parser:{syntax:'typescript'},target:'es2022'},module:{type:'commonjs'}}).code,f);require('./src/kpis/catalogue/build-catalogue.ts').main()"
 *
 * and commit the JSON. `catalogue.spec.ts` fails when the committed JSON differs from what this
 * script builds. Judgement calls on the data are in RESOLUTIONS and RANGE_EXCEPTIONS below, and
 * land in each record's `resolution`; value ranges and their sources are in RANGES (`possible`, `plausible`,
 * `rangeSource` on every KPI and data point).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Direction, ValueRange } from '../../scoring/engine/types';
import type { Catalogue, CatalogueDataPoint, CatalogueKpi, Confidence, ItemRanges } from './catalogue';
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
    `${SPACING} Gross enrolment ratios can exceed 100 %, so the possible range has no upper bound; ` +
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

/**
 * Value ranges. `possible`: outside it a value cannot be right (a negative count, a share above
 * 100 %, a life expectancy beyond the longest human life) and is refused. `plausible`: outside it a
 * value is accepted with a warning for the verifier. The unit gives both for shares (0–100 %) and
 * yes/no scales (0–1); every other unit has no upper bound of its own, so each such KPI or data
 * point is listed here, with where its bounds come from. Keys: the reference code, and for a data
 * point `code / label`. Bounds are deliberately wide: the widest values seen in the cited series
 * (national figures, widened for cities, which vary more), so that a warning means "look again".
 */
interface RangeRule {
  plausible: ValueRange;
  /** Only where the unit's own range (see `rangeOfUnit`) is not the possible one. */
  possible?: ValueRange;
  source: string;
}

const RANGES: Partial<Record<string, RangeRule>> = {
  // Shares whose plausible range is narrower than 0–100 %.
  'EC: P: IN: 1C': {
    plausible: { min: 0, max: 10 },
    source: 'OECD Main Science and Technology Indicators: the highest national R&D intensity is about 6 % of GDP (Israel, Korea); 10 % leaves room for research cities.',
  },
  'EC: P: EM: 1C': {
    plausible: { min: 0, max: 50 },
    source: 'ILOSTAT: the highest national unemployment rates are about 30–35 % (e.g. South Africa); 50 % leaves room for a city in crisis.',
  },
  'EC: P: EM: 2C': {
    plausible: { min: 0, max: 80 },
    source: 'ILOSTAT: the highest national youth unemployment rates are about 60 % (e.g. South Africa, Djibouti); 80 % for a city.',
  },
  'EC: I: WS: 3C': {
    plausible: { min: 0, max: 80 },
    source: 'IWA / World Bank IBNET: non-revenue water of utilities ranges up to about 70 %; 80 % for a city.',
  },
  'SC: EH: ED: 4C': {
    plausible: { min: 20, max: 100 },
    source: 'UNESCO Institute for Statistics: the lowest national adult literacy rates are about 25–30 % (e.g. Niger, Chad); a city is rarely below its country.',
  },
  'SC: SH: HO: 2A': {
    plausible: { min: 0, max: 80 },
    source: 'OECD Affordable Housing Database: housing cost overburden is measured above 40 % of income; an average above 80 % of household income is implausible.',
  },
  'SC: SH: SI: 4C': {
    plausible: { min: 5, max: 100 },
    source: 'International IDEA voter turnout database: municipal elections go as low as about 10–15 %; below 5 % is implausible.',
  },
  'SC: SH: SI: 2C': {
    plausible: { min: 0.15, max: 0.75 },
    source: 'World Bank Poverty and Inequality Platform: national Gini coefficients range from about 0.24 (Slovakia) to 0.63 (South Africa); widened for cities.',
  },
  // Shares that can exceed 100 % (explained in RESOLUTIONS).
  'SC: EH: ED: 2C': {
    possible: { min: 0, max: null },
    plausible: { min: 0, max: 150 },
    source: 'UNESCO Institute for Statistics: gross enrolment ratios above 100 % are normal (over-age pupils, pupils from outside the city); the highest national ones are about 140 %.',
  },
  'SC: SH: SA: 2C': {
    possible: { min: 0, max: null },
    plausible: { min: 0, max: 100 },
    source: 'UNDRR / EM-DAT: losses in a disaster year can exceed the city GDP of that year (hence no possible upper bound), but losses above 100 % of GDP are exceptional.',
  },
  // Counts and rates.
  'EC: ICT: ICT: 3C': {
    plausible: { min: 0, max: 300_000 },
    source: 'ITU World Telecommunication/ICT Indicators: the highest national active mobile-broadband subscriptions are about 240 per 100 inhabitants (UAE); 300 per 100 for a city.',
  },
  'EC: ICT: ICT: 5A': {
    plausible: { min: 0, max: 100_000 },
    source: 'A count that grows with the city: large capitals report tens of thousands of public Wi-Fi hotspots (e.g. Seoul); 100 000 leaves room above them.',
  },
  'EC: ICT: PS: 1A / number': {
    plausible: { min: 0, max: 50_000 },
    source: 'City open-data portals list hundreds to a few thousand datasets (e.g. New York City about 3 000); 50 000 is above any city portal.',
  },
  'EC: ICT: PS: 2A': {
    plausible: { min: 0, max: 5_000 },
    source: 'Municipal e-service catalogues list tens to a few hundred services; 5 000 is above any city catalogue.',
  },
  'EC: P: IN: 2C': {
    plausible: { min: 0, max: 2_000 },
    source: 'WIPO IP Statistics: the highest national resident patent filings are about 350 per 100 000 inhabitants (Korea); patent hubs reach several times that.',
  },
  'EC: I: ES: 1C': {
    plausible: { min: 0, max: 50 },
    source: 'World Bank Doing Business (getting electricity, SAIFI): most economies report 0–20 interruptions per customer per year, the worst about 50.',
  },
  'EC: I: ES: 2C': {
    plausible: { min: 0, max: 1_440 },
    source: 'World Bank Doing Business (CAIDI): most interruptions last minutes to hours; an average above one day (1 440 minutes) is implausible.',
  },
  'EC: I: T: 1C': {
    plausible: { min: 0, max: 2_000 },
    source: 'Route length of public transport: dense European cities report a few hundred km per 100 000 inhabitants; small towns with long rural routes more.',
  },
  'EC: I: T: 3C': {
    plausible: { min: 0, max: 1_000 },
    source: 'Dutch and Danish cities, the densest bicycle networks, report about 100–400 km per 100 000 inhabitants.',
  },
  'EC: I: T: 5A': {
    plausible: { min: 1, max: 4 },
    source: 'Texas A&M Urban Mobility Report, TomTom Traffic Index: peak travel takes 1.1–2 times the free-flow time; free flow is the fastest by definition, so below 1 is implausible.',
  },
  'EC: I: T: 6A': {
    plausible: { min: 0, max: 15_000 },
    source: 'Bike-sharing fleets: European cities about 100–1 000 bicycles per 100 000 inhabitants; Chinese cities at the 2017 peak up to about 10 000.',
  },
  'EC: I: T: 7A': {
    plausible: { min: 0, max: 2_000 },
    source: 'Car-sharing fleets: the largest (e.g. Berlin, Munich) have a few hundred vehicles per 100 000 inhabitants.',
  },
  'EN: EN: AQ: 1C / PM10': {
    plausible: { min: 0, max: 600 },
    source: 'WHO Ambient Air Quality Database: the highest annual mean PM10 of cities is about 500–550 µg/m³.',
  },
  'EN: EN: AQ: 1C / PM2.5': {
    plausible: { min: 0, max: 250 },
    source: 'WHO Ambient Air Quality Database: the highest annual mean PM2.5 of cities is about 200 µg/m³.',
  },
  'EN: EN: AQ: 1C / NO2': {
    plausible: { min: 0, max: 150 },
    source: 'WHO Ambient Air Quality Database: annual mean NO2 of cities rarely exceeds 100 µg/m³.',
  },
  'EN: EN: AQ: 1C / SO2': {
    plausible: { min: 0, max: 1_000 },
    source: 'WHO Global Air Quality Guidelines (2021): 24-hour SO2 interim target 1 is 125 µg/m³; peaks near smelters reach several hundred.',
  },
  'EN: EN: AQ: 1C / O3': {
    plausible: { min: 0, max: 300 },
    source: 'WHO Global Air Quality Guidelines (2021): peak-season O3 interim target 1 is 100 µg/m³; the most polluted regions stay below about 250.',
  },
  'EN: EN: AQ: 2C': {
    plausible: { min: 0, max: 60 },
    source: 'EDGAR / World Bank: the highest national GHG emissions are about 40 t CO2e per capita (Qatar); industrial cities may exceed their country.',
  },
  'EN: EN: WS: 2C': {
    plausible: { min: 20, max: 1_000 },
    source: 'WHO: about 20 litres per person per day is basic access; the highest city consumption (e.g. some US cities) is about 500–600.',
  },
  'EN: EN: PSN: 1C': {
    plausible: { min: 0, max: 50_000 },
    source: 'Green area in hectares per 100 000 inhabitants: compact cities report tens to hundreds; forested municipalities (e.g. Oslo) thousands; 50 000 ha is 5 000 m² per inhabitant.',
  },
  'EN: EN: PSN: 4A': {
    plausible: { min: 0, max: 5_000_000 },
    source: 'The unit is not confirmed (m² or ha per 100 000 inhabitants): the bound holds 50 m² per inhabitant, so values in either unit pass.',
  },
  'EN: E: E: 2C': {
    plausible: { min: 100, max: 60_000 },
    source: 'IEA / World Bank: electricity consumption per capita ranges from about 100 kWh to about 50 000 kWh (Iceland).',
  },
  'EN: E: E: 3C': {
    plausible: { min: 0, max: 100 },
    source: 'Eurostat / IEA residential energy balances: residential thermal energy is about 5–40 GJ per capita per year in cold climates.',
  },
  'EN: E: E: 4A': {
    plausible: { min: 10, max: 1_000 },
    source: 'EU Building Stock Observatory: public buildings use about 100–400 kWh per m² per year; hospitals and pools up to about 1 000.',
  },
  'SC: EH: ED: 3C': {
    plausible: { min: 0, max: 70_000 },
    source: 'OECD Education at a Glance: at most about 60 % of adults hold a tertiary degree (Korea, Canada); per 100 000 inhabitants of all ages, 70 000 leaves room above.',
  },
  'SC: EH: H: 1C': {
    possible: { min: 0, max: 125 },
    plausible: { min: 40, max: 95 },
    source: 'Possible: no population can live longer on average than the longest verified human life (122 years). Plausible: UN World Population Prospects, national life expectancy at birth from about 50 (lowest) to 85 (highest); widened for cities.',
  },
  'SC: EH: H: 2C': {
    plausible: { min: 0, max: 1_500 },
    source: 'WHO Trends in maternal mortality 2000–2020: the highest national ratio is about 1 200 per 100 000 live births (South Sudan).',
  },
  'SC: EH: H: 3C': {
    plausible: { min: 0, max: 2_000 },
    source: 'WHO Global Health Workforce Statistics: the highest national physician density is about 850 per 100 000 (Cuba); cities with university hospitals up to about twice that.',
  },
  'SC: EH: H: 4A': {
    plausible: { min: 0, max: 3_000 },
    source: 'OECD Health Statistics: the highest national hospital-bed density is about 1 300 per 100 000 (Japan, Korea); regional hospital hubs up to about twice that.',
  },
  'SC: EH: C: 2A': {
    plausible: { min: 0, max: 500 },
    source: 'Cultural institutions (museums, theatres, libraries…): European cities report about 10–100 per 100 000 inhabitants.',
  },
  'SC: SH: SI: 1C': {
    plausible: { min: 0.3, max: 1.5 },
    source: 'ILO Global Wage Report, OECD gender wage gap: female/male earnings ratios range from about 0.4 to slightly above 1.',
  },
  'SC: SH: SA: 1C': {
    plausible: { min: 0, max: 100 },
    source: 'EM-DAT: disaster deaths are usually below 1 per 100 000 inhabitants a year; above 100 only in catastrophes (e.g. Port-au-Prince 2010), which deserve a second look.',
  },
  'SC: SH: SA: 5A': {
    plausible: { min: 1, max: 90 },
    source: 'Emergency response times: urban services target 8–15 minutes; averages above 90 minutes are implausible even in rural municipalities.',
  },
  'SC: SH: SA: 6C': {
    plausible: { min: 0, max: 1_500 },
    source: 'UNODC police personnel statistics: national rates range from about 100 to about 1 000 per 100 000 inhabitants.',
  },
  'SC: SH: SA: 7C': {
    plausible: { min: 0, max: 500 },
    source: 'CTIF World Fire Statistics: career and volunteer firefighters range up to a few hundred per 100 000 inhabitants.',
  },
  'SC: SH: SA: 8C': {
    plausible: { min: 0, max: 10_000 },
    source: 'UNODC crime statistics: recorded violent crime ranges up to a few thousand per 100 000 inhabitants.',
  },
  'SC: SH: SA: 9C': {
    plausible: { min: 0, max: 60 },
    source: 'WHO Global Status Report on Road Safety: the highest national road traffic death rates are about 35 per 100 000 inhabitants.',
  },
};

const SHARE_SOURCE = 'A share of a whole: 0–100 % by definition; any share in it is plausible.';
const YES_NO_SOURCE = 'A yes/no scale (1 = yes, 0.5 = partial, 0 = no) or a coefficient: 0–1 by definition.';

/** The possible and plausible range of one KPI or data point, from its unit and RANGES. */
export function rangesOf(where: string, unit: string): ItemRanges {
  const unitRange = rangeOfUnit(unit);
  const rule = RANGES[where];
  const possible = rule?.possible ?? unitRange;
  const plausible = rule?.plausible ?? (unitRange.max === null ? fail(`${where}: unit "${unit}" has no upper bound: give its plausible range in RANGES`) : unitRange);
  const rangeSource = rule?.source ?? (unitRange.max === 1 ? YES_NO_SOURCE : SHARE_SOURCE);
  if (plausible.max === null || (plausible.max !== null && plausible.min > plausible.max)) fail(`${where}: plausible range is not bounded`);
  if (plausible.min < possible.min || (possible.max !== null && plausible.max > possible.max)) {
    fail(`${where}: plausible range ${JSON.stringify(plausible)} is not within the possible range ${JSON.stringify(possible)}`);
  }
  return { possible, plausible, rangeSource };
}

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
function singleRanges(ref: ReferenceKpi, row: ReferenceTarget): ItemRanges {
  if (!sameRange(rangeOfUnit(ref.unit), rangeOfUnit(row.unit))) fail(`${ref.code}: units "${ref.unit}" and "${row.unit}" disagree`);
  return rangesOf(ref.code, ref.unit);
}

/** A KPI with data points: the smallest ranges holding all of theirs. */
function kpiRanges(points: readonly CatalogueDataPoint[]): ItemRanges {
  return {
    possible: unionRange(points.map((d) => d.possible)),
    plausible: unionRange(points.map((d) => d.plausible)),
    rangeSource: 'The ranges of the data points, together; each data point has its own (see dataPoints).',
  };
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
    ...rangesOf(where, row.unit),
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
    ...(single ? singleRanges(ref, single) : kpiRanges(dataPoints)),
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
  const unused = Object.keys(RESOLUTIONS).filter((c) => !kpis.some((k) => k.code === c));
  if (unused.length > 0) fail(`resolutions for unknown KPIs: ${unused.join(', ')}`);
  const items = kpis.flatMap((k) => (k.data_series ?? []).length === 0 ? [k.code] : (k.data_series ?? []).map((label) => `${k.code} / ${label}`));
  const unplaced = Object.keys(RANGES).filter((key) => !items.includes(key));
  if (unplaced.length > 0) fail(`ranges for unknown KPIs or data points: ${unplaced.join(', ')}`);
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
