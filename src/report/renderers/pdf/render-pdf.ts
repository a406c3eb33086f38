import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CutoverError, ErrorCodes, describeCause, isCutoverError } from '../../../core/errors.ts';
import { launchBrowser } from './launch-browser.ts';
import type { ReportBrowser } from './launch-browser.ts';
import { footerTemplate, headerTemplate } from './page-chrome.ts';

export interface RenderPdfOptions {
  runId: string;
  /** SHA-256 of evidence.json, printed in every page footer. */
  digest: string;
  outPath: string;
  /** Reuse a browser across documents; without it one is started and closed for this call. */
  browser?: ReportBrowser;
  /** Header text left of the run id. */
  title?: string;
}

export interface RenderedPdf {
  path: string;
  bytes: number;
  ms: number;
}

export async function renderPdf(html: string, options: RenderPdfOptions): Promise<RenderedPdf> {
  const started = performance.now();
  if (options.browser !== undefined) return await print(options.browser, html, options, started);
  await using browser = await launchBrowser();
  return await print(browser, html, options, started);
}

async function print(
  browser: ReportBrowser,
  html: string,
  options: RenderPdfOptions,
  started: number,
): Promise<RenderedPdf> {
  const chrome = {
    runId: options.runId,
    digest: options.digest,
    ...(options.title === undefined ? {} : { title: options.title }),
  };
  try {
    const pdf = await browser.printPdf(html, {
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(chrome),
      footerTemplate: footerTemplate(chrome),
      margin: { top: '16mm', bottom: '16mm', left: '10mm', right: '10mm' },
      timeout: 60_000,
    });
    await mkdir(dirname(options.outPath), { recursive: true });
    await writeFile(options.outPath, pdf);
    return {
      path: options.outPath,
      bytes: pdf.byteLength,
      ms: Math.round(performance.now() - started),
    };
  } catch (cause) {
    if (isCutoverError(cause)) throw cause;
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `Cannot render ${options.outPath}: ${describeCause(cause)}`,
      { cause, details: { path: options.outPath } },
    );
  }
}
