import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMilkProduction } from './farm/milk-production.ts';
import { XlsxWriter } from './files/xlsx-writer.ts';

const MB = 2 ** 20;
const rss = () => process.memoryUsage().rss;

/**
 * Memory stays flat while generating: rows are produced one at a time and written through
 * streams. RSS is sampled while a large table streams by; the bound is loose on purpose
 * (GC timing varies), yet far below what holding the table would take.
 */
describe('generation streams (flat memory)', () => {
  it('xl milk readings: a million rows stream by without RSS growing with them', () => {
    const table = generateMilkProduction({ profile: 'xl', seed: 1, asOf: '2026-06-30T18:00:00Z' });
    expect(table.rowCount).toBe(2_000_000);
    const rows = table.rows()[Symbol.iterator]();
    for (let i = 0; i < 100_000; i++) rows.next();
    const before = rss();
    let peak = before;
    let bytes = 0;
    for (let i = 0; i < 900_000; i++) {
      const row = rows.next().value as string[];
      bytes += row.join('\t').length;
      if (i % 50_000 === 0) peak = Math.max(peak, rss());
    }
    // The 900k rows are ~60 MB of text; holding them as arrays of strings would take far more.
    expect(bytes).toBeGreaterThan(50 * MB);
    expect(peak - before).toBeLessThan(96 * MB);
  });

  it('the XLSX writer streams: 300k rows written with bounded memory, file complete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-stream-'));
    try {
      const path = join(dir, 'big.xlsx');
      const writer = await XlsxWriter.create(path, 'Rows', new Date(0));
      await writer.row(['No', 'Amount', 'Date', 'Text'], true);
      const before = rss();
      let peak = before;
      for (let i = 0; i < 300_000; i++) {
        await writer.row([
          String(i),
          { amount: `${i}.50` },
          { date: '2025-12-31' },
          `row ${i} text`,
        ]);
        if (i % 25_000 === 0) peak = Math.max(peak, rss());
      }
      await writer.close();
      expect(peak - before).toBeLessThan(96 * MB);
      expect((await stat(path)).size).toBeGreaterThan(1 * MB);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
