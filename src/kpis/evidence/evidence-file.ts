/**
 * What an evidence file is, read from its bytes, and the name it is kept under. Plain TypeScript (no
 * framework): the declared Content-Type and the file's name never decide its type; the content does
 * (`file-type`'s magic numbers). The name only lets clean UTF-8 text count as CSV or plain text, which
 * no magic number can tell.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';

/** One kind of file evidence may be: its media type and the extensions a name of it may end in (the first is added when missing). */
export interface EvidenceKind {
  mime: string;
  extensions: readonly string[];
  label: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODS = 'application/vnd.oasis.opendocument.spreadsheet';

/**
 * The kinds sniffed from magic numbers, by the extension `file-type` answers. Not here, so refused:
 * SVG, HTML, XML (scripts run where they are opened), executables and archives, macro-enabled
 * workbooks (xlsm), and the legacy OLE/CFB container (.xls): `file-type` answers `cfb` for any
 * OLE file — an .xls, a Word .doc with macros, an .msi installer alike — so an .xls cannot be told
 * from them by its content; cities save it as .xlsx or .ods.
 */
const SNIFFED: Record<string, EvidenceKind> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  png: { mime: 'image/png', extensions: ['png'], label: 'PNG' },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  gif: { mime: 'image/gif', extensions: ['gif'], label: 'GIF' },
  webp: { mime: 'image/webp', extensions: ['webp'], label: 'WebP' },
  tif: { mime: 'image/tiff', extensions: ['tif', 'tiff'], label: 'TIFF' },
  xlsx: { mime: XLSX, extensions: ['xlsx'], label: 'Excel workbook (.xlsx)' },
  ods: { mime: ODS, extensions: ['ods'], label: 'OpenDocument spreadsheet (.ods)' },
};

/** Text, taken as such only when the name says so and every byte is clean UTF-8 text. */
const TEXT: Record<string, EvidenceKind> = {
  csv: { mime: 'text/csv', extensions: ['csv'], label: 'CSV (UTF-8 text, named .csv)' },
  txt: { mime: 'text/plain', extensions: ['txt'], label: 'plain text (UTF-8, named .txt)' },
};

/** What may be attached, for the 415 message and the OpenAPI description. */
export const ALLOWED_KINDS = [...Object.values(SNIFFED), ...Object.values(TEXT)].map((k) => k.label);

/** The longest name kept, in characters (code points). */
export const MAX_FILENAME_LENGTH = 200;

/** Control and format characters (bidirectional overrides that turn `fdp.exe` around among them), and quotes. */
const UNWANTED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}"'`]/gu;

/** The first `n` code points of a text (never half a surrogate pair). */
const firstCodePoints = (text: string, n: number) => Array.from(text).slice(0, n).join('');

/**
 * The name a file is kept under: its base name only (whatever follows the last / or \), control and
 * format characters and quotes removed, Unicode NFC, trimmed, leading dots dropped (no hidden file,
 * no `..`), at most MAX_FILENAME_LENGTH characters; nothing left: `evidence`.
 */
export function sanitizeFilename(raw: string | undefined | null): string {
  const base = String(raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(UNWANTED, '').normalize('NFC').trim().replace(/^\.+/, '').trim();
  return firstCodePoints(cleaned, MAX_FILENAME_LENGTH).trim() || 'evidence';
}

/** The extension of a name, lower case, without the dot ('' without one). */
const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
};

/** The name, ending in an extension of its kind: `report.exe` holding a PDF is kept as `report.exe.pdf` (within the length limit). */
export function nameForKind(filename: string, kind: EvidenceKind): string {
  if (kind.extensions.includes(extensionOf(filename))) return filename;
  const suffix = `.${kind.extensions[0]}`;
  return `${firstCodePoints(filename, MAX_FILENAME_LENGTH - suffix.length).trimEnd()}${suffix}`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Control characters text may not hold: all but tab, line feed and carriage return (C1 and DEL too). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Markup a browser would render (HTML, SVG, XML), whatever the name says. */
const MARKUP = /^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|meta|style|!--)/i;

/** True for bytes that are UTF-8 text without NUL or other control characters, and not markup. */
export function isCleanText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return false;
  }
  return !CONTROL.test(text) && !MARKUP.test(text.replace(/^\uFEFF/, ''));
}

/** A file accepted as evidence: its kind, the name it is kept under and its SHA-256 (hex). */
export interface SniffedEvidence {
  kind: EvidenceKind;
  filename: string;
  contentType: string;
  sha256: string;
  size: number;
}

/** A file refused: what it was taken for, if anything, for the message. */
export interface RefusedEvidence {
  refused: string;
}

/**
 * Reads what a file is from its content. A PDF, an image (PNG, JPEG, GIF, WebP, TIFF) or a
 * spreadsheet (XLSX, ODS) by its magic numbers, whatever its name; else, when its name ends in .csv
 * or .txt, UTF-8 text without control characters (and not markup) as CSV or plain text. Anything
 * else is refused. The name is sanitised and given the kind's extension when it lacks it.
 */
export async function sniffEvidence(bytes: Uint8Array, originalName: string | undefined | null): Promise<SniffedEvidence | RefusedEvidence> {
  const name = sanitizeFilename(originalName);
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined);
  let kind: EvidenceKind | undefined = detected ? SNIFFED[detected.ext] : undefined;
  if (!kind) {
    const text = TEXT[extensionOf(name)];
    if (text && isCleanText(bytes)) kind = text;
  }
  if (!kind) {
    const what = detected ? `its content is ${detected.mime} (.${detected.ext})` : 'its content is of no kind the server recognises';
    return { refused: `The file is not accepted as evidence: ${what}. Attach ${ALLOWED_KINDS.join(', ')}` };
  }
  return {
    kind,
    filename: nameForKind(name, kind),
    contentType: kind.mime,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.byteLength,
  };
}

export const isRefused = (result: SniffedEvidence | RefusedEvidence): result is RefusedEvidence => 'refused' in result;
