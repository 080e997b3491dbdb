import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { isCleanText, isRefused, MAX_FILENAME_LENGTH, nameForKind, sanitizeFilename, sniffEvidence, type SniffedEvidence } from './evidence-file';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const padded = (head: Uint8Array, length = 600) => {
  const out = new Uint8Array(Math.max(length, head.length));
  out.set(head);
  return out;
};

/** Small but real files of each kind. */
export const SAMPLES = {
  pdf: bytes('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  png: new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')),
  jpeg: padded(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])),
  gif: padded(bytes('GIF89a', [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00])),
  webp: padded(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0x18, 0, 0, 0])),
  tiff: padded(bytes('II*\0', [0x08, 0, 0, 0, 0, 0])),
  exe: padded(bytes('MZ', [0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff])),
  html: bytes('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
  svg: bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  cfb: padded(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])),
  csv: bytes('code,value\nEC-ICT-ICT-1C,87.5\n'),
};

async function xlsx(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Data').addRow(['a', 1]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

async function ods(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
  zip.file('content.xml', '<?xml version="1.0"?><office:document-content/>');
  return zip.generateAsync({ type: 'uint8array' });
}

const accepted = async (data: Uint8Array, name: string): Promise<SniffedEvidence> => {
  const result = await sniffEvidence(data, name);
  if (isRefused(result)) throw new Error(`refused ${name}: ${result.refused}`);
  return result;
};
const refused = async (data: Uint8Array, name: string) => {
  const result = await sniffEvidence(data, name);
  return isRefused(result) ? result.refused : `accepted as ${result.contentType}`;
};

describe('evidence files: the kind read from the content', () => {
  it('takes PDF, images and spreadsheets by their content, whatever their name, and gives the name the right extension', async () => {
    expect(await accepted(SAMPLES.pdf, 'report.pdf')).toEqual(
      expect.objectContaining({ contentType: 'application/pdf', filename: 'report.pdf', size: SAMPLES.pdf.length, sha256: createHash('sha256').update(SAMPLES.pdf).digest('hex') }),
    );
    expect(await accepted(SAMPLES.pdf, 'report.exe')).toEqual(expect.objectContaining({ contentType: 'application/pdf', filename: 'report.exe.pdf' }));
    expect(await accepted(SAMPLES.png, 'photo')).toEqual(expect.objectContaining({ contentType: 'image/png', filename: 'photo.png' }));
    expect(await accepted(SAMPLES.jpeg, 'photo.JPEG')).toEqual(expect.objectContaining({ contentType: 'image/jpeg', filename: 'photo.JPEG' }));
    expect(await accepted(SAMPLES.jpeg, 'photo.png')).toEqual(expect.objectContaining({ contentType: 'image/jpeg', filename: 'photo.png.jpg' }));
    expect((await accepted(SAMPLES.gif, 'a.gif')).contentType).toBe('image/gif');
    expect((await accepted(SAMPLES.webp, 'a.webp')).contentType).toBe('image/webp');
    expect(await accepted(SAMPLES.tiff, 'scan.tiff')).toEqual(expect.objectContaining({ contentType: 'image/tiff', filename: 'scan.tiff' }));
    expect(await accepted(await xlsx(), 'data.xlsx')).toEqual(
      expect.objectContaining({ contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: 'data.xlsx' }),
    );
    expect(await accepted(await ods(), 'data')).toEqual(expect.objectContaining({ contentType: 'application/vnd.oasis.opendocument.spreadsheet', filename: 'data.ods' }));
    // A PDF named .txt is a PDF.
    expect(await accepted(SAMPLES.pdf, 'notes.txt')).toEqual(expect.objectContaining({ contentType: 'application/pdf', filename: 'notes.txt.pdf' }));
  });

  it('refuses what poses as a PDF, markup, executables and the OLE container (.xls)', async () => {
    expect(await refused(SAMPLES.exe, 'report.pdf')).toMatch(/application\/x-msdownload/);
    expect(await refused(SAMPLES.html, 'report.pdf')).toMatch(/no kind the server recognises/);
    expect(await refused(SAMPLES.svg, 'chart.svg')).toMatch(/not accepted/);
    expect(await refused(SAMPLES.cfb, 'old.xls')).toMatch(/application\/x-cfb/);
    expect(await refused(new Uint8Array(0), 'empty.pdf')).toMatch(/not accepted/);
    expect(await refused(SAMPLES.pdf.slice(0, 3), 'short.pdf')).toMatch(/not accepted/);
  });

  it('takes CSV and plain text only when named so and clean UTF-8 text; never markup', async () => {
    expect(await accepted(SAMPLES.csv, 'values.csv')).toEqual(expect.objectContaining({ contentType: 'text/csv', filename: 'values.csv' }));
    expect(await accepted(new Uint8Array(Buffer.from('\uFEFFnotes: Zürich\r\n\tok', 'utf8')), 'n.TXT')).toEqual(expect.objectContaining({ contentType: 'text/plain' }));
    expect(await accepted(bytes('BMI,value\n1,2\n'), 'bmi.csv')).toEqual(expect.objectContaining({ contentType: 'text/csv' }));
    expect(await refused(SAMPLES.csv, 'values.pdf')).toMatch(/not accepted/);
    expect(await refused(SAMPLES.csv, 'values')).toMatch(/not accepted/);
    expect(await refused(bytes('a,b\n1,\0\n'), 'nul.csv')).toMatch(/not accepted/);
    expect(await refused(bytes('a,b\n1,\x1b[31m\n'), 'escape.csv')).toMatch(/not accepted/);
    expect(await refused(bytes('caf\xe9\n'), 'latin1.txt')).toMatch(/not accepted/);
    expect(await refused(SAMPLES.html, 'page.txt')).toMatch(/not accepted/);
    expect(await refused(bytes('  <svg onload="alert(1)"/>'), 'x.csv')).toMatch(/not accepted/);
    expect(await refused(SAMPLES.exe, 'x.txt')).toMatch(/not accepted/);
  });

  it('isCleanText: UTF-8 without control characters but tab, line feed and carriage return', () => {
    expect(isCleanText(bytes('a\tb\r\nc'))).toBe(true);
    expect(isCleanText(new Uint8Array(Buffer.from('\u0085', 'utf8')))).toBe(false);
    expect(isCleanText(bytes('\x7f'))).toBe(false);
    expect(isCleanText(bytes([0xed, 0xa0, 0x80]))).toBe(false);
  });
});

describe('evidence files: the name kept', () => {
  it('keeps the base name only, whichever slash', () => {
    expect(sanitizeFilename('../../etc/passwd.pdf')).toBe('passwd.pdf');
    // Line and paragraph separators, and a lone surrogate, are dropped like control characters.
    expect(sanitizeFilename('a\u2028b\u2029c\uD800.pdf')).toBe('abc.pdf');
    expect(sanitizeFilename('C:\\Users\\ana\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('dir/')).toBe('evidence');
    expect(sanitizeFilename('..')).toBe('evidence');
    expect(sanitizeFilename('.hidden.pdf')).toBe('hidden.pdf');
  });

  it('removes control and format characters and quotes, normalises to NFC, trims; nothing left is "evidence"', () => {
    expect(sanitizeFilename(' a\u0000b\u001fc"d\'e`f\r\n.pdf ')).toBe('abcdef.pdf');
    expect(sanitizeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFilename('Zu\u0308rich.pdf')).toBe('Zürich.pdf');
    expect(sanitizeFilename('Zu\u0308rich.pdf').length).toBe('Zürich.pdf'.length);
    expect(sanitizeFilename('   ')).toBe('evidence');
    expect(sanitizeFilename(undefined)).toBe('evidence');
    expect(sanitizeFilename('"\u0007"')).toBe('evidence');
  });

  it('keeps at most 200 characters, never half a character, also with the extension added', () => {
    expect(sanitizeFilename(`${'a'.repeat(300)}.pdf`)).toHaveLength(MAX_FILENAME_LENGTH);
    const emoji = sanitizeFilename('😀'.repeat(300));
    expect(Array.from(emoji)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const named = nameForKind('b'.repeat(200), { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' });
    expect(named).toHaveLength(200);
    expect(named.endsWith('.pdf')).toBe(true);
  });
});
