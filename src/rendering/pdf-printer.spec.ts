import { ApiError } from '../common/api-error';
import { validateEnvironment } from '../config/environment';
import { PDF_CONCURRENCY, PDF_QUEUE_LIMIT, PdfPrinter } from './pdf-printer';

/** A printer whose browser and render are stand-ins: what is tested is the line, not Chromium. */
function printerWithStandIns() {
  const printer = new PdfPrinter(validateEnvironment({}));
  let running = 0;
  let most = 0;
  const finish: (() => void)[] = [];
  Object.assign(printer, {
    launched: () => Promise.resolve({}),
    render: () =>
      new Promise<Buffer>((resolve) => {
        running++;
        most = Math.max(most, running);
        finish.push(() => {
          running--;
          resolve(Buffer.from('%PDF-'));
        });
      }),
  });
  return { printer, finish, most: () => most };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PdfPrinter', () => {
  it(`prints ${PDF_CONCURRENCY} at a time, queues ${PDF_QUEUE_LIMIT}, and answers one more with 503 PDF_BUSY and a Retry-After`, async () => {
    const { printer, finish, most } = printerWithStandIns();
    const jobs = Array.from({ length: PDF_CONCURRENCY + PDF_QUEUE_LIMIT }, () => printer.print('<p>x</p>', { header: 'h', footer: 'f' }));
    await flush();
    const refused = await printer.print('<p>x</p>', { header: 'h', footer: 'f' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).getStatus()).toBe(503);
    expect((refused as ApiError).code).toBe('PDF_BUSY');
    expect((refused as ApiError).extra.retryAfterSeconds).toEqual(expect.any(Number));
    expect(finish).toHaveLength(PDF_CONCURRENCY);
    for (let done = 0; done < jobs.length; done++) {
      for (let waited = 0; finish.length === 0 && waited < 100; waited++) await flush();
      finish.shift()!();
    }
    expect((await Promise.all(jobs)).every((b) => b.toString() === '%PDF-')).toBe(true);
    expect(most()).toBe(PDF_CONCURRENCY);
  });

  it('without a browser at CHROMIUM_PATH: 503 PDF_UNAVAILABLE saying how to install one', async () => {
    const printer = new PdfPrinter(validateEnvironment({ CHROMIUM_PATH: '/nonexistent/chromium' }));
    const error = (await printer.print('<p>x</p>', { header: 'h', footer: 'f' }).catch((e: unknown) => e)) as ApiError;
    expect(error.getStatus()).toBe(503);
    expect(error.code).toBe('PDF_UNAVAILABLE');
    expect(error.message).toContain('apt-get install chromium');
    expect(printer.warm).toBe(false);
    await printer.onApplicationShutdown();
  });
});
