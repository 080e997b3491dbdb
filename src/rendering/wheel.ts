/**
 * The benchmarking wheel: the city at the centre, then rings of dimensions, sub-dimensions and
 * KPIs (one segment per single-value KPI or data point), each segment in its band. The geometry
 * is computed here, in plain TypeScript, so that the `wheel` partial only draws what it is given.
 * A segment's angle is proportional to the items it holds, so the rings nest.
 */
import type { Catalogue } from '../kpis/catalogue/catalogue';
import { BANDS, type Band, type Scorecard } from '../scoring/engine/types';
import { bandStyle } from './format';

export type WheelRing = 'dimension' | 'subdimension' | 'kpi';

export interface WheelSegment {
  ring: WheelRing;
  name: string;
  band: Band;
  /** The SVG path of the annular sector. */
  d: string;
  /** Where the mark or label goes: the middle of the sector. */
  x: number;
  y: number;
  /** Printed in the segment: the name where it fits (dimensions), else the band's mark. */
  text: string;
  /** Font size that fits the segment. */
  fontSize: number;
  /** Read out by screen readers and shown on hover. */
  title: string;
  fill: string;
  ink: string;
  pattern: string;
}

export interface Wheel {
  size: number;
  centre: number;
  centreLabel: string;
  /** Font size that fits the label in the hole (a long city name gets smaller type). */
  centreFontSize: number;
  segments: WheelSegment[];
  /** One line per band with how many KPI items fall in it. */
  counts: { band: Band; label: string; items: number }[];
}

export interface WheelItem {
  code: string;
  dataPoint: string | null;
  name: string;
  band: Band;
}

interface Group {
  name: string;
  band: Band;
  subdimensions: { name: string; band: Band; items: WheelItem[] }[];
}

const SIZE = 560;
const C = SIZE / 2;
const RADII: Record<WheelRing | 'hole', [number, number]> = {
  hole: [0, 62],
  dimension: [62, 122],
  subdimension: [122, 188],
  kpi: [188, 270],
};

const round = (n: number): number => Math.round(n * 100) / 100;
const point = (r: number, angle: number): string => `${round(C + r * Math.cos(angle))} ${round(C + r * Math.sin(angle))}`;

/** An annular sector from angle a0 to a1 (radians, 0 = top, clockwise), drawn as two half-arcs so a full ring works too. */
export function sectorPath(rIn: number, rOut: number, a0: number, a1: number): string {
  const s = a0 - Math.PI / 2;
  const e = a1 - Math.PI / 2;
  const m = (s + e) / 2;
  return [
    `M ${point(rOut, s)}`,
    `A ${rOut} ${rOut} 0 0 1 ${point(rOut, m)}`,
    `A ${rOut} ${rOut} 0 0 1 ${point(rOut, e)}`,
    `L ${point(rIn, e)}`,
    `A ${rIn} ${rIn} 0 0 0 ${point(rIn, m)}`,
    `A ${rIn} ${rIn} 0 0 0 ${point(rIn, s)}`,
    'Z',
  ].join(' ');
}

function segment(ring: WheelRing, name: string, band: Band, a0: number, a1: number, title: string): WheelSegment {
  const [rIn, rOut] = RADII[ring];
  const mid = (a0 + a1) / 2 - Math.PI / 2;
  const r = (rIn + rOut) / 2;
  const style = bandStyle(band);
  const arc = (a1 - a0) * r;
  const fontSize = ring === 'kpi' ? Math.min(10, Math.max(6, arc * 0.7)) : ring === 'subdimension' ? 11 : 12;
  const text = ring === 'dimension' && arc > name.length * 6.5 ? name : style.mark;
  return {
    ring,
    name,
    band,
    d: sectorPath(rIn, rOut, a0, a1),
    x: round(C + r * Math.cos(mid)),
    y: round(C + r * Math.sin(mid)),
    text,
    fontSize: round(fontSize),
    title: `${title}: ${style.label}`,
    fill: style.colour,
    ink: style.ink,
    pattern: style.pattern,
  };
}

/** The wheel of grouped items; angles proportional to item counts. */
export function buildWheel(centreLabel: string, groups: readonly Group[]): Wheel {
  const total = groups.reduce((n, g) => n + g.subdimensions.reduce((m, s) => m + s.items.length, 0), 0);
  const segments: WheelSegment[] = [];
  const step = total > 0 ? (2 * Math.PI) / total : 0;
  let at = 0;
  for (const g of groups) {
    const start = at;
    for (const s of g.subdimensions) {
      const subStart = at;
      for (const item of s.items) {
        const label = item.dataPoint ? `${item.code} ${item.name} (${item.dataPoint})` : `${item.code} ${item.name}`;
        segments.push(segment('kpi', label, item.band, at, at + step, label));
        at += step;
      }
      if (at > subStart) segments.push(segment('subdimension', s.name, s.band, subStart, at, `${g.name} / ${s.name}`));
    }
    if (at > start) segments.push(segment('dimension', g.name, g.band, start, at, g.name));
  }
  const items = segments.filter((s) => s.ring === 'kpi');
  return {
    size: SIZE,
    centre: C,
    centreLabel,
    centreFontSize: round(Math.max(6, Math.min(13, 112 / Math.max(1, centreLabel.length * 0.58)))),
    segments,
    counts: BANDS.map((band) => ({ band, label: bandStyle(band).label, items: items.filter((s) => s.band === band).length })),
  };
}

/** The wheel of a scorecard: the catalogue gives each item's dimension and sub-dimension, the scorecard their bands. */
export function wheelOf(centreLabel: string, scorecard: Pick<Scorecard, 'kpis' | 'dimensions' | 'subdimensions'>, catalogue: Catalogue): Wheel {
  const kpiByCode = new Map(catalogue.kpis.map((k) => [k.code, k]));
  const bandOf = (rows: readonly { name: string | number; band: Band }[], name: string): Band =>
    rows.find((r) => String(r.name) === name)?.band ?? 'no_data';
  const groups: Group[] = [];
  for (const row of scorecard.kpis) {
    const kpi = kpiByCode.get(row.code);
    if (!kpi) continue;
    let g = groups.find((x) => x.name === kpi.dimension);
    if (!g) groups.push((g = { name: kpi.dimension, band: bandOf(scorecard.dimensions, kpi.dimension), subdimensions: [] }));
    let s = g.subdimensions.find((x) => x.name === kpi.subdimension);
    if (!s) g.subdimensions.push((s = { name: kpi.subdimension, band: bandOf(scorecard.subdimensions, kpi.subdimension), items: [] }));
    const label = row.dataPoint ? (kpi.dataPoints.find((d) => d.key === row.dataPoint)?.label ?? row.dataPoint) : null;
    s.items.push({ code: kpi.officialCode, dataPoint: label, name: kpi.name, band: row.band });
  }
  return buildWheel(centreLabel, groups);
}
