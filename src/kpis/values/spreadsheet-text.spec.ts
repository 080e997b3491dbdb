import { neutralise, restore } from './spreadsheet-text';

describe('spreadsheet text: formula-looking text neutralised on export, restored on import', () => {
  it('puts an apostrophe before text a spreadsheet could run as a formula', () => {
    expect(neutralise('=HYPERLINK("http://evil","click")')).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(neutralise('+1 555 0100')).toBe(`'+1 555 0100`);
    expect(neutralise('-5 degrees')).toBe(`'-5 degrees`);
    expect(neutralise('@SUM(A1:A2)')).toBe(`'@SUM(A1:A2)`);
    expect(neutralise('\t=cmd')).toBe(`'\t=cmd`);
    expect(neutralise('\r=cmd')).toBe(`'\r=cmd`);
  });

  it('leaves other text alone', () => {
    for (const text of ['Statistics Norway', '', "'quoted", 'a=b', ' =x', '2024 census', '€5', "'"]) expect(neutralise(text)).toBe(text);
  });

  it('escapes text that already looks neutralised, so that restoring is exact', () => {
    expect(neutralise(`'=x`)).toBe(`''=x`);
    expect(neutralise(`''-x`)).toBe(`'''-x`);
    expect(restore(`''=x`)).toBe(`'=x`);
  });

  it('restores exactly what was neutralised, whatever the text', () => {
    const texts = [
      '=HYPERLINK("http://evil")',
      `'=HYPERLINK("http://evil")`,
      `''=1+1`,
      '+',
      '-',
      '@',
      '=',
      "'",
      "''",
      "'a",
      '\t',
      '\r\n=1',
      'plain',
      '',
      ' =x',
      "x'=y",
    ];
    for (const text of texts) expect(restore(neutralise(text))).toBe(text);
  });

  it('takes text typed into a cell as it is (no apostrophe of ours before it)', () => {
    expect(restore('Statistics Norway')).toBe('Statistics Norway');
    expect(restore("'hello")).toBe("'hello");
    expect(restore('=typed')).toBe('=typed');
  });
});
