import { createDeflateRaw, deflateRawSync } from 'node:zlib';

/** The bytes of a Buffer as a plain Uint8Array (what this project's Node typings want). */
const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of the bytes, as zip writes it. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** One entry of a hostile archive: its content, or a deflated stream made elsewhere, and the size it claims. */
export interface FixtureEntry {
  name: string;
  /** The entry's bytes, deflated here. */
  content?: Buffer;
  /** Or a deflate stream already made (a bomb built without holding its inflated bytes). */
  deflated?: Buffer;
  /** The uncompressed size written in the headers (default: the content's real size). */
  declaredSize?: number;
}

/**
 * A zip archive written byte by byte — for tests only: hostile archives (lying sizes, bombs) that no
 * zip library would write. The application itself writes workbooks with exceljs.
 */
export function zipFixture(entries: FixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.deflated ?? deflateRawSync(view(entry.content ?? Buffer.alloc(0)));
    const size = entry.declaredSize ?? entry.content?.length ?? 0;
    const crc = entry.content ? crc32(entry.content) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals.map(view));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end].map(view));
}

/** A deflate stream of `bytes` spaces, made a megabyte at a time (never holding them all inflated). */
export async function deflatedSpaces(bytes: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const stream = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  const ended = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!stream.write(view(left >= chunk.length ? chunk : chunk.subarray(0, left)))) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await ended;
  return Buffer.concat(parts.map(view));
}
