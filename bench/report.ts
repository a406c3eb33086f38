import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Evidence } from '../src/core/evidence.ts';
import { evidenceDigest, serializeEvidence } from '../src/report/digest.ts';
import { docSizedEvidence } from '../src/report/fixtures/doc-sized-evidence.ts';
import { renderHtml } from '../src/report/renderers/html/render-html.ts';
import { SIGN_OFF_ROLES } from '../src/report/renderers/html/sign-off-roles.ts';
import { renderJunit } from '../src/report/renderers/junit/render-junit.ts';
import { launchBrowser } from '../src/report/renderers/pdf/launch-browser.ts';
import { renderPdf } from '../src/report/renderers/pdf/render-pdf.ts';
import { renderXlsx } from '../src/report/renderers/xlsx/render-xlsx.ts';
import { writeReports } from '../src/report/write-reports.ts';

const run = promisify(execFile);

/**
 * Renders a pack and prints the time per format, the PDF's pages and size, then the whole
 * writeReports once with Chromium already started and once starting its own (issue #6 aim:
 * the whole `doc` pack under 5 s, Chromium started once per run). Without an argument it
 * renders the synthetic doc-sized evidence; `bench/report.ts PATH/evidence.json` renders a
 * real run's.
 */
export async function benchReport(evidencePath?: string): Promise<void> {
  const evidence: Evidence =
    evidencePath === undefined
      ? docSizedEvidence()
      : (JSON.parse(await readFile(evidencePath, 'utf8')) as Evidence);
  const dir = await mkdtemp(join(tmpdir(), 'cutover-bench-report-'));
  const time = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    console.log(`  ${label.padEnd(34)} ${((performance.now() - t0) / 1000).toFixed(3)} s`);
    return result;
  };
  try {
    const kept = evidence.checks.reduce((s, c) => s + c.failures.length, 0);
    const groups = evidence.checks.reduce((s, c) => s + (c.groups?.length ?? 0), 0);
    const accepted = evidence.checks.filter((c) => c.status === 'accepted').length;
    console.log(
      `  ${evidencePath ?? 'doc-sized evidence'}: ${evidence.checks.length} checks (${accepted} accepted), ${groups} groups, ${kept} failing keys kept`,
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
      const pdfPath = join(dir, 'reconciliation.pdf');
      await time('reconciliation.pdf', () =>
        renderPdf(html, {
          runId: evidence.run.runId,
          digest,
          outPath: pdfPath,
          browser,
          signatureRoles: SIGN_OFF_ROLES.map((r) => r.role),
          evidence: { text, createdAt: new Date(evidence.run.finishedAt) },
        }),
      );
      const pages = /^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [pdfPath])).stdout)?.[1];
      const mb = ((await stat(pdfPath)).size / 1e6).toFixed(2);
      console.log(
        `  pdf: ${pages} pages, ${mb} MB (evidence.json attached: ${(text.length / 1e6).toFixed(2)} MB)`,
      );
      await time('whole pack, chromium running', () =>
        writeReports(evidence, join(dir, 'pack'), { browser }).then(() => undefined),
      );
    } finally {
      await browser.close();
    }
    await time('whole pack, starting chromium', () =>
      writeReports(evidence, join(dir, 'pack-own')).then(() => undefined),
    );
    console.log('  aim: whole pack < 5 s, Chromium started once per run (issue #6)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchReport(process.argv[2]);
