import { accessSync, constants } from 'node:fs';

/** The Chromium the PDF tests print with: CHROMIUM_PATH, or Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export const hasChromium = executable(chromiumPath);

/**
 * `describe` for tests that print PDFs. Without a browser they are skipped, saying so, so that a new
 * user's `npm test` passes on a machine without Chromium; with CI set (as `.ci/run` does) they run
 * anyway, and fail when there is no browser.
 */
export function describeWithChromium(name: string, fn: () => void): void {
  if (hasChromium || process.env.CI) {
    describe(name, fn);
    return;
  }
  console.warn(`Skipped "${name}": no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH); CI=true runs it anyway.`);
  describe.skip(name, fn);
}

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). Chromium writes them uncompressed. */
export function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
