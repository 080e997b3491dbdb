/** URL-safe identifiers for KPIs and data points (kept apart from the JSON so the generator can use them). */

/** "EC: ICT: ICT: 1C" → "EC-ICT-ICT-1C"; spacing variants ("SC: EH: ED:1C") give the same code. */
export function urlSafeCode(officialCode: string): string {
  return officialCode
    .split(':')
    .map((part) => part.trim().replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '')
    .join('-');
}

/** "PM2.5" → "pm2-5", "3G" → "3g", "open dump" → "open-dump". */
export function dataPointKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
