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

/** One Chromium for a whole run; documents are printed one after another on one page. */
export interface ReportBrowser extends AsyncDisposable {
  readonly executablePath: string;
  printPdf(html: string, pdf: PDFOptions): Promise<Uint8Array>;
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

  const print = async (html: string, pdf: PDFOptions): Promise<Uint8Array> => {
    if (closed)
      throw new CutoverError(ErrorCodes.REPORT_FAILED, 'The report browser is already closed.');
    const current = await openPage();
    await current.setContent(html, { waitUntil: 'load' });
    return await current.pdf(pdf);
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
    printPdf(html, pdf) {
      const job = queue.then(() => print(html, pdf));
      queue = job.catch(() => undefined);
      return job;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
