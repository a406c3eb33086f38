import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/core/dialect.ts';
import { generateManifest } from '../generate-manifest.ts';
import { CUSTOMER_DIRT_KIND_LIST, plantedCount } from './customer-dirt.ts';
import { CUSTOMER_COLUMNS, generateCustomers } from './customers.ts';

const asOf = '2026-06-30T18:00:00Z';
const ci = generateCustomers({ profile: 'ci', seed: 1, asOf });
const ciRows = [...ci.rows()];
const col = (name: (typeof CUSTOMER_COLUMNS)[number]): number => CUSTOMER_COLUMNS.indexOf(name);
const get = (row: RawRow, name: (typeof CUSTOMER_COLUMNS)[number]): string | null =>
  row[col(name)] ?? null;

function sha256(rows: Iterable<RawRow>): string {
  const hash = createHash('sha256');
  for (const row of rows) hash.update(JSON.stringify(row) + '\n');
  return hash.digest('hex');
}

// Deliberately not the generator's code: what a reviewer would write from seed 000 §5.3.
const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;
function normaliseEmail(raw: string | null): string | null {
  if (raw === null) return null;
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}
function normaliseMobile(raw: string | null): string | null {
  if (raw === null) return null;
  let digits = raw.replace(/\D/g, '');
  if (digits.startsWith('880')) digits = digits.slice(2);
  else if (digits.length === 10 && digits.startsWith('1')) digits = `0${digits}`;
  return /^01[3-9]\d{8}$/.test(digits) ? `+88${digits}` : null;
}

/** Kinds a row shows by inspection alone; duplicates need the pass over all rows below. */
function inspect(row: RawRow): { rejects: string[]; fixes: string[] } {
  const name = get(row, 'customer_name');
  const email = get(row, 'email');
  const mobile = get(row, 'mobile');
  const rejects: string[] = [];
  if (get(row, 'is_active') === '0') rejects.push('inactive');
  if (name === null || name.trim() === '') rejects.push('missing-name');
  if (email !== null && normaliseEmail(email) === null) rejects.push('invalid-email');
  if (normaliseMobile(mobile) === null) rejects.push('unformattable-mobile');
  const fixes: string[] = [];
  if (name !== null && /à¦|à§/.test(name)) fixes.push('fixable:mojibake');
  if (name !== null && name !== name.trim().replace(/\s+/g, ' '))
    fixes.push('fixable:name-spacing');
  if (
    name !== null &&
    /[a-z]/i.test(name) &&
    (name === name.toUpperCase() || name === name.toLowerCase())
  )
    fixes.push('fixable:name-case');
  if (email !== null && email !== email.trim().toLowerCase()) fixes.push('fixable:email-case');
  if (mobile !== null && !/^(01\d{9}|\+8801\d{9})$/.test(mobile))
    fixes.push('fixable:mobile-format');
  return { rejects, fixes };
}

function deriveDirt(rows: readonly RawRow[]): Map<string, { kind: string; duplicateOf?: string }> {
  const derived = new Map<string, { kind: string; duplicateOf?: string }>();
  const firstByEmail = new Map<string, string>();
  const firstByMobile = new Map<string, string>();
  for (const row of rows) {
    const key = get(row, 'customer_id')!;
    const { rejects, fixes } = inspect(row);
    expect(rejects.length, `row ${key} shows ${rejects.join(', ')}`).toBeLessThanOrEqual(1);
    if (rejects[0] !== undefined) {
      derived.set(key, { kind: rejects[0] });
      continue;
    }
    const email = normaliseEmail(get(row, 'email'));
    const mobile = normaliseMobile(get(row, 'mobile'))!;
    const sameEmail = email === null ? undefined : firstByEmail.get(email);
    const sameMobile = firstByMobile.get(mobile);
    expect(sameEmail !== undefined && sameMobile !== undefined, `row ${key} duplicates twice`).toBe(
      false,
    );
    if (sameEmail !== undefined)
      derived.set(key, { kind: 'duplicate-email', duplicateOf: sameEmail });
    else if (sameMobile !== undefined)
      derived.set(key, { kind: 'duplicate-mobile', duplicateOf: sameMobile });
    else {
      if (email !== null) firstByEmail.set(email, key);
      firstByMobile.set(mobile, key);
      expect(fixes.length, `row ${key} shows ${fixes.join(', ')}`).toBeLessThanOrEqual(1);
      if (fixes[0] !== undefined) derived.set(key, { kind: fixes[0] });
    }
  }
  return derived;
}

