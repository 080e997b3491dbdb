/**
 * The U4SSC KPI catalogue as versioned data: `u4ssc-2022.catalogue.json`, written by
 * `build-catalogue.ts` from the reference files, read here. Pure TypeScript, no framework.
 */
import { DIRECTIONS, KPI_TYPES, type Direction, type KpiType, type ValueRange } from '../../scoring/engine/types';
import { urlSafeCode } from './codes';
import edition2022 from './u4ssc-2022.catalogue.json';

export type { Direction, KpiType, ValueRange };
export { dataPointKey, urlSafeCode } from './codes';

/**
 * The values a KPI or data point can take. `possible`: outside it a value cannot be right, and is
 * refused. `plausible` (within `possible`): outside it a value is accepted with a warning for the
 * verifier. `rangeSource`: where the bounds come from.
 */
export interface ItemRanges {
  possible: ValueRange;
  plausible: ValueRange;
  rangeSource: string;
}

/** How well a record is sourced (see the reference's `about`). */
export type Confidence = 'high' | 'medium' | 'low';

export interface CatalogueDataPoint extends ItemRanges {
  /** URL-safe, unique within its KPI: "PM2.5" → "pm2-5". */
  key: string;
  /** As the reference writes it: "PM2.5". */
  label: string;
  direction: Direction;
  target: number | null;
  start: number | null;
  targetSource: string;
  targetConfidence: Confidence;
  targetNote: string;
  /** The unit the target is stated in, e.g. "µg/m³, annual mean". */
  unit: string;
}

export interface CatalogueKpi extends ItemRanges {
  /** URL-safe form of the official code: "EC-ICT-ICT-1C". */
  code: string;
  /** "EC: ICT: ICT: 1C". */
  officialCode: string;
  /** Other codes seen for this KPI elsewhere, accepted by `findKpi`. */
  altCodes: string[];
  name: string;
  definition: string;
  dimension: string;
  subdimension: string;
  category: string;
  type: KpiType;
  /** Smart / Sustainable / Structural; null where the source gives none. */
  typeClass: string | null;
  unit: string;
  sdgs: number[];
  sdgRefs: string[];
  confidence: Confidence;
  /** `[]` for a single-value KPI. */
  dataPoints: CatalogueDataPoint[];
  /** With data points: their common direction, or 'higher' when they differ. */
  direction: Direction;
  /** With data points: null (each data point has its own), as are the other target fields. */
  target: number | null;
  start: number | null;
  targetSource: string | null;
  targetConfidence: Confidence | null;
  targetNote: string | null;
  /** The unit the target is stated in, e.g. "% of households". */
  targetUnit: string | null;
  /** How an open point of the reference was settled for this record. */
  resolution?: string;
}

export interface Catalogue {
  edition: string;
  source: string;
  kpis: CatalogueKpi[];
}

const isDirection = (d: string) => (DIRECTIONS as readonly string[]).includes(d);
const isKpiType = (t: string) => (KPI_TYPES as readonly string[]).includes(t);

interface UncheckedCatalogue {
  kpis: readonly { type: string; direction: string; dataPoints: readonly { direction: string }[] }[];
}

/** JSON cannot type the enumerations: check them. */
function hasKnownEnumerations(data: UncheckedCatalogue): boolean {
  return data.kpis.every(
    (k) =>
      isKpiType(k.type) &&
      isDirection(k.direction) &&
      k.dataPoints.every((d) => isDirection(d.direction)),
  );
}

/** The 2022 edition (91 KPIs: 54 core, 37 advanced). Shared: do not mutate. */
export function loadCatalogue(): Catalogue {
  if (!hasKnownEnumerations(edition2022)) {
    throw new Error('u4ssc-2022.catalogue.json: unknown KPI type or direction');
  }
  return edition2022 as Catalogue;
}

/** A KPI by its URL-safe code, official code (any spacing) or one of its alternative codes. */
export function findKpi(catalogue: Catalogue, anyCode: string): CatalogueKpi | undefined {
  const code = urlSafeCode(anyCode);
  return (
    catalogue.kpis.find((k) => k.code === code) ??
    catalogue.kpis.find((k) => k.altCodes.some((alt) => urlSafeCode(alt) === code))
  );
}
