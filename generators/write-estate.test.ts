import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvSource } from '../src/sources/csv-source.ts';
import { xlsxSource } from '../src/sources/xlsx-source.ts';
import type { LegacySource, SourceRecord } from '../src/core/source.ts';
import { PROFILES } from './core/profiles.ts';
import type { Manifest } from './core/manifest.ts';
import { writeEstate } from './write-estate.ts';
import type { WriteEstateResult } from './write-estate.ts';

const asOf = '2026-06-30T18:00:00Z';
const run = promisify(execFile);
let root: string;
let first: WriteEstateResult;
let manifest: Manifest;

const planted = (table: string, kind: string): number =>
  manifest.dirt.filter((d) => d.table === table && d.kind === kind).length;
const records = async (source: LegacySource): Promise<SourceRecord[]> => {
  const out: SourceRecord[] = [];
  for await (const r of source.stream()) out.push(r);
  return out;
};
/** '1,234.565' -> mils (1/1000 taka) as bigint, from the export's own text. */
const mils = (text: string | null | undefined): bigint => {
  if (text === null || text === undefined || text === '') return 0n;
  const [whole, frac = ''] = text.replace(/,/g, '').split('.');
  return BigInt(whole!) * 1000n + BigInt(frac.padEnd(3, '0'));
};
const sqlite = (sql: string): string =>
  execFileSync('sqlite3', [first.paths.farmSqlite, sql]).toString().trim();

