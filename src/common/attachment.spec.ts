import { asciiFilename, attachment } from './attachment';

describe('attachment (Content-Disposition)', () => {
  it('names the file in ASCII and in UTF-8 (RFC 5987)', () => {
    expect(attachment('Zürich report (2024).pdf')).toBe(
      `attachment; filename="Zurich report (2024).pdf"; filename*=UTF-8''Z%C3%BCrich%20report%20%282024%29.pdf`,
    );
    expect(attachment('a.xlsx', 'b.xlsx')).toBe(`attachment; filename="b.xlsx"; filename*=UTF-8''a.xlsx`);
  });

  it('keeps quotes, backslashes and what ASCII cannot say out of the quoted name', () => {
    expect(asciiFilename('a"b\\c.pdf')).toBe('a_b_c.pdf');
    expect(asciiFilename('北京.pdf')).toBe('__.pdf');
    expect(asciiFilename('\u00a0')).toBe('file');
    expect(asciiFilename('')).toBe('file');
  });

  it('never throws on a lone surrogate: it becomes U+FFFD', () => {
    expect(attachment('a\uD800b.pdf')).toContain(`filename*=UTF-8''a%EF%BF%BDb.pdf`);
  });
});