describe('generateCustomers', () => {
  it('is deterministic for (profile, seed, asOf) and sensitive to each', () => {
    const again = generateCustomers({ profile: 'ci', seed: 1, asOf: new Date(asOf) });
    expect(sha256(again.rows())).toBe(sha256(ciRows));
    expect(sha256(ci.rows())).toBe(sha256(ciRows)); // re-iterable
    expect(sha256(generateCustomers({ profile: 'ci', seed: 2, asOf }).rows())).not.toBe(
      sha256(ciRows),
    );
    expect(
      sha256(generateCustomers({ profile: 'ci', seed: 1, asOf: '2025-06-30T18:00:00Z' }).rows()),
    ).not.toBe(sha256(ciRows));
  });

  it('produces the profile volumes, suppliers as rows with is_supplier = 1', () => {
    expect(ciRows).toHaveLength(660);
    expect(ciRows.every((r) => r.length === CUSTOMER_COLUMNS.length)).toBe(true);
    expect(ciRows.filter((r) => get(r, 'is_supplier') === '1')).toHaveLength(60);
    const doc = generateCustomers({ profile: 'doc', seed: 1, asOf });
    let rows = 0;
    let suppliers = 0;
    for (const row of doc.rows()) {
      rows++;
      if (get(row, 'is_supplier') === '1') suppliers++;
    }
    expect([rows, suppliers]).toEqual([5_500, 500]);
    const xl = generateCustomers({ profile: 'xl', seed: 1, asOf });
    expect(xl.rowCount).toBe(55_000);
    const first = xl.rows()[Symbol.iterator]().next();
    expect(first.value?.[0]).toBe('1001'); // lazy: the first row without producing 55,000
  });

  it('keys are unique and increasing', () => {
    const ids = ciRows.map((r) => Number(get(r, 'customer_id')));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  it('plants every dirt kind in ci in its known count, about 15% rejected or out of scope', () => {
    const counts = new Map<string, number>();
    for (const entry of ci.dirt) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
    for (const kind of CUSTOMER_DIRT_KIND_LIST)
      expect(counts.get(kind), kind).toBe(plantedCount(kind, 660));
    expect(Object.fromEntries(counts)).toMatchInlineSnapshot(`
      {
        "duplicate-email": 13,
        "duplicate-mobile": 9,
        "fixable:email-case": 19,
        "fixable:mobile-format": 132,
        "fixable:mojibake": 6,
        "fixable:name-case": 19,
        "fixable:name-spacing": 26,
        "inactive": 33,
        "invalid-email": 16,
        "missing-name": 9,
        "unformattable-mobile": 16,
      }
    `);
    const rejected = ci.expected.outOfScope + ci.expected.quarantined;
    expect(rejected / 660).toBeGreaterThan(0.13);
    expect(rejected / 660).toBeLessThan(0.16);
    expect(ci.expected.loaded + rejected).toBe(660);
  });

  it("manifest's dirt is exactly what independent predicates find in the rows", () => {
    const derived = deriveDirt(ciRows);
    const planted = new Map(
      ci.dirt.map((d) => [
        d.key,
        { kind: d.kind, ...(d.duplicateOf === undefined ? {} : { duplicateOf: d.duplicateOf }) },
      ]),
    );
    expect(Object.fromEntries(derived)).toEqual(Object.fromEntries(planted));
  });

  it('gives each rejecting kind the reason code the loader must give', () => {
    const reasons = Object.fromEntries(
      ci.dirt
        .filter((d) => d.reason !== undefined || d.rule !== undefined)
        .map((d) => [d.kind, d.reason ?? d.rule]),
    );
    expect(reasons).toEqual({
      inactive: 'inactive-customer',
      'invalid-email': 'MIG004',
      'unformattable-mobile': 'MIG004',
      'missing-name': 'MIG003',
      'duplicate-email': 'DUP001',
      'duplicate-mobile': 'DUP001',
    });
  });

  it('duplicates point at an earlier loaded record under another spelling of the name', () => {
    const byKey = new Map(ciRows.map((r) => [get(r, 'customer_id')!, r]));
    const rejected = new Set(
      ci.dirt.filter((d) => !d.kind.startsWith('fixable:')).map((d) => d.key),
    );
    for (const d of ci.dirt.filter((e) => e.duplicateOf !== undefined)) {
      expect(Number(d.duplicateOf)).toBeLessThan(Number(d.key));
      expect(rejected.has(d.duplicateOf!)).toBe(false);
      expect(get(byKey.get(d.key)!, 'customer_name')).not.toBe(
        get(byKey.get(d.duplicateOf!)!, 'customer_name'),
      );
      const field = d.kind === 'duplicate-email' ? 'email' : 'mobile';
      expect(get(byKey.get(d.key)!, field)).not.toBe(get(byKey.get(d.duplicateOf!)!, field));
    }
  });

  it('looks Bangladeshi', () => {
    const loadable = ciRows.filter((r) => inspect(r).rejects.length === 0);
    for (const row of loadable)
      expect(normaliseMobile(get(row, 'mobile'))).toMatch(/^\+8801[3-9]\d{8}$/);
    const cities = new Set(ciRows.map((r) => get(r, 'city')));
    expect([...cities].sort()).toEqual([
      'Barisal',
      'Chittagong',
      'Comilla',
      'Dhaka',
      'Gazipur',
      'Khulna',
      'Narayanganj',
      'Rajshahi',
      'Rangpur',
      'Sylhet',
    ]);
    const names = ciRows.map((r) => get(r, 'customer_name') ?? '');
    expect(names.some((n) => /[\u0980-\u09FF]/.test(n))).toBe(true);
    for (const word of ['Uddin', 'Begum', 'Das', 'Traders', 'Enterprise', 'Md.'])
      expect(names.join(' ')).toContain(word);
    for (const row of ciRows) {
      expect(get(row, 'postal_code') ?? '1000').toMatch(/^\d{4}$/);
      expect(get(row, 'credit_limit') ?? '0.00').toMatch(/^\d+\.\d{2}$/);
      expect(get(row, 'nid_number') ?? '1234567890').toMatch(/^(\d{10}|\d{13}|\d{17})$/);
      expect(get(row, 'tin_number') ?? '123456789012').toMatch(/^\d{12}$/);
      expect(get(row, 'phone') ?? '02-9123456').toMatch(/^(0\d{1,3}-\d{6,8}|01[3-9]\d{8})$/);
      expect(['retail', 'wholesale']).toContain(get(row, 'customer_type'));
    }
    expect(ciRows.some((r) => (get(r, 'address') ?? '').split('\n').length === 3)).toBe(true);
    expect(
      ciRows.some((r) => get(r, 'credit_limit') === null && get(r, 'customer_type') === 'retail'),
    ).toBe(true);
    expect(ciRows.some((r) => get(r, 'credit_limit') === '0.00')).toBe(true);
  });

  it('dates are Dhaka wall-clock times in the five years before asOf', () => {
    // asOf 2026-06-30T18:00:00Z is 2026-07-01 00:00:00 in Dhaka.
    const asOfLocal = '2026-07-01 00:00:00';
    const created = ciRows.map((r) => get(r, 'created_date')!);
    for (const [i, c] of created.entries()) {
      expect(c).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(c < asOfLocal && c >= '2021-07-01 00:00:00').toBe(true);
      const modified = get(ciRows[i]!, 'modified_date');
      if (modified !== null) expect(modified >= c && modified < asOfLocal).toBe(true);
    }
    const older = created.filter((c) => c < '2024-07-01 00:00:00').length;
    expect(older / created.length).toBeGreaterThan(0.2);
    expect(older / created.length).toBeLessThan(0.6);
  });

  it('mis-decodes Bengali names exactly once (reversible)', () => {
    const decoder = new TextDecoder('windows-1252');
    const reverse = new Map<string, number>();
    for (let b = 0; b < 256; b++) reverse.set(decoder.decode(Uint8Array.of(b)), b);
    const keys = new Set(ci.dirt.filter((d) => d.kind === 'fixable:mojibake').map((d) => d.key));
    for (const row of ciRows.filter((r) => keys.has(get(r, 'customer_id')!))) {
      const bytes = Uint8Array.from([...get(row, 'customer_name')!].map((c) => reverse.get(c)!));
      const repaired = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      expect(repaired).toMatch(/^[\u0980-\u09FF ]+$/);
      expect(ci.dirt.find((d) => d.key === get(row, 'customer_id'))?.original).toBe(repaired);
    }
  });
});

describe('generator input', () => {
  const bad: [string, unknown][] = [
    ['profile', { profile: 'huge', seed: 1, asOf }],
    ['seed', { profile: 'ci', seed: -1, asOf }],
    ['seed', { profile: 'ci', seed: 1.5, asOf }],
    ['seed', { profile: 'ci', seed: '1', asOf }],
    ['asOf', { profile: 'ci', seed: 1, asOf: '2026-06-30' }],
    ['asOf', { profile: 'ci', seed: 1, asOf: 'yesterday' }],
    ['asOf', { profile: 'ci', seed: 1, asOf: new Date(Number.NaN) }],
  ];
  it.each(bad)(
    'rejects a bad %s with GENERATOR_INPUT saying what is allowed',
    (option, options) => {
      expect(() => generateCustomers(options as never)).toThrowError(
        expect.objectContaining({
          code: 'CUTOVER_GENERATOR_INPUT',
          details: { option },
          message: expect.stringMatching(/use /),
        }),
      );
    },
  );
});

describe('generateManifest', () => {
  it('summarises rows, checksum, dirt counts and expectations', () => {
    const manifest = generateManifest({ profile: 'ci', seed: 1, asOf });
    expect(manifest.sources['legacy_mysql']?.['customers']?.rows).toBe(660);
    expect(manifest.sources['legacy_mysql']?.['customers']?.checksum).toMatch(
      /^sha256:[0-9a-f]{64}$/,
    );
    expect(manifest.dirt.filter((d) => d.table === 'customers')).toHaveLength(ci.dirt.length);
    expect(manifest.expected['customers']).toEqual(ci.expected);
    expect(generateManifest({ profile: 'ci', seed: 1, asOf })).toEqual(manifest);
  });
});
