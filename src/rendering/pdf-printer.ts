import { HttpStatus, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ApiError } from '../common/api-error';
import { Environment } from '../config/environment';
import { escapeHtml } from '../common/early-error';

/** How many pages print at once; the rest wait in line. */
export const PDF_CONCURRENCY = 2;
/** How many may wait; one more answers 503 PDF_BUSY with Retry-After. */
export const PDF_QUEUE_LIMIT = 8;
/** How many one person may have printing or waiting at once; one more answers 503 PDF_BUSY. */
export const PDF_PER_PERSON = 2;
/** One render (content set, laid out, printed), in ms. */
export const PDF_TIMEOUT_MS = 30_000;
const RETRY_AFTER_SECONDS = 5;
/** How long a render that ended waits for its context to close before it gives up its slot anyway. */
const CLOSE_WAIT_MS = 5_000;

export interface PrintOptions {
  /** Printed at the top of every page (escaped here: it may hold a city's name). */
  header: string;
  /** Printed at the bottom left of every page, beside the page number. */
  footer: string;
}

export interface PrintRequest {
  /** Who asks (a user's id): each person has at most PDF_PER_PERSON printing or waiting. */
  owner?: string;
  /**
   * Aborted when nobody waits for the answer any more (the client went away): a waiting print
   * leaves the line at once, a running one closes its page and gives its slot to the next.
   */
  signal?: AbortSignal;
}

/** What a print whose client went away rejects with; nobody receives it (4xx: not logged as a fault). */
export const clientGone = (): ApiError =>
  new ApiError(499 as HttpStatus, 'CLIENT_CLOSED_REQUEST', 'The client closed the connection before the PDF was printed');

/** 503 in the shared shape, saying how to get a browser. */
export function pdfUnavailable(path: string, why: string): ApiError {
  return new ApiError(
    HttpStatus.SERVICE_UNAVAILABLE,
    'PDF_UNAVAILABLE',
    `PDF needs a Chromium browser, and the one at CHROMIUM_PATH=${path} ${why}. Install one (Debian/Ubuntu: apt-get install chromium) ` +
      'or point CHROMIUM_PATH at a Chromium or Chrome executable, then try again; ?format=html works without it.',
  );
}

/**
 * Prints HTML to PDF with the system's headless Chromium (playwright-core, no downloaded browser).
 * The browser is launched on the first PDF and reused; each render gets its own context and page,
 * closed afterwards whatever happens; a browser that died is launched again on the next render; it
 * is closed at application shutdown. At most PDF_CONCURRENCY renders run at once, PDF_QUEUE_LIMIT
 * wait, one person has at most PDF_PER_PERSON of them, and each has PDF_TIMEOUT_MS. A print whose
 * client went away (its signal aborted) leaves the line, or stops rendering, and frees its place. The page runs no JavaScript and loads nothing from the network:
 * a report is self-contained HTML (inline CSS and SVG), and a value a user typed can never fetch a URL.
 */
@Injectable()
export class PdfPrinter implements OnApplicationShutdown {
  private readonly logger = new Logger('PdfPrinter');
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Prints printing or waiting, by owner. */
  private readonly byOwner = new Map<string, number>();
  private closed = false;

  constructor(private readonly env: Environment) {}

  async print(html: string, options: PrintOptions, request: PrintRequest = {}): Promise<Buffer> {
    const { owner, signal } = request;
    if (signal?.aborted) throw clientGone();
    this.claim(owner);
    try {
      await this.slot(signal);
      try {
        try {
          return await this.render(await this.launched(), html, options, signal);
        } catch (error) {
          if (error instanceof ApiError || signal?.aborted) throw error;
          // The browser died under the render (it crashed, or was killed): once more, on a fresh one.
          const browser = await this.browser?.catch(() => null);
          if (browser?.isConnected()) throw error;
          this.browser = null;
          return await this.render(await this.launched(), html, options, signal);
        }
      } finally {
        this.release();
      }
    } finally {
      this.unclaim(owner);
    }
  }

  /** Whether a browser is running now (for tests and the bench). */
  get warm(): boolean {
    return this.browser !== null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const pending = this.browser;
    this.browser = null;
    const browser = await pending?.catch(() => null);
    await browser?.close().catch(() => undefined);
  }

