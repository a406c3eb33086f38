import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeEvidence, evidenceDigest } from '../src/report/digest.ts';
import { docSizedEvidence } from '../src/report/fixtures/doc-sized-evidence.ts';
import { renderHtml } from '../src/report/renderers/html/render-html.ts';
import { renderJunit } from '../src/report/renderers/junit/render-junit.ts';
import { launchBrowser } from '../src/report/renderers/pdf/launch-browser.ts';
import { renderPdf } from '../src/report/renderers/pdf/render-pdf.ts';
import { renderXlsx } from '../src/report/renderers/xlsx/render-xlsx.ts';
import { SIGN_OFF_ROLES } from '../src/report/renderers/html/sign-off-roles.ts';
import { writeReports } from '../src/report/write-reports.ts';

/**
 * Renders the pack of a doc-sized evidence (issue #6 aim: the whole pack under 5 s, Chromium
 * started once) and prints the time per format, then the whole writeReports with one browser.
 */
export async function benchReport(): Promise<void> {
  const evidence = docSizedEvidence();
  const dir = await mkdtemp(join(tmpdir(), 'cutover-bench-report-'));
  const time = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    console.log(`  ${label.padEnd(28)} ${((performance.now() - t0) / 1000).toFixed(3)} s`);
    return result;
  };
  try {
    const failing = evidence.checks.reduce((s, c) => s + c.failures.length, 0);
    console.log(
      `  doc-sized evidence: ${evidence.checks.length} checks, ${failing} failing keys kept`,
    );
    const browser = await time('chromium start', () => launchBrowser());
    try {
      const text = await time('evidence.json', async () => {
        const t = serializeEvidence(evidence);
        await writeFile(join(dir, 'evidence.json'), t);
        return t;
      });
      const digest = evidenceDigest(text);
      const html = await time('reconciliation.html', async () => {
        const h = renderHtml(evidence, digest);
        await writeFile(join(dir, 'reconciliation.html'), h);
        return h;
      });
      await time('junit.xml', () =>
        writeFile(join(dir, 'junit.xml'), renderJunit(evidence, { digest })),
      );
      await time('reconciliation.xlsx', () =>
        renderXlsx(evidence, join(dir, 'reconciliation.xlsx'), { digest }),
      );
      await time('reconciliation.pdf', () =>
        renderPdf(html, {
          runId: evidence.run.runId,
          digest,
          outPath: join(dir, 'reconciliation.pdf'),
          browser,
          signatureRoles: SIGN_OFF_ROLES.map((r) => r.role),
          evidence: { text, createdAt: new Date(evidence.run.finishedAt) },
        }),
      );
      const total = await time('whole pack (writeReports)', () =>
        writeReports(evidence, join(dir, 'pack'), { browser }).then(() => undefined),
      );
      void total;
    } finally {
      await browser.close();
    }
    console.log('  aim: whole pack < 5 s with Chromium already started (issue #6)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReport();
