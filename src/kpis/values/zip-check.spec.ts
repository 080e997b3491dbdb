import { deflatedSpaces, zipFixture } from '../../../test/support/zip-fixture';
import { centralDirectory, checkZip, ZipRefused } from './zip-check';

const limits = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };

async function refusal(bytes: Buffer): Promise<ZipRefused> {
  const error = await checkZip(bytes, limits).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ZipRefused);
  return error as ZipRefused;
}

describe('zip check: the central directory read, every entry inflated with a cap', () => {
  const honest = zipFixture([
    { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
    { name: 'xl/worksheets/sheet1.xml', content: Buffer.from('<worksheet>'.padEnd(5000, ' ')) },
  ]);

  it('lists the entries with their declared sizes, and gives back the ones asked for', async () => {
    expect(centralDirectory(honest, limits).map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ['[Content_Types].xml', 8, 8],
      ['xl/worksheets/sheet1.xml', 8, 5000],
    ]);
    const kept = await checkZip(honest, limits, (name) => name.startsWith('xl/worksheets/'));
    expect([...kept.keys()]).toEqual(['xl/worksheets/sheet1.xml']);
    expect(kept.get('xl/worksheets/sheet1.xml')?.toString().startsWith('<worksheet>')).toBe(true);
  });

  it('refuses what is not a zip, and a zip cut short', async () => {
    expect((await refusal(Buffer.from('code,value\nEC-ICT-ICT-1C,1\n'))).message).toMatch(/not a complete zip archive/);
    expect((await refusal(Buffer.alloc(0))).message).toMatch(/too short/);
    expect((await refusal(honest.subarray(0, honest.length - 30))).message).toMatch(/no end of central directory/);
    // The end record kept, the data before it cut: the central directory points outside the file.
    const cut = Buffer.concat([new Uint8Array(honest.subarray(0, 40)), new Uint8Array(honest.subarray(honest.length - 22))]);
    expect((await refusal(cut)).message).toMatch(/central directory lies outside the file/);
  });

  it('refuses too many entries, before inflating any', async () => {
    const many = zipFixture(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.xml`, content: Buffer.from('x') })));
    const error = await refusal(many);
    expect(error.rule).toBe('zipEntries');
    expect(error.message).toMatch(/11 entries; a workbook has at most 10/);
  });

  it('refuses an archive whose entries declare more than the limit, from the directory alone', async () => {
    // 200 MB of spaces: the declared size is honest; nothing is inflated to refuse it.
    const bomb = zipFixture([{ name: 'xl/worksheets/sheet1.xml', deflated: await deflatedSpaces(200 * 1024 * 1024), declaredSize: 200 * 1024 * 1024 }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => centralDirectory(bomb, limits)).toThrow(/unpacks to more than 1 MB \(xl\/worksheets\/sheet1\.xml alone declares 200 MB\)/);
  });

  it('stops inflating an entry that lies about its size as soon as it passes what it declared', async () => {
    const liar = zipFixture([{ name: 'xl/sharedStrings.xml', deflated: await deflatedSpaces(50 * 1024 * 1024), declaredSize: 1000 }]);
    const error = await refusal(liar);
    expect(error.rule).toBe('zipSize');
    expect(error.message).toMatch(/xl\/sharedStrings\.xml inflates to more than the 1000 bytes it declares/);
  });

  it('refuses an entry that inflates to less than it declares, or not at all', async () => {
    const short = zipFixture([{ name: 'a.xml', content: Buffer.from('hello'), declaredSize: 10 }]);
    expect((await refusal(short)).message).toMatch(/a\.xml holds 5 bytes, not the 10 it declares/);
    const garbage = zipFixture([{ name: 'a.xml', deflated: Buffer.from([0xff, 0xff, 0xff, 0xff]), declaredSize: 10 }]);
    expect((await refusal(garbage)).message).toMatch(/a\.xml does not inflate/);
  });

  it('refuses an encrypted entry', async () => {
    const encrypted = Buffer.from(new Uint8Array(honest));
    const directory = encrypted.readUInt32LE(encrypted.length - 22 + 16);
    encrypted.writeUInt16LE(1, directory + 8);
    const error = await refusal(encrypted);
    expect(error.rule).toBe('zipEncrypted');
  });
});
