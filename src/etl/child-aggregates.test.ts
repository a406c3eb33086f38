import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../core/source.ts';
import type { ChildAggregate } from '../rules/spec.ts';
import { csvSource } from '../sources/csv-source.ts';
import { withChildAggregates } from './child-aggregates.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-aggregates-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Children of one parent are contiguous and in the parent's order, as exports write them.
const PARENTS = 'Voucher No,Date\nV1,01/02/2025\nV2,02/02/2025\nV3,03/02/2025\nV4,04/02/2025\n';
const CHILDREN =
  'Voucher No,Debit,Credit,Account\n' +
  'V1,1,,A\nV1,0.5,,B\nV1,0.125,0.1,A\n' +
  'V2,10.5,0.25,C\nV2,abc,,C\n' +
  'V3,0.0000000000005,,D\nV3,1.0000000000004,,D\nV3,x,y,D\n';

async function aggregated(aggregates: ChildAggregate[]): Promise<SourceRecord[]> {
  await writeFile(join(dir, 'parents.csv'), PARENTS);
  await writeFile(join(dir, 'children.csv'), CHILDREN);
  const source = withChildAggregates(
    await csvSource(join(dir, 'parents.csv'), { key: ['Voucher No'] }),
    await csvSource(join(dir, 'children.csv'), { key: ['Voucher No'] }),
    { table: 'children', kind: 'csv', parentKey: 'Voucher No', aggregates },
    'vouchers',
  );
  const records: SourceRecord[] = [];
  for await (const { record } of source.rows()) records.push(record);
  return records;
}

describe('withChildAggregates', () => {
  it('sums exactly at the most decimals any child has', async () => {
    const [v1, , , v4] = await aggregated([{ column: 'Debits', op: 'sum', of: 'Debit' }]);
    expect(v1?.['Debits']).toBe('1.625');
    expect(v4?.['Debits']).toBe('0');
  });

  it('nets two columns whose decimals differ, and names the first refused value', async () => {
    const records = await aggregated([{ column: 'Net', op: 'net', of: ['Debit', 'Credit'] }]);
    expect(records.map((r) => r['Net'])).toEqual([
      '1.525',
      'invalid: Debit is not a number: "abc"',
      'invalid: Debit is not a number: "x"',
      '0',
    ]);
  });

  it('rounds thirteen decimals at twelve before summing', async () => {
    await writeFile(join(dir, 'parents.csv'), 'Voucher No\nV3\n');
    await writeFile(
      join(dir, 'children.csv'),
      'Voucher No,Debit\nV3,0.0000000000005\nV3,1.0000000000004\n',
    );
    const source = withChildAggregates(
      await csvSource(join(dir, 'parents.csv'), { key: ['Voucher No'] }),
      await csvSource(join(dir, 'children.csv'), { key: ['Voucher No'] }),
      {
        table: 'children',
        kind: 'csv',
        parentKey: 'Voucher No',
        aggregates: [{ column: 'Debits', op: 'sum', of: 'Debit' }],
      },
      'vouchers',
    );
    const records: SourceRecord[] = [];
    for await (const { record } of source.rows()) records.push(record);
    expect(records.map((r) => r['Debits'])).toEqual(['1.000000000001']);
  });

  it('lists distinct values in order and counts children, none for a parent without any', async () => {
    const records = await aggregated([
      { column: 'Accounts', op: 'list', of: 'Account' },
      { column: 'Lines', op: 'count' },
    ]);
    expect(records.map((r) => [r['Accounts'], r['Lines']])).toEqual([
      ['A,B', '3'],
      ['C', '2'],
      ['D', '3'],
      ['', '0'],
    ]);
    // The parent's own columns stay as they were.
    expect(records[0]).toMatchObject({ 'Voucher No': 'V1', Date: '01/02/2025' });
  });
});

describe('withChildAggregates over many batches', () => {
  it('finds every group when parents and children arrive in batches cut anywhere', async () => {
    // 4,000 parents with 0-3 children each; long narrations make both files span several
    // reads of 256 KiB, so batches end anywhere in a group.
    const parents = ['Voucher No,Narration'];
    const children = ['Voucher No,Debit,Narration'];
    const expected: [string, string][] = [];
    for (let v = 1; v <= 4000; v++) {
      parents.push(`V${v},${'p'.repeat(150)}`);
      const n = v % 4;
      for (let c = 1; c <= n; c++) children.push(`V${v},${v}.${c},${'n'.repeat(150)}`);
      // Debits v.1 + v.2 + v.3 as far as there are children.
      const sum = n === 0 ? '0' : (BigInt(v * n) * 10n + BigInt((n * (n + 1)) / 2)).toString();
      expected.push([n === 0 ? '0' : `${sum.slice(0, -1)}.${sum.slice(-1)}`, String(n)]);
    }
    await writeFile(join(dir, 'many-parents.csv'), `${parents.join('\n')}\n`);
    await writeFile(join(dir, 'many-children.csv'), `${children.join('\n')}\n`);
    const source = withChildAggregates(
      await csvSource(join(dir, 'many-parents.csv'), { key: ['Voucher No'] }),
      await csvSource(join(dir, 'many-children.csv'), { key: ['Voucher No'] }),
      {
        table: 'children',
        kind: 'csv',
        parentKey: 'Voucher No',
        aggregates: [
          { column: 'Debits', op: 'sum', of: 'Debit' },
          { column: 'Lines', op: 'count' },
        ],
      },
      'vouchers',
    );
    let batches = 0;
    const got: [string, string][] = [];
    for await (const batch of source.batches()) {
      batches++;
      for (const { record } of batch) got.push([record['Debits'] ?? '', record['Lines'] ?? '']);
    }
    expect(batches).toBeGreaterThan(1);
    expect(children.join('\n').length).toBeGreaterThan(3 * 256 * 1024);
    expect(got).toEqual(expected);
  });
});
