/**
 * `Content-Disposition: attachment` with the name in ASCII and in UTF-8 (RFC 6266, RFC 5987), for
 * what ASCII cannot say. `ascii` defaults to `asciiFilename(filename)`.
 */
export function attachment(filename: string, ascii: string = asciiFilename(filename)): string {
  // RFC 5987 allows fewer characters than encodeURIComponent leaves as they are.
  // A lone surrogate has no UTF-8 form (encodeURIComponent would throw): it becomes U+FFFD.
  const encoded = encodeURIComponent(filename.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A file name in printable ASCII for the quoted `filename=`: accents dropped, any other character
 * (and the quote and backslash, which would end or escape the quoted string) an underscore.
 */
export function asciiFilename(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_')
    .trim();
  return ascii === '' ? 'file' : ascii;
}
