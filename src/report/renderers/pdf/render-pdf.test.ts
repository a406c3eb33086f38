import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCutoverError } from '../../../core/errors.ts';
import { BENGALI_NAME, sampleEvidence } from '../../fixtures/sample-evidence.ts';
import { writeReports } from '../../write-reports.ts';
import type { WrittenReports } from '../../write-reports.ts';
import { findChromium } from './find-chromium.ts';
import { launchBrowser } from './launch-browser.ts';
import type { ReportBrowser } from './launch-browser.ts';
import { renderPdf } from './render-pdf.ts';

const run = promisify(execFile);

async function pdfText(path: string, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const { stdout } = await run('pdftotext', [...range, path, '-']);
  return stdout;
}

async function pageCount(path: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [path]);
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
}

let dir: string;
let browser: ReportBrowser;
let written: WrittenReports;
const evidence = sampleEvidence('fail');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-pdf-'));
  browser = await launchBrowser();
  written = await writeReports(evidence, join(dir, 'reports', evidence.run.runId), { browser });
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes all five files, the digest being that of evidence.json', async () => {
    expect(Object.keys(written.paths).sort()).toEqual(['html', 'json', 'junit', 'pdf', 'xlsx']);
    for (const path of Object.values(written.paths))
      expect((await stat(path)).size).toBeGreaterThan(1000);
    const json = await readFile(written.paths.json);
    expect(written.digest).toBe(createHash('sha256').update(json).digest('hex'));
    expect(await readFile(written.paths.html!, 'utf8')).toContain(written.digest);
  });

  it('writes only the formats asked for, and always the evidence', async () => {
    const out = join(dir, 'junit-only');
    const only = await writeReports(sampleEvidence('pass'), out, { formats: ['junit'] });
    expect(Object.keys(only.paths).sort()).toEqual(['json', 'junit']);
  });
});

describe('renderPdf', () => {
  it('prints the verdict on page 1 and the run id, digest and page x of y on every page', async () => {
    const pdf = written.paths.pdf!;
    const pages = await pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    const first = await pdfText(pdf, 1);
    expect(first).toContain('FAIL');
    expect(first).toContain('Page 1 of');
    for (let page = 1; page <= pages; page++) {
      const text = await pdfText(pdf, page);
      expect(text, `page ${page}`).toContain(evidence.run.runId);
      expect(text, `page ${page}`).toContain(written.digest);
      expect(text, `page ${page}`).toContain(`Page ${page} of ${pages}`);
    }
  });

  it('ends with the sign-off block for every role', async () => {
    const pdf = written.paths.pdf!;
    const last = await pdfText(pdf, await pageCount(pdf));
    for (const role of [
      'Sign-off',
      'Data Owner',
      'IT Lead',
      'QA Lead',
      'Finance',
      'Signature',
      'Date',
      'Decision',
    ])
      expect(last.toLowerCase()).toContain(role.toLowerCase());
  });

  it('renders page 1 to a non-trivial image', async () => {
    const prefix = join(dir, 'page');
    await run('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      written.paths.pdf!,
      prefix,
    ]);
    const png = await readFile(`${prefix}.png`);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.length).toBeGreaterThan(10_000);

    await run('pdftoppm', [
      '-gray',
      '-r',
      '50',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      written.paths.pdf!,
      prefix,
    ]);
    const pgm = await readFile(`${prefix}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    expect(header).not.toBeNull();
    const [width, height] = [Number(header![1]), Number(header![2])];
    // A4 at 50 dpi is 413.4 x 585 pixels; poppler rounds the width either way.
    expect(Math.abs(width - 413.4)).toBeLessThan(1);
    expect(height).toBe(585);
    const pixels = pgm.subarray(header![0].length);
    expect(pixels.length).toBe(width * height);
    const inked = pixels.filter((v) => v < 200).length / pixels.length;
    expect(inked).toBeGreaterThan(0.02);
    expect(inked).toBeLessThan(0.6);
    // The verdict banner is tinted, not white: the top third has non-white, non-black pixels.
    const tinted = pixels
      .subarray(0, width * Math.round(height / 3))
      .filter((v) => v > 200 && v < 250).length;
    expect(tinted).toBeGreaterThan(1000);
  });

  it('shapes Bengali text so it can be extracted again', async () => {
    const out = join(dir, 'bengali.pdf');
    const html = `<!DOCTYPE html><html lang="bn"><meta charset="utf-8"><body style="font-family:'Noto Sans Bengali'"><p>${BENGALI_NAME}</p></body></html>`;
    await renderPdf(html, { runId: 'bn', digest: 'b'.repeat(64), outPath: out, browser });
    expect(await pdfText(out)).toContain(BENGALI_NAME);
    // And inside the full report, where it sits in a failing-key table.
    expect(await pdfText(written.paths.pdf!)).toContain(BENGALI_NAME);
  });

  it('renders offline: a page asking for the network is neither blocked nor delayed', async () => {
    const out = join(dir, 'offline.pdf');
    const started = Date.now();
    const html =
      '<!DOCTYPE html><html><body><img src="http://192.0.2.1/x.png"><link rel="stylesheet" href="https://cdn.example/x.css"><p>offline</p></body></html>';
    await renderPdf(html, { runId: 'offline', digest: 'c'.repeat(64), outPath: out, browser });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await pdfText(out)).toContain('offline');
  });

  it('starts and stops its own browser when none is given', async () => {
    const out = join(dir, 'own-browser.pdf');
    const result = await renderPdf('<p>alone</p>', {
      runId: 'alone',
      digest: 'd'.repeat(64),
      outPath: out,
    });
    expect(result.bytes).toBeGreaterThan(1000);
    expect(await pdfText(out)).toContain('alone');
  });
});

describe('findChromium', () => {
  it('explains how to install Chromium when the configured one is missing', async () => {
    const error = await findChromium({ CUTOVER_CHROMIUM: '/nonexistent/chromium' }).catch(
      (e: unknown) => e,
    );
    expect(isCutoverError(error) && error.code).toBe('CUTOVER_REPORT_FAILED');
    expect((error as Error).message).toContain('apt-get install chromium');
  });

  it('finds Debian chromium by default', async () => {
    expect(await findChromium({ PATH: '' })).toBe('/usr/bin/chromium');
  });
});
