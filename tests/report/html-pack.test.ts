import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvidence } from '../../src/report/fixtures/sample-evidence.ts';
import { writeReports } from '../../src/report/write-reports.ts';

const run = promisify(execFile);
let dir: string;
let html: string;
let pdf: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-html-'));
  const written = await writeReports(sampleEvidence('exceptions'), dir, {
    formats: ['html', 'pdf'],
  });
  html = await readFile(written.paths.html!, 'utf8');
  pdf = written.paths.pdf!;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reconciliation.html first screen and pictures', () => {
  it('shows seed 001 §5.2 acceptance rows with target and actual', async () => {
    const first = (await run('pdftotext', ['-f', '1', '-l', '1', pdf, '-'])).stdout;
    expect(first).toContain('PASS WITH ACCEPTED EXCEPTIONS');
    for (const row of [
      'Data completeness',
      'Row count accuracy',
      'Financial reconciliation',
      'Checksum validation',
      'Rollback time',
    ])
      expect(first).toContain(row);
    expect(first).toContain('< BDT 1.00 variance');
    expect(first).toMatch(/largest absolute variance BDT 0\.00/);
  });

  it('draws variance by month, success rate and rollback time as inline SVG, nothing fetched', () => {
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('Success rate per component');
    expect(html).toContain('Rollback time against its limit');
    expect(html).toMatch(/Sales totals by month: difference per group/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('lists quarantine by reason code and the accepted exceptions with their disposition', () => {
    expect(html).toContain('Quarantine by reason code');
    expect(html).toMatch(/INVALID_MOBILE<\/td><td class="num">9</);
    expect(html).toContain('Accepted exceptions');
    expect(html).toContain('dispositions/wave-2.yaml#D-014');
  });

  it('keeps the load table inside the A4 page', async () => {
    const { stdout } = await run('pdftotext', ['-bbox', pdf, '-']);
    const reasons = [
      ...stdout.matchAll(/xMax="([\d.]+)"[^>]*>(REASONS|INVALID_MOBILE|MISSING_NAME[^<]*)</g),
    ];
    expect(reasons.length).toBeGreaterThan(0);
    // A4 is 595.28 pt wide with 10 mm (28.35 pt) margins.
    for (const m of reasons) expect(Number(m[1]), m[2]).toBeLessThan(595.28 - 28.3);
  });
});
