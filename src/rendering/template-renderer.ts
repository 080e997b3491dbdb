import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import {
  BAND_LEGEND,
  bandStyle,
  DEFAULT_LOCALE,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  formatShare,
  humanise,
  isoDate,
  safeLocale,
} from './format';

/** `templates/` at the project root in development and tests; `dist/templates` in the build (nest-cli.json assets). */
export function templatesDirectory(): string {
  const candidates = [join(__dirname, '..', '..', 'templates'), join(__dirname, '..', '..', '..', 'templates')];
  const found = candidates.find((dir) => existsSync(join(dir, 'partials')));
  if (!found) throw new Error(`No templates directory (looked in ${candidates.join(', ')})`);
  return found;
}

function hbsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? hbsFiles(path) : name.endsWith('.hbs') ? [path] : [];
  });
}

type HelperOptions = Handlebars.HelperOptions;
/** A helper's last argument is Handlebars' options; the locale is in the render's data (`@locale`). */
const localeOf = (options: HelperOptions): string => (options?.data as { locale?: string } | undefined)?.locale ?? DEFAULT_LOCALE;
/** Optional numeric argument of a helper (absent: Handlebars passes its options object in its place). */
const digitsOf = (arg: unknown, fallback: number): number => (typeof arg === 'number' ? arg : fallback);

/**
 * The language of every page's text (`<html lang>`): the templates are written in English. The
 * locale only changes how numbers and dates are written, never the language the page is in.
 */
const PAGE_LANGUAGE = 'en';

export interface RenderOptions {
  /** BCP 47 locale for numbers and dates; anything Intl does not know falls back to en-GB. */
  locale?: string;
}

/**
 * The one Handlebars engine of the server (reports and dashboard pages alike): every template under
 * `templates/` compiled once at start, the partials of `templates/partials/` registered by file
 * name, and the helpers of `format.ts`. `{{ }}` escapes everything; templates never use `{{{ }}}`
 * (a unit test holds them to it), so every value a user typed is shown as text.
 */
@Injectable()
export class TemplateRenderer implements OnModuleInit {
  private readonly engine = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  onModuleInit(): void {
    this.load(templatesDirectory());
  }

  /** Renders `templates/<name>.hbs` (e.g. 'reports/assessment') with the context. */
  render(name: string, context: object, options: RenderOptions = {}): string {
    const template = this.compiled.get(name);
    if (!template) throw new Error(`No template ${name}`);
    const locale = safeLocale(options.locale ?? DEFAULT_LOCALE);
    return template(context, { data: { locale, lang: PAGE_LANGUAGE, bands: BAND_LEGEND } });
  }

  private load(dir: string): void {
    this.registerHelpers();
    for (const path of hbsFiles(dir)) {
      const name = relative(dir, path).split(sep).join('/').replace(/\.hbs$/, '');
      const source = readFileSync(path, 'utf8');
      if (name.startsWith('partials/')) {
        this.engine.registerPartial(basename(name), source);
      } else {
        this.compiled.set(name, this.engine.compile(source, { strict: false, preventIndent: true }));
      }
    }
    // Compile each once now, so that a broken template stops the server at start, not a user's request.
    for (const template of this.compiled.values()) template({}, { data: { locale: DEFAULT_LOCALE, lang: PAGE_LANGUAGE, bands: BAND_LEGEND } });
  }

  private registerHelpers(): void {
    const h = this.engine;
    h.registerHelper('number', (value: unknown, digits: unknown, options: HelperOptions) =>
      formatNumber(value, localeOf(options ?? (digits as HelperOptions)), digitsOf(digits, 2)),
    );
    h.registerHelper('share', (value: unknown, options: HelperOptions) => formatShare(value, localeOf(options)));
    h.registerHelper('percent', (value: unknown, options: HelperOptions) => formatPercent(value, localeOf(options)));
    h.registerHelper('money', (cents: unknown, currency: unknown, options: HelperOptions) =>
      formatMoney(cents, localeOf(options ?? (currency as HelperOptions)), typeof currency === 'string' ? currency : 'USD'),
    );
    h.registerHelper('date', (value: unknown, options: HelperOptions) => formatDate(value, localeOf(options)));
    h.registerHelper('datetime', (value: unknown, options: HelperOptions) => formatDateTime(value, localeOf(options)));
    h.registerHelper('iso', (value: unknown) => isoDate(value));
    h.registerHelper('humanise', (value: unknown) => humanise(value));
    h.registerHelper('bandLabel', (band: unknown) => bandStyle(band).label);
    h.registerHelper('bandMark', (band: unknown) => bandStyle(band).mark);
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
    h.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    h.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    h.registerHelper('not', (value: unknown) => !value);
  }
}
