import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page, PDFOptions } from 'puppeteer-core';
import { CutoverError, ErrorCodes, describeCause } from '../../../core/errors.ts';
import { findChromium } from './find-chromium.ts';

/** Flags measured to work as root on these machines (ENVIRONMENT.md); headless is added by puppeteer. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-dev-shm-usage',
];

export interface LaunchBrowserOptions {
  /** Overrides CUTOVER_CHROMIUM and the PATH search. */
  executablePath?: string;
  timeoutMs?: number;
}

/** An element's border box in CSS pixels, laid out for print at the page's content width. */
export interface ElementBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MeasureOptions {
  /** CSS selectors whose boxes are reported, in document order per selector. */
  selectors: readonly string[];
  /** Width of the printed content area in CSS pixels (paper width minus side margins). */
  contentWidthPx: number;
}

export interface MeasuredPdf {
  pdf: Uint8Array;
  boxes: Record<string, ElementBox[]>;
}

/** One Chromium for a whole run; documents are printed one after another on one page. */
export interface ReportBrowser extends AsyncDisposable {
  readonly executablePath: string;
  printPdf(html: string, pdf: PDFOptions): Promise<Uint8Array>;
  /**
   * Prints like printPdf and reports where elements sit, laid out with print styles at the
   * printed width, so form fields can be placed over boxes the HTML drew.
   */
  printMeasured(html: string, pdf: PDFOptions, measure: MeasureOptions): Promise<MeasuredPdf>;
  close(): Promise<void>;
}

export async function launchBrowser(options: LaunchBrowserOptions = {}): Promise<ReportBrowser> {
  const executablePath = options.executablePath ?? (await findChromium());
  const { default: puppeteer } = await import('puppeteer-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'cutover-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir,
      args: CHROMIUM_ARGS,
      timeout: options.timeoutMs ?? 30_000,
      // The harness owns Ctrl-C handling; it disposes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (cause) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `Chromium at ${executablePath} did not start: ${describeCause(cause)}. Run \`apt-get install chromium\` or set CUTOVER_CHROMIUM to a working binary.`,
      { cause, details: { executablePath } },
    );
  }

  let page: Page | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const openPage = async (): Promise<Page> => {
    if (page !== undefined && !page.isClosed()) return page;
    const fresh = await browser.newPage();
    // A report must render the same offline as online: nothing it shows may come from a network.
    await fresh.setRequestInterception(true);
    fresh.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else void request.abort('blockedbyclient');
    });
    await fresh.setJavaScriptEnabled(false);
    page = fresh;
    return fresh;
  };

  const print = async (
    html: string,
    pdf: PDFOptions,
    measure?: MeasureOptions,
  ): Promise<MeasuredPdf> => {
    if (closed)
      throw new CutoverError(ErrorCodes.REPORT_FAILED, 'The report browser is already closed.');
    const current = await openPage();
    const boxes: Record<string, ElementBox[]> = {};
    if (measure !== undefined) {
      await current.emulateMediaType('print');
      await current.setViewport({ width: Math.floor(measure.contentWidthPx), height: 1123 });
    }
    await current.setContent(html, { waitUntil: 'load' });
    if (measure !== undefined) {
      for (const selector of measure.selectors) {
        const found: ElementBox[] = [];
        for (const handle of await current.$$(selector)) {
          const box = await handle.boundingBox();
          await handle.dispose();
          if (box !== null) found.push(box);
        }
        boxes[selector] = found;
      }
    }
    return { pdf: await current.pdf(pdf), boxes };
  };

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job);
    queue = next.catch(() => undefined);
    return next;
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await browser.close();
    } finally {
      await rm(userDataDir, { recursive: true, force: true });
    }
  };

  return {
    executablePath,
    // Serialised: two documents printed at once on the one page would overwrite each other.
    printPdf: (html, pdf) => enqueue(async () => (await print(html, pdf)).pdf),
    printMeasured: (html, pdf, measure) => enqueue(() => print(html, pdf, measure)),
    close,
    [Symbol.asyncDispose]: close,
  };
}
