import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XlsxWriter } from '../../generators/files/xlsx-writer.ts';
import type { LegacySource, SourceRecord } from '../core/source.ts';
import { gatherBatches, SOURCE_BATCH } from './batches.ts';
import { CsvParser } from './csv-records.ts';
import { csvSource } from './csv-source.ts';
import { sqliteTableSource } from './sqlite-table-source.ts';
import { xlsxSource } from './xlsx-source.ts';

let dir: string;
const all = async (s: LegacySource) => {
  const out: { record: SourceRecord; row: number }[] = [];
  for await (const r of s.rows()) out.push(r);
  return out;
};

const EXPORT =
  '\uFEFFSmart Dairy Ltd.\r\nDay Book\r\nPeriod: 01/07/2024 to 30/06/2026\r\n\r\n' +
  'Voucher No,Date,Narration,Amount\r\n' +
  'SV/000001,01/02/2025,Plain,"1,234.50"\r\n' +
  'SV/000002,02/02/2025,"two\r\nlines, ""quoted""","2,000.00"\r\n' +
  'SV/000003,03/02/2025,,0.50\r\n' +
  'Total,,,"3,235.00"\r\n\r\n';

describe('CsvParser', () => {
  // The file arrives in chunks of 256 KiB: a record, a quoted field, a doubled quote or a
  // CRLF may be cut anywhere, and the records must not depend on where.
  it('parses the same records wherever the text is cut into chunks', () => {
    const parse = (chunks: string[]) => {
      const parser = new CsvParser('cut.csv', ',');
      const records = chunks.flatMap((chunk) => {
        const { records, failure } = parser.push(chunk);
        if (failure !== undefined) throw failure;
        return records;
      });
      const last = parser.end();
      return last === undefined ? records : [...records, last];
    };
    const whole = parse([EXPORT]);
    expect(whole.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11]);
    expect(whole[6]!.cells).toEqual([
      'SV/000002',
      '02/02/2025',
      'two\r\nlines, "quoted"',
      '2,000.00',
    ]);
    for (let cut = 1; cut < EXPORT.length; cut++) {
      expect(parse([EXPORT.slice(0, cut), EXPORT.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(parse([...EXPORT])).toEqual(whole);
  });

  it('hands back the records before a malformed one, then the error with its line', () => {
    const text = 'K,V\r\na,"two\r\nlines"\r\nb,c"d\r\ne,f\r\n';
    for (const size of [1, 3, 7, text.length]) {
      const parser = new CsvParser('bad.csv', ',');
      const records: number[] = [];
      let failure: unknown;
      for (let i = 0; i < text.length && failure === undefined; i += size) {
        const pushed = parser.push(text.slice(i, i + size));
        records.push(...pushed.records.map((r) => r.row));
        failure = pushed.failure;
      }
      expect(records, `chunks of ${size}`).toEqual([1, 2]);
      expect(failure).toMatchObject({ code: 'CUTOVER_SOURCE_INVALID', details: { row: 4 } });
    }
  });
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-sources-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('csvSource', () => {
  it('skips the preamble, finds the header by its key, keeps raw text and line numbers', async () => {
    await writeFile(join(dir, 'vouchers.csv'), EXPORT);
    const source = await csvSource(join(dir, 'vouchers.csv'), { key: ['Voucher No'] });
    expect(source.columns).toEqual(['Voucher No', 'Date', 'Narration', 'Amount']);
    const rows = await all(source);
    expect(rows.map((r) => r.row)).toEqual([6, 7, 9]);
    expect(rows[1]!.record).toEqual({
      'Voucher No': 'SV/000002',
      Date: '02/02/2025',
      Narration: 'two\r\nlines, "quoted"',
      Amount: '2,000.00',
    });
    expect(rows[2]!.record['Narration']).toBe('');
    expect(await source.count()).toBe(3);
    expect(source.location(9)).toBe('vouchers.csv row 9');
  });

  it('reports the totals row as the footer, never as a record', async () => {
    await writeFile(join(dir, 'footer.csv'), EXPORT);
    const source = await csvSource(join(dir, 'footer.csv'), { key: ['Voucher No'] });
    expect(await source.footer()).toMatchObject({ 'Voucher No': 'Total', Amount: '3,235.00' });
    const none = await csvSource(join(dir, 'footer.csv'), {
      key: ['Voucher No'],
      totalsLabel: null,
    });
    expect(await none.count()).toBe(4);
    expect(await none.footer()).toBeNull();
  });

  it.each([
    ['a quote inside an unquoted field', 'K,V\r\na,b"c\r\n', 2, /quote inside an unquoted field/],
    ['text after a closing quote', 'K,V\r\na,"b"c\r\n', 2, /text after a closing quote/],
    ['an unclosed quote', 'K,V\r\na,b\r\nc,"never\r\nclosed\r\n', 3, /never closed/],
    ['a ragged row', 'K,V\r\na,b\r\nc\r\n', 3, /1 fields where the header has 2/],
    ['data after the totals row', 'K,V\r\nTotal,1\r\nz,2\r\n', 3, /data after the totals row/],
  ])('rejects %s with the file and row', async (_what, text, row, message) => {
    const path = join(dir, `bad-${row}.csv`);
    await writeFile(path, text);
    const source = await csvSource(path, { key: ['K'] });
    const error = await all(source).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CUTOVER_SOURCE_INVALID',
      details: { source: `bad-${row}.csv`, row },
    });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`bad-${row}.csv row ${row}`);
  });

  it('names the file when it cannot be read or has no header', async () => {
    await expect(csvSource(join(dir, 'missing.csv'), { key: ['K'] })).rejects.toMatchObject({
      code: 'CUTOVER_SOURCE_INVALID',
      details: { source: 'missing.csv' },
    });
    await writeFile(join(dir, 'noheader.csv'), 'a,b\r\n1,2\r\n');
    await expect(csvSource(join(dir, 'noheader.csv'), { key: ['K'] })).rejects.toThrow(
      /noheader.csv: no header row with K/,
    );
  });
});

describe('xlsxSource', () => {
  it('streams a sheet: numbers as their shortest text, dates ISO, text cells kept as text', async () => {
    const path = join(dir, 'book.xlsx');
    const w = await XlsxWriter.create(path, 'Register', new Date(Date.UTC(2026, 5, 30)));
    await w.row(['Tag No', 'Price', 'Born', 'Note'], true);
    await w.row(['982000000000001', { number: '85000' }, { date: '2021-03-04' }, null]);
    await w.row(['982000000000002', '85,000', '04/03/2021', 'জন্ম']);
    await w.row(['982000000000003', { amount: '1234.565' }, null, 'x']);
    await w.close();
    const source = await xlsxSource(path, 'Register', { key: [], headerIncludes: ['Tag No'] });
    const rows = await all(source);
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(rows.map((r) => r.record)).toEqual([
      { 'Tag No': '982000000000001', Price: '85000', Born: '2021-03-04', Note: null },
      { 'Tag No': '982000000000002', Price: '85,000', Born: '04/03/2021', Note: 'জন্ম' },
      { 'Tag No': '982000000000003', Price: '1234.565', Born: null, Note: 'x' },
    ]);
    expect(source.location(3)).toBe('book.xlsx#Register row 3');
  });

  it('names the file and sheet when the sheet is missing or the file is not a workbook', async () => {
    const path = join(dir, 'book.xlsx');
    await expect(xlsxSource(path, 'Nope', { key: ['Tag No'] })).rejects.toThrow(
      /no sheet 'Nope' \(sheets: Register\)/,
    );
    await writeFile(join(dir, 'fake.xlsx'), 'not a zip');
    await expect(xlsxSource(join(dir, 'fake.xlsx'), 'S', { key: ['K'] })).rejects.toMatchObject({
      code: 'CUTOVER_SOURCE_INVALID',
      details: { source: 'fake.xlsx#S' },
    });
  });
});

describe('sqliteTableSource', () => {
  it('reads in key order, INTEGER exact and REAL as SQLite prints it, and never writes', async () => {
    const path = join(dir, 'farm.sqlite');
    execFileSync('sqlite3', [
      path,
      "CREATE TABLE t (id INTEGER PRIMARY KEY, big INTEGER, r REAL, s TEXT); INSERT INTO t VALUES (2, 9007199254740993, 45000.0, 'b'), (1, 1, 12.4, NULL);",
    ]);
    await using source = await sqliteTableSource(path, 't', 'id');
    expect(source.columns).toEqual(['id', 'big', 'r', 's']);
    expect(await source.count()).toBe(2);
    const rows = await all(source);
    expect(rows.map((r) => r.record)).toEqual([
      { id: '1', big: '1', r: '12.4', s: null },
      { id: '2', big: '9007199254740993', r: '45000.0', s: 'b' },
    ]);
    expect(execFileSync('sqlite3', [path, 'SELECT r FROM t ORDER BY id']).toString()).toBe(
      '12.4\n45000.0\n',
    );
  });

  it('reads only the columns asked for, with the key, and names one the table lacks', async () => {
    const path = join(dir, 'farm.sqlite');
    await using source = await sqliteTableSource(path, 't', 'id', { columns: ['s', 'r'] });
    expect(source.columns).toEqual(['id', 'r', 's']);
    expect((await all(source)).map((r) => r.record)).toEqual([
      { id: '1', r: '12.4', s: null },
      { id: '2', r: '45000.0', s: 'b' },
    ]);
    await expect(sqliteTableSource(path, 't', 'id', { columns: ['s', 'nope'] })).rejects.toThrow(
      /farm.sqlite:t: no column 'nope' to read \(columns: id, big, r, s\)/,
    );
  });

  it('names the file and table when they are missing', async () => {
    await expect(sqliteTableSource(join(dir, 'none.sqlite'), 't', 'id')).rejects.toMatchObject({
      code: 'CUTOVER_SOURCE_INVALID',
    });
    await expect(sqliteTableSource(join(dir, 'farm.sqlite'), 'nope', 'id')).rejects.toThrow(
      /farm.sqlite:nope: cannot read the table/,
    );
  });
});

describe('batches', () => {
  // What the loader and the rules oracle read: the same records as rows(), in order, with
  // their row numbers, in non-empty batches.
  async function batchesOf(source: LegacySource): Promise<number[]> {
    const sizes: number[] = [];
    const fromBatches: { record: SourceRecord; row: number }[] = [];
    for await (const batch of source.batches()) {
      sizes.push(batch.length);
      fromBatches.push(...batch);
    }
    expect(fromBatches).toEqual(await all(source));
    expect(await source.count()).toBe(fromBatches.length);
    return sizes;
  }

  it('a SQLite table in batches of SOURCE_BATCH, the last one shorter', async () => {
    const path = join(dir, 'many.sqlite');
    execFileSync('sqlite3', [
      path,
      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) INSERT INTO t SELECT i, printf('v%d', i) FROM n;",
    ]);
    await using source = await sqliteTableSource(path, 't', 'id');
    expect(await batchesOf(source)).toEqual([SOURCE_BATCH, SOURCE_BATCH, 500]);
    const records: { record: SourceRecord; row: number }[] = [];
    for await (const batch of source.batches()) records.push(...batch);
    expect(records).toEqual(
      Array.from({ length: 2500 }, (_v, i) => ({
        record: { id: String(i + 1), v: `v${i + 1}` },
        row: i + 1,
      })),
    );
  });

  it('a CSV export a read at a time: records cut between two reads, the footer kept apart', async () => {
    const lines = Array.from(
      { length: 3000 },
      (_v, i) => `V${i + 1},"narration ${'x'.repeat(120)}\r\nline two",${i}.50`,
    );
    const path = join(dir, 'long.csv');
    await writeFile(path, `Voucher No,Narration,Amount\r\n${lines.join('\r\n')}\r\nTotal,,1\r\n`);
    const source = await csvSource(path, { key: ['Voucher No'] });
    const sizes = await batchesOf(source);
    const records: { record: SourceRecord; row: number }[] = [];
    for await (const batch of source.batches()) records.push(...batch);
    // Each record takes two lines after the header: record i starts on line 2i.
    expect(records).toEqual(
      Array.from({ length: 3000 }, (_v, i) => ({
        record: {
          'Voucher No': `V${i + 1}`,
          Narration: `narration ${'x'.repeat(120)}\r\nline two`,
          Amount: `${i}.50`,
        },
        row: 2 * (i + 1),
      })),
    );
    // About 460 KB: two reads of 256 KiB.
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(await source.footer()).toMatchObject({ 'Voucher No': 'Total', Amount: '1' });
  });

  it('an XLSX sheet in batches of SOURCE_BATCH', async () => {
    const path = join(dir, 'many.xlsx');
    const w = await XlsxWriter.create(path, 'Register', new Date(Date.UTC(2026, 5, 30)));
    await w.row(['Tag No', 'Note'], true);
    for (let i = 1; i <= 1200; i++) await w.row([`98200000000${String(i).padStart(4, '0')}`, 'n']);
    await w.close();
    const source = await xlsxSource(path, 'Register', { key: [], headerIncludes: ['Tag No'] });
    expect(await batchesOf(source)).toEqual([SOURCE_BATCH - 1, 201]);
  });
});

describe('gatherBatches', () => {
  function* failingAfter(n: number): Generator<number> {
    for (let i = 1; i <= n; i++) yield i;
    throw new Error(`read failed after ${n}`);
  }
  async function* failingAfterAsync(n: number): AsyncGenerator<number> {
    yield* failingAfter(n);
  }

  it.each([
    ['a synchronous input', () => failingAfter(1500)],
    ['an asynchronous input', () => failingAfterAsync(1500)],
  ])('hands on the records read before a failure, then the failure (%s)', async (_what, input) => {
    const sizes: number[] = [];
    const error = await (async () => {
      for await (const batch of gatherBatches(input(), (n: number, row) => ({
        record: { n: String(n) },
        row,
      })))
        sizes.push(batch.length, batch[batch.length - 1]!.row);
    })().catch((e: unknown) => e);
    expect(sizes).toEqual([SOURCE_BATCH, SOURCE_BATCH, 500, 1500]);
    expect(error).toMatchObject({ message: 'read failed after 1500' });
  });
});
