import { ApiError } from '../common/api-error';
import { validateEnvironment } from '../config/environment';
import { PDF_CONCURRENCY, PDF_PER_PERSON, PDF_QUEUE_LIMIT, PdfPrinter } from './pdf-printer';

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

/**
 * A printer whose browser is a stand-in whose pages never finish printing: the real render runs
 * against it, so what is seen is whether the render's context is closed.
 */
function printerWithStuckBrowser() {
  const printer = new PdfPrinter(validateEnvironment({}));
  const contexts: { closed: boolean }[] = [];
  const browser = {
    isConnected: () => true,
    newContext: () => {
      const context = {
        closed: false,
        route: () => Promise.resolve(),
        newPage: () => Promise.resolve({ setContent: () => Promise.resolve(), emulateMedia: () => Promise.resolve(), pdf: () => new Promise<never>(() => undefined) }),
        close: () => {
          context.closed = true;
          return Promise.resolve();
        },
      };
      contexts.push(context);
      return Promise.resolve(context);
    },
  };
  Object.assign(printer, { launched: () => Promise.resolve(browser) });
  return { printer, contexts };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const settled = async (promise: Promise<unknown>): Promise<unknown> => promise.then((value) => value, (error: unknown) => error);

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

  it('a print whose client went away while it waited leaves the line at once; the line moves on without it', async () => {
    const { printer, finish } = printerWithStandIns();
    const running = Array.from({ length: PDF_CONCURRENCY }, () => printer.print('<p>x</p>', { header: 'h', footer: 'f' }));
    const gone = new AbortController();
    const dropped = settled(printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { owner: 'olga', signal: gone.signal }));
    const kept = printer.print('<p>x</p>', { header: 'h', footer: 'f' });
    await flush();
    expect(printer['waiting']).toHaveLength(2);
    gone.abort();
    expect(await dropped).toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect(printer['waiting']).toHaveLength(1);
    expect(printer['byOwner'].size).toBe(0);
    finish.shift()!();
    await flush();
    // The slot went to the one still waiting, not to the one that left.
    expect(finish).toHaveLength(PDF_CONCURRENCY);
    while (finish.length) finish.shift()!();
    await Promise.all([...running, kept]);
    expect(printer['running']).toBe(0);
  });

  it('a print whose client went away while it rendered closes its context and frees its slot', async () => {
    const { printer, contexts } = printerWithStuckBrowser();
    const gone = new AbortController();
    const dropped = settled(printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { owner: 'olga', signal: gone.signal }));
    for (let waited = 0; contexts.length === 0 && waited < 100; waited++) await flush();
    expect(contexts).toHaveLength(1);
    expect(printer['running']).toBe(1);
    gone.abort();
    expect(await dropped).toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect(contexts[0].closed).toBe(true);
    expect(printer['running']).toBe(0);
    expect(printer['byOwner'].size).toBe(0);
  });

  it('a print whose client is already gone does not start', async () => {
    const { printer, contexts } = printerWithStuckBrowser();
    const gone = new AbortController();
    gone.abort();
    expect(await settled(printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { signal: gone.signal }))).toMatchObject({ code: 'CLIENT_CLOSED_REQUEST' });
    expect(contexts).toHaveLength(0);
    expect(printer['running']).toBe(0);
  });

  it(`one person has at most ${PDF_PER_PERSON} printing or waiting: one more answers 503 PDF_BUSY; others are not held up; done ones count no more`, async () => {
    const { printer, finish } = printerWithStandIns();
    const mine = Array.from({ length: PDF_PER_PERSON }, () => printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { owner: 'olga' }));
    await flush();
    const refused = (await settled(printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { owner: 'olga' }))) as ApiError;
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.getStatus()).toBe(503);
    expect(refused.code).toBe('PDF_BUSY');
    expect(refused.extra.retryAfterSeconds).toEqual(expect.any(Number));
    const theirs = printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { owner: 'sam' });
    await flush();
    expect(printer['waiting']).toHaveLength(1);
    finish.shift()!();
    await mine[0];
    const again = printer.print('<p>x</p>', { header: 'h', footer: 'f' }, { owner: 'olga' });
    for (let done = 0; done < 3; done++) {
      for (let waited = 0; finish.length === 0 && waited < 100; waited++) await flush();
      finish.shift()!();
    }
    await Promise.all([...mine, theirs, again]);
    expect(printer['byOwner'].size).toBe(0);
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
