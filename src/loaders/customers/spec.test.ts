import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../rules/compile-spec.ts';
import type { LegacyRow } from '../../rules/spec.ts';
import { customersSpec, LEGACY_CUSTOMER_COLUMNS } from './spec.ts';

const compiled = compileSpec(customersSpec, { sourceColumns: LEGACY_CUSTOMER_COLUMNS });

function customer(
  overrides: Partial<Record<(typeof LEGACY_CUSTOMER_COLUMNS)[number], string | null>> = {},
): LegacyRow {
  return {
    customer_id: '1',
    customer_name: '  MOHAMMAD   rahim ',
    email: 'Rahim@Example.COM',
    phone: '02-9123456',
    mobile: '01712345678',
    address: 'House 12, Road 5\nDhanmondi\nDhaka 1205',
    city: 'dhaka',
    postal_code: '1205',
    customer_type: 'wholesale',
    credit_limit: '1500.5',
    is_supplier: '0',
    is_customer: '1',
    is_active: '1',
    nid_number: '1990123456789',
    tin_number: '123456789012',
    notes: 'প্রিয় গ্রাহক',
    created_date: '2023-01-15 09:30:00',
    modified_date: '2024-01-01 00:00:00',
    ...overrides,
  };
}

describe('customers -> core.res_partner (000 §3.2.1, §5.2, §5.3; 001 Day 707)', () => {
  it('maps a clean record', () => {
    expect(compiled.evaluate(customer())).toEqual({
      kind: 'load',
      key: '1',
      values: {
        x_legacy_id: '1',
        name: 'Mohammad Rahim',
        email: 'rahim@example.com',
        mobile: '+8801712345678',
        phone: '+88029123456',
        street: 'House 12, Road 5',
        street2: 'Dhanmondi',
        city: 'Dhaka',
        zip: '1205',
        customer_type: 'b2b',
        is_company: '1',
        credit_limit: '1500.50',
        active: '1',
        customer_rank: '1',
        supplier_rank: '0',
        vat: '123456789012',
        x_nid_number: '1990123456789',
        comment: 'প্রিয় গ্রাহক',
        created_at: '2023-01-15 03:30:00',
        x_source_system: 'legacy_mysql',
      },
    });
  });

  it('puts inactive customers out of scope, before any validation', () => {
    expect(compiled.evaluate(customer({ is_active: '0', email: 'bad' }))).toEqual({
      kind: 'out-of-scope',
      key: '1',
      rule: 'inactive-customer',
    });
  });

  it.each([
    [{ customer_name: '   ' }, 'MIG003', 'name'],
    [{ customer_name: null }, 'MIG003', 'name'],
    [{ email: 'rahim.example.com' }, 'MIG004', 'email'],
    [{ mobile: '0171234567' }, 'MIG004', 'mobile'],
    [{ customer_type: 'corporate' }, 'MIG004', 'customer_type'],
    [{ credit_limit: 'lots' }, 'MIG004', 'credit_limit'],
    [{ created_date: '0000-00-00 00:00:00' }, 'MIG004', 'created_at'],
  ] as const)('quarantines %j as %s on %s', (overrides, reason, field) => {
    expect(compiled.evaluate(customer(overrides))).toMatchObject({
      kind: 'quarantine',
      key: '1',
      reason,
      field,
    });
  });

  it('loads an unformattable landline, an unknown city, empty email and NULL credit limit with defaults', () => {
    const outcome = compiled.evaluate(
      customer({ phone: '12345', city: 'Mymensingh', email: '', credit_limit: null, mobile: null }),
    );
    expect(outcome).toMatchObject({
      kind: 'load',
      values: { phone: null, city: null, email: null, mobile: null, credit_limit: '0.00' },
    });
  });

  it('retail is b2c and not a company', () => {
    expect(compiled.evaluate(customer({ customer_type: 'retail' }))).toMatchObject({
      values: { customer_type: 'b2c', is_company: '0' },
    });
  });

  it('checksums every mapped field with its kind', () => {
    expect(compiled.checksumFields).toContainEqual({ column: 'credit_limit', kind: 'decimal2' });
    expect(compiled.checksumFields).toContainEqual({ column: 'created_at', kind: 'timestamp-utc' });
    expect(compiled.checksumFields).toHaveLength(compiled.targetColumns.length);
  });

  it('dedupes on email and mobile, first record wins (000 §6.2)', () => {
    const outcomes = compiled.evaluateAll([
      customer({ customer_id: '1' }),
      customer({ customer_id: '2', email: 'RAHIM@example.com', mobile: '01812345678' }),
      customer({ customer_id: '3', email: 'other@example.com', mobile: '+880 1712-345678' }),
      customer({ customer_id: '4', email: 'fresh@example.com', mobile: '01912345678' }),
    ]);
    expect(
      outcomes.map((o) => [o.key, o.kind === 'quarantine' ? `${o.reason} ${o.field}` : o.kind]),
    ).toEqual([
      ['1', 'load'],
      ['2', 'DUP001 email'],
      ['3', 'DUP001 mobile'],
      ['4', 'load'],
    ]);
    expect(outcomes[1]).toMatchObject({
      message: 'duplicate of record 1 (email "rahim@example.com")',
    });
  });
});
