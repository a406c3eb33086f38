import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CutoverError, ErrorCodes, describeCause, isCutoverError } from '../core/errors.ts';
import type { Evidence } from '../core/evidence.ts';
import { writeEvidence } from './digest.ts';
import { SIGN_OFF_ROLES } from './renderers/html/sign-off-roles.ts';
import type { ReportBrowser } from './renderers/pdf/launch-browser.ts';

export type ReportFormat = 'json' | 'html' | 'pdf' | 'xlsx' | 'junit';

export const REPORT_FILES: Record<ReportFormat, string> = {
  json: 'evidence.json',
  html: 'reconciliation.html',
  pdf: 'reconciliation.pdf',
  xlsx: 'reconciliation.xlsx',
  junit: 'junit.xml',
};

export interface WriteReportsOptions {
  /** Formats besides evidence.json, which is always written: every report cites its digest. */
  formats?: readonly ReportFormat[];
  /** A browser started once for the run; without it the PDF starts and stops its own. */
  browser?: ReportBrowser;
}

export interface WrittenReports {
  paths: Partial<Record<ReportFormat, string>> & { json: string };
  digest: string;
}

export async function writeReports(
  evidence: Evidence,
  outDir: string,
  options: WriteReportsOptions = {},
): Promise<WrittenReports> {
  const formats = new Set<ReportFormat>(
    options.formats ?? ['json', 'html', 'pdf', 'xlsx', 'junit'],
  );
  await mkdir(outDir, { recursive: true });
  const { path: jsonPath, digest, text } = await writeEvidence(outDir, evidence);
  const paths: WrittenReports['paths'] = { json: jsonPath };

  let html: string | undefined;
  if (formats.has('html') || formats.has('pdf')) {
    const { renderHtml } = await import('./renderers/html/render-html.ts');
    html = renderHtml(evidence, digest);
  }
  if (formats.has('html') && html !== undefined) {
    paths.html = await writeText(join(outDir, REPORT_FILES.html), html);
  }
  if (formats.has('junit')) {
    const { renderJunit } = await import('./renderers/junit/render-junit.ts');
    paths.junit = await writeText(
      join(outDir, REPORT_FILES.junit),
      renderJunit(evidence, { digest }),
    );
  }
  // The PDF is mostly Chromium's work in its own process and the workbook is Node's: written
  // side by side, the pack takes the longer of the two instead of their sum.
  const jobs: Promise<void>[] = [];
  if (formats.has('pdf') && html !== undefined) {
    const page = html;
    jobs.push(
      (async () => {
        const { renderPdf } = await import('./renderers/pdf/render-pdf.ts');
        const rendered = await renderPdf(page, {
          runId: evidence.run.runId,
          digest,
          outPath: join(outDir, REPORT_FILES.pdf),
          signatureRoles: SIGN_OFF_ROLES.map((r) => r.role),
          evidence: {
            text,
            createdAt: new Date(evidence.run.finishedAt || evidence.run.startedAt),
          },
          ...(options.browser === undefined ? {} : { browser: options.browser }),
        });
        paths.pdf = rendered.path;
      })(),
    );
  }
  if (formats.has('xlsx')) {
    jobs.push(
      (async () => {
        const { renderXlsx } = await import('./renderers/xlsx/render-xlsx.ts');
        paths.xlsx = await renderXlsx(evidence, join(outDir, REPORT_FILES.xlsx), { digest });
      })(),
    );
  }
  // Both settle before any failure is reported: nothing is left writing after we return.
  const failed = (await Promise.allSettled(jobs)).find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failed !== undefined) throw failed.reason;
  return { paths, digest };
}

async function writeText(path: string, text: string): Promise<string> {
  try {
    await writeFile(path, text, 'utf8');
    return path;
  } catch (cause) {
    if (isCutoverError(cause)) throw cause;
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `Cannot write ${path}: ${describeCause(cause)}`,
      {
        cause,
        details: { path },
      },
    );
  }
}
