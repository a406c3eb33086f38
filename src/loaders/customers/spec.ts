import type { ConflictStrategy, EntitySpec } from '../../rules/spec.ts';

/** Columns of the legacy `customers` table (seed 000 §3.2.1 plus seed 001 Day 707's query). */
export const LEGACY_CUSTOMER_COLUMNS = [
  'customer_id',
  'customer_name',
  'email',
  'phone',
  'mobile',
  'address',
  'city',
  'postal_code',
  'customer_type',
  'credit_limit',
  'is_supplier',
  'is_customer',
  'is_active',
  'nid_number',
  'tin_number',
  'notes',
  'created_date',
  'modified_date',
] as const;

/**
 * customers -> core.res_partner. Where the seeds disagree the stricter reading wins: seed
 * 001 Day 707 returns a phone "as-is if can't format"; here a bad mobile is quarantined and a
 * bad landline is loaded as NULL and counted by the format check.
 */
export function customersSpecWith(conflictStrategy: ConflictStrategy): EntitySpec {
  return {
    entity: 'customers',
    wave: 'wave-2-master-data',
    seedRef: '000 §3.2.1, §5.2, §5.3; 001 Day 706-707',
    source: { system: 'legacy_mysql', table: 'customers', key: 'customer_id' },
    target: { table: 'core.res_partner', legacyKey: 'x_legacy_id' },
    scope: [
      {
        name: 'inactive-customer',
        description:
          'Inactive customers are not migrated (000 §4.2 and §8.1 count is_active = 1; 001 extracts WHERE active).',
        column: 'is_active',
        outOfScopeWhen: ['0'],
      },
    ],
    fields: [
      { target: 'x_legacy_id', source: 'customer_id', kind: 'text' },
      {
        target: 'name',
        source: 'customer_name',
        transforms: 'fix_mojibake|trim|collapse_spaces|title_case',
        required: true,
        kind: 'text',
      },
      { target: 'email', source: 'email', transforms: 'trim|lower|email', kind: 'text' },
      { target: 'mobile', source: 'mobile', transforms: 'bd_mobile', kind: 'text' },
      { target: 'phone', source: 'phone', transforms: 'bd_phone', onInvalid: 'null', kind: 'text' },
      { target: 'street', source: 'address', transforms: 'line:0', kind: 'text' },
      { target: 'street2', source: 'address', transforms: 'line:1', kind: 'text' },
      { target: 'city', source: 'city', transforms: 'trim|city', onInvalid: 'null', kind: 'text' },
      { target: 'zip', source: 'postal_code', transforms: 'trim', kind: 'text' },
      {
        target: 'customer_type',
        source: 'customer_type',
        transforms: 'map:retail=b2c,wholesale=b2b',
        kind: 'text',
      },
      // 000 §5.1: is_company = customer_type == 'b2b'.
      {
        target: 'is_company',
        source: 'customer_type',
        transforms: 'map:retail=0,wholesale=1|bool',
        kind: 'boolean',
      },
      {
        target: 'credit_limit',
        source: 'credit_limit',
        transforms: 'default:0|decimal:2',
        kind: 'decimal2',
      },
      {
        target: 'active',
        source: 'is_active',
        transforms: 'bool',
        required: true,
        kind: 'boolean',
      },
      // 001 Day 706 mapping: "1 if True, 0 if False".
      {
        target: 'customer_rank',
        source: 'is_customer',
        transforms: 'default:0|bool',
        kind: 'integer',
      },
      {
        target: 'supplier_rank',
        source: 'is_supplier',
        transforms: 'default:0|bool',
        kind: 'integer',
      },
      { target: 'vat', source: 'tin_number', transforms: 'trim', kind: 'text' },
      { target: 'x_nid_number', source: 'nid_number', transforms: 'trim', kind: 'text' },
      { target: 'comment', source: 'notes', kind: 'text' },
      {
        target: 'created_at',
        source: 'created_date',
        transforms: 'dhaka_to_utc',
        kind: 'timestamp-utc',
      },
      { target: 'x_source_system', constant: 'legacy_mysql', kind: 'text' },
    ],
    dedupe: { keys: ['email', 'mobile'], strategy: conflictStrategy },
  };
}

/** The bundled mapping, with seed 000 §9.1's default for duplicates: skip them. */
export const customersSpec: EntitySpec = customersSpecWith('skip');
