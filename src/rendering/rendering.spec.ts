import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../kpis/catalogue/catalogue';
import { buildScorecard } from '../scoring/engine';
import { BANDS } from '../scoring/engine/types';
import { BAND_STYLES, formatDate, formatNumber, formatShare, humanise, safeLocale } from './format';
import { templatesDirectory } from './template-renderer';
import { buildWheel, sectorPath, wheelOf } from './wheel';

/** Relative luminance and contrast ratio (WCAG 2). */
const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('band styles', () => {
  it('give every band a label and a mark of its own, and text that contrasts with its fill (WCAG AA)', () => {
    const labels = new Set(BANDS.map((b) => BAND_STYLES[b].label));
    const marks = new Set(BANDS.map((b) => BAND_STYLES[b].mark));
    expect(labels.size).toBe(BANDS.length);
    expect(marks.size).toBe(BANDS.length);
    for (const band of BANDS) expect(contrast(BAND_STYLES[band].colour, BAND_STYLES[band].ink)).toBeGreaterThanOrEqual(4.5);
  });

  it('tell the four scored bands apart without colour: each has its own pattern', () => {
    const scored = ['reached', 'above_two_thirds', 'one_to_two_thirds', 'below_one_third'] as const;
    expect(new Set(scored.map((b) => BAND_STYLES[b].pattern)).size).toBe(4);
  });
});

describe('formatting for a locale', () => {
  it('writes numbers, shares and dates the locale’s way, and a dash for none', () => {
    expect(formatNumber(12345.678, 'en-GB')).toBe('12,345.68');
    expect(formatNumber(12345.678, 'de-DE')).toBe('12.345,68');
    expect(formatNumber(12345.678, 'en-GB', 0)).toBe('12,346');
    expect(formatNumber(null, 'en-GB')).toBe('–');
    expect(formatNumber(Number.NaN, 'en-GB')).toBe('–');
    expect(formatShare(0.456, 'en-GB')).toBe('46%');
    expect(formatDate('2026-03-12', 'en-GB')).toBe('12 Mar 2026');
    expect(formatDate('not a date', 'en-GB')).toBe('–');
    expect(humanise('above_two_thirds')).toBe('Above two thirds');
  });

  it('never trusts a locale from a URL', () => {
    expect(safeLocale('fr-FR')).toBe('fr-FR');
    expect(safeLocale('../../etc/passwd')).toBe('en-GB');
    expect(safeLocale('x'.repeat(500))).toBe('en-GB');
    expect(safeLocale(undefined)).toBe('en-GB');
  });
});

describe('the benchmarking wheel', () => {
  const catalogue = loadCatalogue();
  const items = catalogue.kpis.reduce((n, k) => n + Math.max(1, k.dataPoints.length), 0);

  it('has one segment per dimension, sub-dimension and scored item, each segment the band of its row', () => {
    const scorecard = buildScorecard({ kpis: catalogue.kpis, values: [{ code: catalogue.kpis[0].code, dataPoint: null, value: 1e9, status: 'verified' }] });
    const wheel = wheelOf('Oslo', scorecard, catalogue);
    const ring = (r: string) => wheel.segments.filter((s) => s.ring === r);
    expect(ring('kpi')).toHaveLength(items);
    expect(ring('dimension').map((s) => s.name)).toEqual([...new Set(catalogue.kpis.map((k) => k.dimension))]);
    expect(ring('subdimension')).toHaveLength(new Set(catalogue.kpis.map((k) => `${k.dimension}/${k.subdimension}`)).size);
    for (const s of ring('dimension')) expect(s.band).toBe(scorecard.dimensions.find((d) => d.name === s.name)?.band);
    const first = ring('kpi')[0];
    expect(first.band).toBe(scorecard.kpis[0].band);
    expect(first.title).toContain(catalogue.kpis[0].officialCode);
    expect(wheel.counts.reduce((n, c) => n + c.items, 0)).toBe(items);
  });

  it('nests its rings: a dimension spans exactly the angles of its items', () => {
    const wheel = buildWheel('City', [
      { name: 'A', band: 'reached', subdimensions: [{ name: 'a1', band: 'reached', items: [{ code: '1', dataPoint: null, name: 'one', band: 'reached' }] }] },
      {
        name: 'B',
        band: 'no_data',
        subdimensions: [{ name: 'b1', band: 'no_data', items: [1, 2, 3].map((i) => ({ code: `${i}`, dataPoint: null, name: 'x', band: 'no_data' as const })) }],
      },
    ]);
    const b = wheel.segments.find((s) => s.ring === 'dimension' && s.name === 'B')!;
    // B holds 3 of 4 items: it starts a quarter of the way round (3 o'clock) and ends at the top.
    const [x, y] = b.d.split(' ').slice(1, 3).map(Number);
    expect(y).toBeCloseTo(wheel.centre, 6);
    expect(x).toBeGreaterThan(wheel.centre);
  });

  it('draws a full ring as two half arcs (one arc cannot start and end at the same point)', () => {
    const d = sectorPath(10, 20, 0, 2 * Math.PI);
    expect(d.match(/A /g)).toHaveLength(4);
    expect(d).not.toContain('NaN');
  });
});

describe('templates', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.hbs') ? [join(dir, n)] : []));

  it('never print a value unescaped: no triple-stash anywhere', () => {
    const offenders = files(templatesDirectory()).filter((f) => /\{\{\{|\{\{&/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
