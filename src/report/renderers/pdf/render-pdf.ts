import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CutoverError, ErrorCodes, describeCause, isCutoverError } from '../../../core/errors.ts';
import { CONTENT_WIDTH_PX, PRINT_MARGINS_MM, fieldRect, finishPdf } from './finish-pdf.ts';
import type { SignatureFieldSpec } from './finish-pdf.ts';
import { launchBrowser } from './launch-browser.ts';
import type { ElementBox, ReportBrowser } from './launch-browser.ts';
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
  /**
   * Roles that get an empty signature field, placed over the HTML's `.sign-field` boxes (in
   * the same order) inside its `.sign-off` section, which must be the last page.
   */
  signatureRoles?: readonly string[];
  /** evidence.json, embedded so the signed file carries its own evidence. */
  evidence?: { text: string; createdAt: Date };
}

/** The HTML's sign-off section and the boxes signature fields are placed over. */
export const SIGN_OFF_SELECTOR = '.sign-off';
export const SIGN_FIELD_SELECTOR = '.sign-field';

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
  const mm = (n: number) => `${n}mm`;
  const roles = options.signatureRoles ?? [];
  try {
    const printed = await browser.printMeasured(
      html,
      {
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: headerTemplate(chrome),
        footerTemplate: footerTemplate(chrome),
        margin: {
          top: mm(PRINT_MARGINS_MM.top),
          bottom: mm(PRINT_MARGINS_MM.bottom),
          left: mm(PRINT_MARGINS_MM.left),
          right: mm(PRINT_MARGINS_MM.right),
        },
        timeout: 60_000,
      },
      {
        selectors: roles.length > 0 ? [SIGN_OFF_SELECTOR, SIGN_FIELD_SELECTOR] : [],
        contentWidthPx: CONTENT_WIDTH_PX,
      },
    );
    const pdf = await finishPdf(printed.pdf, {
      signatureFields: signatureFields(roles, printed.boxes),
      ...(options.evidence === undefined
        ? {}
        : {
            attachment: {
              name: 'evidence.json',
              content: new TextEncoder().encode(options.evidence.text),
              description: `Evidence this report was rendered from; SHA-256 ${options.digest}`,
              createdAt: options.evidence.createdAt,
            },
          }),
      title: options.title ?? `Migration reconciliation ${options.runId}`,
      subject: `Run ${options.runId}; evidence SHA-256 ${options.digest}`,
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

/** Content height of an A4 page between the print margins, in CSS pixels. */
const CONTENT_HEIGHT_PX = (297 - PRINT_MARGINS_MM.top - PRINT_MARGINS_MM.bottom) * (96 / 25.4);

function signatureFields(
  roles: readonly string[],
  boxes: Record<string, ElementBox[]>,
): SignatureFieldSpec[] {
  if (roles.length === 0) return [];
  const section = boxes[SIGN_OFF_SELECTOR]?.[0];
  const fields = boxes[SIGN_FIELD_SELECTOR] ?? [];
  if (section === undefined || fields.length !== roles.length)
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `The report HTML has ${section === undefined ? 'no' : 'a'} sign-off section and ${fields.length} signature boxes for ${roles.length} roles; the template and the roles disagree.`,
    );
  // Fields are placed on the last page: the section must fit on it.
  if (section.height > CONTENT_HEIGHT_PX)
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `The sign-off section is ${Math.round(section.height)} px high and does not fit on one A4 page; signature fields could not be placed.`,
    );
  return roles.map((name, i) => ({ name, rect: fieldRect(fields[i]!, section) }));
}