describe('writeEstate (ci)', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cutover-estate-'));
    first = await writeEstate(join(root, 'a'), { profile: 'ci', seed: 7, asOf });
    manifest = first.manifest;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is deterministic: a second run writes byte-identical files and the same manifest', async () => {
    const second = await writeEstate(join(root, 'b'), { profile: 'ci', seed: 7, asOf });
    expect(second.manifest).toEqual(manifest);
    for (const file of Object.keys(manifest.files!)) {
      const [a, b] = await Promise.all([
        readFile(join(root, 'a', file)),
        readFile(join(root, 'b', file)),
      ]);
      expect(a.equals(b), file).toBe(true);
    }
    const other = await writeEstate(join(root, 'c'), { profile: 'ci', seed: 8, asOf });
    expect(other.manifest.files!['accounting/vouchers.csv']!.sha256).not.toBe(
      manifest.files!['accounting/vouchers.csv']!.sha256,
    );
  });

  it('writes the same bytes when a worker thread writes the files (as under tsx)', async () => {
    const script = join(root, 'worker-run.mts');
    const module = new URL('./write-estate.ts', import.meta.url).href;
    await writeFile(
      script,
      `import { writeEstate } from ${JSON.stringify(module)};\n` +
        `const r = await writeEstate(${JSON.stringify(join(root, 'w'))}, { profile: 'ci', seed: 7, asOf: ${JSON.stringify(asOf)} });\n` +
        'process.stdout.write(JSON.stringify(r.manifest));\n',
    );
    const env = { ...process.env };
    delete env['VITEST'];
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      env,
      cwd: process.cwd(),
    });
    expect(JSON.parse(stdout)).toEqual(manifest);
  });

  it('writes every file-based source at the profile volumes, and nothing else', async () => {
    const volumes = PROFILES.ci;
    expect(first.rows['accounting_export.vouchers']).toBe(volumes.financialTransactions);
    expect(first.rows['farm_app.cattle']).toBe(volumes.cattle);
    expect(first.rows['farm_app.health_records']).toBe(volumes.healthRecords);
    expect(first.rows['farm_app.milk_production']).toBe(volumes.milkRecords);
    expect(Object.keys(manifest.files!)).toEqual([
      'accounting/chart_of_accounts.csv',
      'accounting/chart_of_accounts.xlsx',
      'accounting/opening_balances.csv',
      'accounting/opening_balances.xlsx',
      'accounting/voucher_lines.csv',
      'accounting/voucher_lines.xlsx',
      'accounting/vouchers.csv',
      'accounting/vouchers.xlsx',
      'farm/cattle-register.xlsx',
      'farm/farm-app.sqlite',
    ]);
    expect((await readdir(root)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(JSON.parse(await readFile(first.paths.manifest, 'utf8'))).toEqual(manifest);
  });

  it('CSV exports: totals row = sum of the rows, and the XLSX twin holds the same records', async () => {
    const acc = first.paths.accounting;
    const vouchers = await csvSource(acc.vouchers.csv, { key: ['Voucher No'] });
    let amount = 0n;
    for (const r of await records(vouchers)) amount += mils(r['Amount']);
    expect(mils((await vouchers.footer())!['Amount'])).toBe(amount);
    const lines = await csvSource(acc.voucherLines.csv, { key: ['Voucher No', 'Line No'] });
    const lineRecords = await records(lines);
    const footer = (await lines.footer())!;
    expect(mils(footer['Debit'])).toBe(lineRecords.reduce((s, r) => s + mils(r['Debit']), 0n));
    expect(mils(footer['Credit'])).toBe(lineRecords.reduce((s, r) => s + mils(r['Credit']), 0n));
    const ob = await csvSource(acc.openingBalances.csv, { key: ['Account Code'] });
    const obFooter = (await ob.footer())!;
    expect(obFooter['Debit']).toBe(obFooter['Credit']); // the trial balance balances
    expect(mils(obFooter['Debit']).toString()).toBe(
      mils(manifest.totals!.openingBalances!.debit).toString(),
    );
    const xlsx = await xlsxSource(acc.vouchers.xlsx, 'Day Book', { key: ['Voucher No'] });
    expect(await xlsx.count()).toBe(await vouchers.count());
    expect(mils((await xlsx.footer())!['Amount'])).toBe(amount);
  });

  it('accounting dirt in the files matches the manifest, counted from the export text', async () => {
    const acc = first.paths.accounting;
    const chart = new Set(
      (await records(await csvSource(acc.chartOfAccounts.csv, { key: ['Account Code'] }))).map(
        (r) => r['Account Code'],
      ),
    );
    const perVoucher = new Map<
      string,
      { debit: bigint; credit: bigint; unknown: boolean; third: boolean }
    >();
    for (const r of await records(
      await csvSource(acc.voucherLines.csv, { key: ['Voucher No', 'Line No'] }),
    )) {
      const v = perVoucher.get(r['Voucher No']!) ?? {
        debit: 0n,
        credit: 0n,
        unknown: false,
        third: false,
      };
      v.debit += mils(r['Debit']);
      v.credit += mils(r['Credit']);
      v.unknown ||= !chart.has(r['Account Code']!);
      v.third ||= /\.\d{3}$/.test(r['Debit']! + r['Credit']!) || /\.\d{3}$/.test(r['Debit']!);
      perVoucher.set(r['Voucher No']!, v);
    }
    const list = [...perVoucher.values()];
    expect(list.filter((v) => v.debit !== v.credit).length).toBe(planted('vouchers', 'unbalanced'));
    expect(list.filter((v) => v.unknown).length).toBe(planted('vouchers', 'unknown-account'));
    expect(list.filter((v) => v.third).length).toBe(planted('vouchers', 'fixable:excess-decimals'));
    const vouchers = await records(await csvSource(acc.vouchers.csv, { key: ['Voucher No'] }));
    const windowDate = manifest.windowStart!.slice(0, 10);
    const iso = (d: string) => `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;
    const real = (d: string) =>
      /^\d{2}\/\d{2}\/\d{4}$/.test(d) &&
      new Date(`${iso(d)}T00:00:00Z`).toISOString().slice(0, 10) === iso(d);
    const valid = (d: string) => {
      try {
        return real(d);
      } catch {
        return false;
      }
    };
    expect(vouchers.filter((v) => v['Date'] === '').length).toBe(
      planted('vouchers', 'missing-date'),
    );
    expect(vouchers.filter((v) => v['Date'] !== '' && !valid(v['Date']!)).length).toBe(
      planted('vouchers', 'invalid-date'),
    );
    expect(vouchers.filter((v) => valid(v['Date']!) && iso(v['Date']!) < windowDate).length).toBe(
      planted('vouchers', 'out-of-window'),
    );
    expect(vouchers.filter((v) => v['Narration']!.includes('à¦')).length).toBe(
      planted('vouchers', 'fixable:mojibake'),
    );
  });

  it('the farm SQLite file opens with the sqlite3 CLI and holds the planted dirt', () => {
    expect(sqlite('PRAGMA integrity_check')).toBe('ok');
    const count = (where: string, table = 'cattle') =>
      Number(sqlite(`SELECT COUNT(*) FROM ${table} WHERE ${where}`));
    expect(count("gender NOT IN ('M','F') AND UPPER(TRIM(gender)) NOT IN ('M','F')")).toBe(
      planted('cattle', 'invalid-gender'),
    );
    expect(count("gender NOT IN ('M','F') AND UPPER(TRIM(gender)) IN ('M','F')")).toBe(
      planted('cattle', 'fixable:gender-case'),
    );
    expect(count(`date_of_birth > '${asOf.slice(0, 10)}'`)).toBe(
      planted('cattle', 'future-birth-date'),
    );
    expect(count("tag_number IS NULL OR TRIM(tag_number) = ''")).toBe(
      planted('cattle', 'missing-tag'),
    );
    expect(count('tag_number <> UPPER(TRIM(tag_number))')).toBe(
      planted('cattle', 'fixable:tag-case'),
    );
    expect(
      count(
        'EXISTS (SELECT 1 FROM cattle p WHERE p.cattle_id < cattle.cattle_id AND UPPER(TRIM(p.tag_number)) = UPPER(TRIM(cattle.tag_number)))',
      ),
    ).toBe(planted('cattle', 'duplicate-tag'));
    expect(
      count(
        'EXISTS (SELECT 1 FROM cattle p WHERE p.cattle_id < cattle.cattle_id AND p.rfid = cattle.rfid)',
      ),
    ).toBe(planted('cattle', 'duplicate-rfid'));
    expect(
      count(
        '(mother_id IS NOT NULL AND mother_id NOT IN (SELECT cattle_id FROM cattle)) OR (father_id IS NOT NULL AND father_id NOT IN (SELECT cattle_id FROM cattle))',
      ),
    ).toBe(planted('cattle', 'missing-parent'));
    // Pedigree: parents exist, are older and of the right gender, over several generations.
    expect(
      count(
        "mother_id IN (SELECT cattle_id FROM cattle m WHERE UPPER(TRIM(m.gender)) <> 'F' OR m.date_of_birth >= cattle.date_of_birth)",
      ),
    ).toBe(0);
    expect(
      Number(
        sqlite(
          'SELECT COUNT(*) FROM cattle c JOIN cattle m ON c.mother_id = m.cattle_id WHERE m.mother_id IS NOT NULL',
        ),
      ),
    ).toBeGreaterThan(0);

    const milk = (where: string) => count(where, 'milk_production');
    expect(milk('cattle_id NOT IN (SELECT cattle_id FROM cattle)')).toBe(
      planted('milk_production', 'orphan-cattle'),
    );
    expect(milk('quantity_liters < 0')).toBe(planted('milk_production', 'negative-quantity'));
    expect(milk('fat_percentage > 15')).toBe(planted('milk_production', 'fat-out-of-range'));
    expect(milk("session NOT IN ('morning','evening')")).toBe(
      planted('milk_production', 'fixable:session-variant'),
    );
    expect(milk(`record_date < '${manifest.windowStart!.slice(0, 10)}'`)).toBe(
      planted('milk_production', 'out-of-window'),
    );
    const duplicates = Number(
      sqlite(`SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) n FROM milk_production
        WHERE cattle_id IN (SELECT cattle_id FROM cattle)
        GROUP BY cattle_id, record_date, CASE WHEN LOWER(session) IN ('morning','am') THEN 'm' ELSE 'e' END)`),
    );
    expect(duplicates).toBe(planted('milk_production', 'duplicate-reading'));

    const health = (where: string) => count(where, 'health_records');
    expect(health('cattle_id NOT IN (SELECT cattle_id FROM cattle)')).toBe(
      planted('health_records', 'orphan-cattle'),
    );
    expect(health('record_date IS NULL')).toBe(planted('health_records', 'missing-date'));
    expect(health(`record_date > '${asOf.slice(0, 10)}'`)).toBe(
      planted('health_records', 'future-date'),
    );
    expect(health('record_type <> LOWER(record_type)')).toBe(
      planted('health_records', 'fixable:type-case'),
    );
  });

  it('milk litres per month in the manifest equal the SQLite sums (source side)', () => {
    const windowDate = manifest.windowStart!.slice(0, 10);
    const rows = sqlite(
      `SELECT SUBSTR(record_date, 1, 7), COUNT(*), SUM(CAST(ROUND(quantity_liters * 10) AS INTEGER))
       FROM milk_production WHERE record_date >= '${windowDate}' GROUP BY 1 ORDER BY 1`,
    ).split('\n');
    const fromSqlite = Object.fromEntries(
      rows.map((line) => {
        const [month, count, dl] = line.split('|');
        const d = BigInt(dl!);
        const litres = `${d < 0n ? '-' : ''}${(d < 0n ? -d : d) / 10n}.${(d < 0n ? -d : d) % 10n}`;
        return [month!, { count: Number(count), litres }];
      }),
    );
    const fromManifest = Object.fromEntries(
      Object.entries(manifest.totals!.milk!.byMonth).map(([m, v]) => [m, v.window]),
    );
    expect(fromManifest).toEqual(fromSqlite);
  });

  it('the register XLSX opens with exceljs and holds its planted dirt and overlap', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(first.paths.farmRegister);
    const sheet = book.getWorksheet('Register')!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Tag No',
      'Animal ID',
      'Breed',
      'Gender',
      'Date of Birth',
      'Purchase Date',
      'Purchase Price',
      'Current Status',
    ]);
    let priceAsText = 0;
    sheet.eachRow((row, n) => {
      if (n > 1 && typeof row.getCell(7).value === 'string') priceAsText++;
    });
    expect(priceAsText).toBe(planted('Register', 'fixable:number-as-text'));

    const source = await xlsxSource(first.paths.farmRegister, 'Register', {
      key: [],
      headerIncludes: ['Tag No', 'Animal ID'],
    });
    const rows: { record: SourceRecord; row: number }[] = [];
    for await (const r of source.rows()) rows.push(r);
    expect(rows.length).toBe(manifest.overlap!.registerRows);
    const seen = new Set<string>();
    let duplicates = 0;
    for (const { record } of rows) {
      const tag = record['Tag No'] ?? null;
      if (tag === null) continue;
      if (seen.has(tag)) duplicates++;
      seen.add(tag);
    }
    expect(duplicates).toBe(planted('Register', 'duplicate-rfid'));
    const field = (name: string) => rows.map((r) => r.record[name] ?? null);
    expect(field('Tag No').filter((t) => t === null).length).toBe(
      planted('Register', 'missing-tag'),
    );
    expect(field('Gender').filter((g) => !['Male', 'Female'].includes(g!)).length).toBe(
      planted('Register', 'invalid-gender'),
    );
    expect(field('Animal ID').filter((t) => !/^SD-\d{4,5}$/.test(t!)).length).toBe(
      planted('Register', 'fixable:tag-format'),
    );
    const dob = field('Date of Birth');
    const isoDates = dob.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d!));
    expect(isoDates.filter((d) => d! > asOf.slice(0, 10)).length).toBe(
      planted('Register', 'future-birth-date'),
    );
    const texts = dob.filter((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d!));
    const readable =
      /^(\d{2}\/(0[1-9]|1[0-2])\/\d{4}|\d{1,2}-[A-Z][a-z]{2}-\d{4}|\d{4}\.\d{2}\.\d{2})$/;
    expect(texts.filter((d) => readable.test(d!)).length).toBe(
      planted('Register', 'fixable:date-text'),
    );
    expect(texts.filter((d) => !readable.test(d!)).length).toBe(
      planted('Register', 'unparseable-date'),
    );
    const o = manifest.overlap!;
    expect(o.inBoth + o.registerOnly).toBe(o.registerRows);
    expect(o.inBoth + o.sqliteOnly).toBe(PROFILES.ci.cattle);
    // The same animal in both sources: the register's 'Animal ID' is the SQLite tag.
    const [row, cattleId] = Object.entries(o.rowToCattleId).find(([r]) =>
      manifest.dirt.every((d) => d.table !== 'Register' || d.key !== r),
    )!;
    const tag = sqlite(`SELECT tag_number FROM cattle WHERE cattle_id = ${cattleId}`);
    expect(rows.find((r) => r.row === Number(row))!.record['Animal ID']).toBe(
      tag.trim().toUpperCase(),
    );
  });

  it('every dirty record has exactly one kind and an outcome', () => {
    const keys = manifest.dirt.map((d) => `${d.source}.${d.table}.${d.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of manifest.dirt) {
      const outcomes = [d.reason, d.rule].filter((x) => x !== undefined).length;
      expect(outcomes + (d.kind.startsWith('fixable:') ? 1 : 0), JSON.stringify(d)).toBe(1);
    }
    const vouchers = manifest.expected['vouchers']!;
    const rejected = (vouchers.quarantined / (vouchers.extracted - vouchers.outOfScope)) * 100;
    expect(rejected).toBeGreaterThan(8);
    expect(rejected).toBeLessThan(12);
  });
});