  private async render(browser: Browser, html: string, options: PrintOptions, signal?: AbortSignal): Promise<Buffer> {
    if (signal?.aborted) throw clientGone();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'PDF_TIMEOUT', `The PDF took longer than ${PDF_TIMEOUT_MS / 1000} s to print; try again`)),
        PDF_TIMEOUT_MS,
      );
    });
    const gone = new Promise<never>((_, reject) => {
      onAbort = () => reject(clientGone());
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Closed in `finally` even when the context opens only after the render was given up.
    const opened = browser.newContext({ javaScriptEnabled: false, offline: true });
    const work = async (): Promise<Buffer> => {
      const context = await opened;
      await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: PDF_TIMEOUT_MS });
      await page.emulateMedia({ media: 'print' });
      return page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        margin: { top: '16mm', bottom: '16mm', left: '12mm', right: '12mm' },
        headerTemplate: `<div style="font: 8px sans-serif; color: #57606a; width: 100%; padding: 0 12mm;">${escapeHtml(options.header)}</div>`,
        footerTemplate:
          '<div style="font: 8px sans-serif; color: #57606a; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;">' +
          `<span>${escapeHtml(options.footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      });
    };
    try {
      return await Promise.race([work(), timeout, gone]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      const closing = opened.then((context: BrowserContext) => context.close()).catch(() => undefined);
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([closing, new Promise((resolve) => (wait = setTimeout(resolve, CLOSE_WAIT_MS)))]);
      clearTimeout(wait);
    }
  }

  /** The running browser, launched when there is none (first use, or it died). */
  private launched(): Promise<Browser> {
    if (this.closed) return Promise.reject(pdfUnavailable(this.env.CHROMIUM_PATH, 'is shut down with the server'));
    if (!this.browser) {
      const path = this.env.CHROMIUM_PATH;
      const launching = this.launch(path);
      this.browser = launching;
      launching.then(
        (browser) => browser.on('disconnected', () => {
          if (this.browser === launching) this.browser = null;
        }),
        () => {
          if (this.browser === launching) this.browser = null;
        },
      );
    }
    return this.browser;
  }

  private async launch(path: string): Promise<Browser> {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      throw pdfUnavailable(path, 'is missing or not executable');
    }
    try {
      const started = Date.now();
      const browser = await chromium.launch({
        executablePath: path,
        headless: true,
        // Chromium's sandbox does not start as root (a container); for anyone else it stays on.
        chromiumSandbox: process.getuid?.() !== 0,
        // playwright gives each launch a fresh, temporary user-data-dir, removed when the browser closes.
        args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        timeout: PDF_TIMEOUT_MS,
      });
      this.logger.log(`Chromium ${browser.version()} started in ${Date.now() - started} ms (${path})`);
      return browser;
    } catch (error) {
      this.logger.warn(`Chromium at ${path} did not start: ${(error as Error).message.split('\n')[0]}`);
      throw pdfUnavailable(path, 'did not start');
    }
  }

  /** Counts a print against its owner, or refuses it when they already have PDF_PER_PERSON. */
  private claim(owner: string | undefined): void {
    if (owner === undefined) return;
    const mine = this.byOwner.get(owner) ?? 0;
    if (mine >= PDF_PER_PERSON) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'PDF_BUSY', `You have ${mine} PDFs being printed or waiting; try again when one is done`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    this.byOwner.set(owner, mine + 1);
  }

  private unclaim(owner: string | undefined): void {
    if (owner === undefined) return;
    const mine = (this.byOwner.get(owner) ?? 1) - 1;
    if (mine > 0) this.byOwner.set(owner, mine);
    else this.byOwner.delete(owner);
  }

  private async slot(signal?: AbortSignal): Promise<void> {
    if (this.running < PDF_CONCURRENCY) {
      this.running++;
      return;
    }
    if (this.waiting.length >= PDF_QUEUE_LIMIT) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'PDF_BUSY', `${PDF_CONCURRENCY + PDF_QUEUE_LIMIT} PDFs are being printed or waiting; try again shortly`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    // The slot is handed over by release(): running stays counted. A print whose client went away
    // leaves the line before it gets one.
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(clientGone());
      };
      const turn = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(turn);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
