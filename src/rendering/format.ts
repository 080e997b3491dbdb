/**
 * How the programme's numbers look on a page: bands as colour, pattern and words (never colour
 * alone, so a greyscale print still reads), numbers, percentages and dates for a locale. Pure
 * TypeScript; the template renderer registers these as Handlebars helpers, so that no template
 * holds arithmetic or formatting of its own.
 */
import { BANDS, type Band } from '../scoring/engine/types';

export interface BandStyle {
  /** Fill colour of a cell or segment. */
  colour: string;
  /** Text colour on that fill (contrast ≥ 4.5:1). */
  ink: string;
  /** What the band means, in the programme's words. */
  label: string;
  /** A one-character mark printed on segments too small for words (greyscale print). */
  mark: string;
  /** The SVG pattern drawn over the colour (id suffix of a pattern in the `band-patterns` partial). */
  pattern: 'solid' | 'dots' | 'lines' | 'cross' | 'blank' | 'none';
}

/** U4SSC's traffic-light convention: green reached, then lighter green, amber, red; grey without target or data. */
export const BAND_STYLES: Record<Band, BandStyle> = {
  reached: { colour: '#1a7f37', ink: '#ffffff', label: 'Target reached (≥ 95 %)', mark: '4', pattern: 'solid' },
  above_two_thirds: { colour: '#8cc265', ink: '#111111', label: 'Above two thirds (66–95 %)', mark: '3', pattern: 'dots' },
  one_to_two_thirds: { colour: '#f2b632', ink: '#111111', label: 'One to two thirds (33–66 %)', mark: '2', pattern: 'lines' },
  below_one_third: { colour: '#c4314b', ink: '#ffffff', label: 'Below one third (< 33 %)', mark: '1', pattern: 'cross' },
  no_target: { colour: '#d0d7de', ink: '#111111', label: 'No target', mark: 'T', pattern: 'blank' },
  no_data: { colour: '#ffffff', ink: '#111111', label: 'No data', mark: '–', pattern: 'none' },
};

const isBand = (b: unknown): b is Band => typeof b === 'string' && (BANDS as readonly string[]).includes(b);

export function bandStyle(band: unknown): BandStyle {
  return isBand(band) ? BAND_STYLES[band] : BAND_STYLES.no_data;
}

/** The bands in order, for legends. */
export const BAND_LEGEND = BANDS.map((band) => ({ band, ...BAND_STYLES[band] }));

export const DEFAULT_LOCALE = 'en-GB';

/** A locale Intl knows, or the default: a `?locale=` from a URL is never trusted as is. */
export function safeLocale(locale: unknown): string {
  if (typeof locale !== 'string' || locale.length > 35) return DEFAULT_LOCALE;
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Intl formatters are costly to build (a report writes hundreds of numbers): one per locale and options, kept. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (numberFormats.size > 500) numberFormats.clear(); // a ?locale= from a URL can vary: the cache stays small
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (dateFormats.size > 500) dateFormats.clear();
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

/** A number for reading: grouping, at most `digits` decimals (trailing zeros dropped); '–' for none. */
export function formatNumber(value: unknown, locale: string, digits = 2): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A share 0–1 as a percentage ('–' for none). */
export function formatShare(share: unknown, locale: string, digits = 0): string {
  if (typeof share !== 'number' || !Number.isFinite(share)) return '–';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(share);
}

/** A percentage already in 0–100 ('–' for none). */
export function formatPercent(percent: unknown, locale: string, digits = 0): string {
  return typeof percent === 'number' && Number.isFinite(percent) ? formatShare(percent / 100, locale, digits) : '–';
}

/** Money in cents as an amount with its currency. */
export function formatMoney(cents: unknown, locale: string, currency = 'USD'): string {
  if (typeof cents !== 'number' || !Number.isFinite(cents)) return '–';
  return numberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(cents / 100);
}

const asDate = (value: unknown): Date | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
};

/** A calendar date ('12 Mar 2026'), in UTC so that a date-only value never moves a day. */
export function formatDate(value: unknown, locale: string): string {
  const d = asDate(value);
  return d ? dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d) : '–';
}

/** A moment ('12 Mar 2026, 14:05 UTC'). */
export function formatDateTime(value: unknown, locale: string): string {
  const d = asDate(value);
  return d
    ? dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(d)
    : '–';
}

/** The machine form of a moment, for `<time datetime>`. */
export function isoDate(value: unknown): string {
  const d = asDate(value);
  return d ? d.toISOString() : '';
}

/** 'above_two_thirds' → 'Above two thirds'; 'in_review' → 'In review'. */
export function humanise(word: unknown): string {
  if (typeof word !== 'string' || word.length === 0) return '';
  const spaced = word.replace(/[_-]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
