import type { EntitySpec } from '../../rules/spec.ts';

// The legacy estate has no lists of units, taxes or payment terms (fixtures/legacy/README.md):
// wave 1 loads the ERP's reference lists shipped in fixtures/target/reference/, under the
// source system 'reference', so they are migrated, counted and rolled back like the rest.
const reference = (file: string, key: string) =>
  ({
    system: 'reference',
    table: file.replace('.csv', ''),
    key,
    kind: 'csv',
    file: `reference/${file}`,
    bundled: true,
  }) as const;

export const uomSpec: EntitySpec = {
  entity: 'uom',
  wave: 'wave-1-reference',
  seedRef: '000 §2.2 wave 1 "Units of Measure"; 001 Day 707 _map_uom',
  source: reference('uom.csv', 'Code'),
  target: { table: 'product.uom', legacyKey: 'x_legacy_id' },
  fields: [
    { target: 'code', source: 'Code', transforms: 'trim|upper', required: true, kind: 'text' },
    { target: 'name', source: 'Name', transforms: 'trim', required: true, kind: 'text' },
    {
      target: 'uom_category',
      source: 'Category',
      transforms: 'trim|lower',
      required: true,
      kind: 'text',
    },
    {
      target: 'factor',
      source: 'Factor',
      transforms: 'decimal:6|min:0.000001',
      required: true,
      kind: 'text',
    },
  ],
};

export const taxesSpec: EntitySpec = {
  entity: 'taxes',
  wave: 'wave-1-reference',
  seedRef: '000 §2.2 wave 1 "Tax Configuration"',
  source: reference('taxes.csv', 'Tax ID'),
  target: { table: 'accounting.tax', legacyKey: 'x_legacy_id' },
  fields: [
    { target: 'name', source: 'Name', transforms: 'trim', required: true, kind: 'text' },
    {
      target: 'type_tax_use',
      source: 'Use',
      transforms: 'trim|lower|map:sale=sale,purchase=purchase,none=none',
      required: true,
      kind: 'text',
    },
    {
      target: 'amount',
      source: 'Percent',
      transforms: 'decimal:3|min:0|max:100',
      required: true,
      kind: 'decimal3',
    },
  ],
};

export const paymentTermsSpec: EntitySpec = {
  entity: 'payment_terms',
  wave: 'wave-1-reference',
  seedRef: '000 §2.2 wave 1 "Payment Terms"',
  source: reference('payment_terms.csv', 'Term ID'),
  target: { table: 'accounting.payment_term', legacyKey: 'x_legacy_id' },
  fields: [
    { target: 'name', source: 'Name', transforms: 'trim', required: true, kind: 'text' },
    { target: 'days', source: 'Days', transforms: 'trim|min:0', required: true, kind: 'integer' },
  ],
};
