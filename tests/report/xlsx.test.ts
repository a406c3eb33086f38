import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/core/evidence.ts';
import { BENGALI_NAME, sampleEvidence } from '../../src/report/fixtures/sample-evidence.ts';
import { writeReports } from '../../src/report/write-reports.ts';

let dir: string;
let workbook: ExcelJS.Workbook;
let evidence: Evidence;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-xlsx-'));
  evidence = sampleEvidence('fail');
  // One more failing key with a figure longer than Excel can hold exactly.
  evidence.checks[3]!.failures.push({
    key: 'CUST-009999',
    field: 'credit_limit',
    expected: '12345678901234.56',
    actual: '12345678901234.57',
  });
  evidence.checks[3]!.failingCount += 1;
  const written = await writeReports(evidence, dir, { formats: ['xlsx'] });
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(written.paths.xlsx!);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reconciliation.xlsx', () => {
  it('has the sheets of seed 001 and one per check kind', () => {
    const names = workbook.worksheets.map((w) => w.name);
    expect(names.slice(0, 4)).toEqual(['Run', 'Summary', 'Status Summary', 'Loads']);
    for (const kind of new Set(evidence.checks.map((c) => c.kind)))
      expect(names).toContain(`Check ${kind}`);
    expect(names.slice(-4)).toEqual(['Mismatches', 'Quarantine', 'Exceptions', 'Rollback']);
  });

  it('freezes and filters every header', () => {
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter, sheet.name).toMatch(/^A1:[A-Z]+\d+$/);
      expect(sheet.getRow(1).font?.bold, sheet.name).toBe(true);
    }
  });

  it('keeps Summary and Status Summary in seed 001 shape, with status colours', () => {
    const summary = workbook.getWorksheet('Summary')!;
    expect((summary.getRow(1).values as unknown[]).slice(1, 8)).toEqual([
      'Check Type',
      'Entity',
      'Source Count',
      'Target Count',
      'Difference',
      'Status',
      'Timestamp',
    ]);
    expect(summary.rowCount).toBe(evidence.checks.length + 1);
    const status = workbook.getWorksheet('Status Summary')!;
    const counts = Object.fromEntries(
      status
        .getSheetValues()
        .slice(2)
        .map((r) => [(r as unknown[])[1], (r as unknown[])[2]]),
    );
    const expected: Record<string, number> = {};
    for (const c of evidence.checks)
      expected[c.status.toUpperCase()] = (expected[c.status.toUpperCase()] ?? 0) + 1;
    expect(counts).toEqual(expected);
    expect(counts['FAIL']).toBe(2);
    // exceljs reads conditional formats back but does not declare the property.
    const formats = (summary as unknown as { conditionalFormattings: unknown[] })
      .conditionalFormattings;
    expect(formats.length).toBeGreaterThan(0);
  });

  it('writes BDT with a money format, exactly', () => {
    const sheet = workbook.getWorksheet('Check financial-totals')!;
    const total = sheet.getRow(2);
    expect(total.getCell(6).value).toBe(184512734.5);
    expect(total.getCell(6).numFmt).toBe('#,##0.00');
    expect(total.getCell(8).value).toBe(-1.5);
    expect(sheet.rowCount).toBe(1 + 1 + 3); // the total and its three months
  });

  it('lists every failing key the evidence holds, NULL kept, long figures as text', () => {
    const sheet = workbook.getWorksheet('Mismatches')!;
    const keys = sheet.getColumn(5).values.slice(2);
    const expected = evidence.checks.flatMap((c) => c.failures.map((f) => f.key));
    expect(keys).toEqual(expected);
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows.find((r) => r[5] === 'CUST-000417')?.[7]).toBe(BENGALI_NAME);
    expect(rows.find((r) => r[5] === 'CUST-004410')?.[8]).toBe('NULL');
    expect(rows.find((r) => r[5] === 'CUST-009999')?.[7]).toBe('12345678901234.56');
  });

  it('counts quarantine by reason per entity', () => {
    const rows = workbook.getWorksheet('Quarantine')!.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => r.slice(2, 5))).toEqual([
      ['core.res_partner', 'INVALID_MOBILE', 9],
      ['core.res_partner', 'MISSING_NAME', 3],
      ['sales.order', 'ORPHAN_CUSTOMER', 21],
    ]);
  });
});
