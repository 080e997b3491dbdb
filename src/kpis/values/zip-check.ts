import { inflateRaw } from 'node:zlib';

/**
 * A zip archive (an .xlsx is one) checked before any library opens it: a small reader of the
 * central directory refuses too many entries and entries whose declared sizes are too big, and
 * every entry is then inflated with a cap at its declared size, so that an entry lying about its
 * size (a zip bomb) stops inflating as soon as it passes what it declared. Plain Node: no framework.
 */
const inflateCapped = (data: Buffer, maxOutputLength: number): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    inflateRaw(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { maxOutputLength }, (error, result) => (error ? reject(error) : resolve(result))),
  );

export interface ZipLimits {
  /** Entries in the archive (files and folders). */
  maxEntries: number;
  /** Uncompressed bytes of all entries together (each entry is within it too). */
  maxTotalBytes: number;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Why an archive is refused, for people; `rule` names the limit broken. */
export class ZipRefused extends Error {
  constructor(
    readonly rule: 'zip' | 'zipEntries' | 'zipSize' | 'zipEncrypted',
    message: string,
  ) {
    super(message);
    this.name = 'ZipRefused';
  }
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

const corrupt = (what: string) => new ZipRefused('zip', `the file is not a complete zip archive (${what}): an .xlsx workbook is one`);

/** Where the end-of-central-directory record starts (searched backwards over a possible comment), or -1. */
function endRecordAt(bytes: Buffer): number {
  const last = bytes.length - END_RECORD_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let at = last; at >= first; at--) {
    if (bytes.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY && at + END_RECORD_SIZE + bytes.readUInt16LE(at + 20) === bytes.length) return at;
  }
  return -1;
}

/**
 * The entries listed in the archive's central directory, checked against `limits` from what they
 * declare (nothing is inflated). Refuses what is not a zip, a truncated one, a multi-disk or ZIP64
 * archive (an .xlsx of a few megabytes needs neither), encrypted entries, and compression methods
 * other than stored and deflated.
 */
export function centralDirectory(bytes: Buffer, limits: ZipLimits): ZipEntry[] {
  if (bytes.length < END_RECORD_SIZE) throw corrupt('it is too short');
  const end = endRecordAt(bytes);
  if (end < 0) throw corrupt('no end of central directory: not a zip, or cut short');
  const disk = bytes.readUInt16LE(end + 4);
  const directoryDisk = bytes.readUInt16LE(end + 6);
  const entriesOnDisk = bytes.readUInt16LE(end + 8);
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw corrupt('a ZIP64 archive; save the workbook again as .xlsx');
  if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== count) throw corrupt('an archive split over several disks');
  if (count > limits.maxEntries) throw new ZipRefused('zipEntries', `the archive has ${count} entries; a workbook has at most ${limits.maxEntries}`);
  if (offset + size > end) throw corrupt('its central directory lies outside the file');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || bytes.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw corrupt(`entry ${i + 1} of the central directory is damaged`);
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localHeaderOffset = bytes.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > offset + size) throw corrupt(`entry ${i + 1} of the central directory is damaged`);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    if (flags & 0x1) throw new ZipRefused('zipEncrypted', `${name} is encrypted: save the workbook without a password`);
    if (method !== 0 && method !== 8) throw corrupt(`${name} is compressed with method ${method}, neither stored nor deflated`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) throw corrupt(`${name} has ZIP64 sizes`);
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new ZipRefused('zipSize', `the archive unpacks to more than ${mb(limits.maxTotalBytes)} (${name} alone declares ${mb(uncompressedSize)}); a workbook of KPI values is far smaller`);
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = next;
  }
  return entries;
}

/** The compressed bytes of an entry, found through its local header. */
function compressedData(bytes: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw corrupt(`the local header of ${entry.name} is missing`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw corrupt(`${entry.name} is cut short`);
  return bytes.subarray(start, end);
}

/**
 * Checks a zip archive before a library opens it: the central directory against `limits`, then
 * every entry inflated (off the event loop, by zlib's thread pool) with its output capped at the
 * size it declares — an entry that inflates to more, or to less, is refused, so nothing ever
 * inflates past `limits.maxTotalBytes`. Answers the inflated content of the entries `keep` names.
 * Throws ZipRefused.
 */
export async function checkZip(bytes: Buffer, limits: ZipLimits, keep: (name: string) => boolean = () => false): Promise<Map<string, Buffer>> {
  const entries = centralDirectory(bytes, limits);
  const kept = new Map<string, Buffer>();
  for (const entry of entries) {
    const data = compressedData(bytes, entry);
    let content: Buffer;
    if (entry.method === 0) {
      content = data;
    } else {
      try {
        // maxOutputLength must be at least 1; an entry declaring 0 bytes may inflate to 0 or refuses at 1.
        content = await inflateCapped(data, Math.max(1, entry.uncompressedSize));
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new ZipRefused('zipSize', `${entry.name} inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb?)`);
        }
        throw corrupt(`${entry.name} does not inflate: ${(error as Error).message}`);
      }
    }
    if (content.length !== entry.uncompressedSize) throw corrupt(`${entry.name} holds ${content.length} bytes, not the ${entry.uncompressedSize} it declares`);
    if (keep(entry.name)) kept.set(entry.name, content);
  }
  return kept;
}