describe('writeEstate: bad input writes nothing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cutover-estate-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['an unknown profile', { profile: 'huge' as never, seed: 1, asOf }, /unknown profile/],
    ['a bad seed', { profile: 'ci' as const, seed: -1, asOf }, /seed -1/],
    ['a zone-less asOf', { profile: 'ci' as const, seed: 1, asOf: '2026-06-30' }, /asOf/],
  ])('%s: GENERATOR_INPUT', async (_what, options, message) => {
    await expect(writeEstate(join(dir, 'out'), options)).rejects.toMatchObject({
      code: 'CUTOVER_GENERATOR_INPUT',
      message: expect.stringMatching(message),
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('an unwritable or occupied output path: GENERATOR_INPUT, nothing left behind', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    await expect(
      writeEstate(join(dir, 'a-file', 'estate'), { profile: 'ci', seed: 1, asOf }),
    ).rejects.toMatchObject({
      code: 'CUTOVER_GENERATOR_INPUT',
      details: { option: 'estateDir' },
    });
    await mkdir(join(dir, 'occupied'));
    await writeFile(join(dir, 'occupied', 'keep.txt'), 'x');
    await expect(
      writeEstate(join(dir, 'occupied'), { profile: 'ci', seed: 1, asOf }),
    ).rejects.toThrow(/already holds files/);
    expect((await readdir(dir)).sort()).toEqual(['a-file', 'occupied']);
    expect(await readdir(join(dir, 'occupied'))).toEqual(['keep.txt']);
  });
});
