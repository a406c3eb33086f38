import type { EntitySpec, SourceSpec } from '../../rules/spec.ts';

/**
 * The accounting package's exports (fixtures/legacy/README.md §2). Each is written as CSV
 * and as XLSX with the same records; the rules read either ('1,234.50' or '1234.5',
 * '31/12/2025' or '2025-12-31').
 */
export type ExportFormat = 'csv' | 'xlsx';

const SHEETS: Record<string, string> = {
  chart_of_accounts: 'Chart of Accounts',
  vouchers: 'Day Book',
  voucher_lines: 'Voucher Lines',
  opening_balances: 'Trial Balance',
};

function exported(name: string, key: string | readonly string[], format: ExportFormat): SourceSpec {
  return {
    system: 'accounting_export',
    table: name,
    key,
    kind: format,
    file: `accounting/${name}.${format}`,
    ...(format === 'xlsx' ? { sheet: SHEETS[name] ?? name } : {}),
  };
}

const MONEY = 'amount|default:0|round:2|min:0';

export function chartOfAccountsSpec(format: ExportFormat = 'csv'): EntitySpec {
  return {
    entity: 'chart_of_accounts',
    wave: 'wave-1-reference',
    seedRef: '000 §2.2 wave 1 "Chart of Accounts"',
    source: exported('chart_of_accounts', 'Account Code', format),
    target: { table: 'accounting.account', legacyKey: 'x_legacy_id' },
    fields: [
      { target: 'code', source: 'Account Code', transforms: 'trim', required: true, kind: 'text' },
      {
        target: 'name',
        source: 'Account Name',
        transforms: 'fix_mojibake|trim|collapse_spaces',
        required: true,
        kind: 'text',
      },
      {
        target: 'account_type',
        source: 'Account Type',
        transforms:
          'trim|lower|map:asset=asset,liability=liability,equity=equity,income=income,expense=expense',
        required: true,
        kind: 'text',
      },
      // Groups may follow their accounts in the export: linked in the second pass.
      {
        target: 'parent_id',
        source: 'Parent Code',
        transforms: 'trim',
        lookup: { entity: 'chart_of_accounts', deferred: true, onMissing: 'quarantine' },
        kind: 'integer',
        checksum: false,
      },
    ],
    dedupe: { keys: ['code'], strategy: 'skip' },
  };
}

const JOURNALS = 'map:Sales=sale,Purchase=purchase,Receipt=bank,Payment=bank,Journal=general';
// Receipts, payments and journals are plain entries in the ERP; only trade vouchers are invoices.
const MOVE_TYPES =
  'map:Sales=out_invoice,Purchase=in_invoice,Receipt=entry,Payment=entry,Journal=entry';

/**
 * vouchers (Day Book) -> accounting.move, posted (000 §7.2). A voucher is judged with its
 * lines (SourceSpec.children): debits must equal credits (004 double entry) and every line's
 * account must be in the chart, else the voucher and all its lines are quarantined.
 */
export function vouchersSpec(format: ExportFormat = 'csv'): EntitySpec {
  return {
    entity: 'vouchers',
    wave: 'wave-4-history',
    seedRef: '000 §7.2; 001 §3 Day 708; 004 double entry',
    source: {
      ...exported('vouchers', 'Voucher No', format),
      children: {
        table: 'voucher_lines',
        kind: format,
        file: `accounting/voucher_lines.${format}`,
        ...(format === 'xlsx' ? { sheet: SHEETS['voucher_lines'] ?? '' } : {}),
        parentKey: 'Voucher No',
        aggregates: [
          { column: 'Lines Net', op: 'net', of: ['Debit', 'Credit'], transforms: MONEY },
          { column: 'Line Accounts', op: 'list', of: 'Account Code', transforms: 'trim' },
          { column: 'Line Count', op: 'count' },
        ],
      },
    },
    target: { table: 'accounting.move', legacyKey: 'x_legacy_id' },
    scope: [
      {
        name: 'two-year-window',
        description: '000 §1.2: two years of history before asOf.',
        column: 'Date',
        window: { years: 2 },
      },
    ],
    fields: [
      { target: 'name', source: 'Voucher No', transforms: 'trim', required: true, kind: 'text' },
      {
        target: 'date',
        source: 'Date',
        // An empty cell is a missing date (MIG003), not a malformed one.
        transforms: 'required|date:dmy|not_future',
        required: true,
        kind: 'date',
      },
      {
        target: 'journal',
        source: 'Voucher Type',
        transforms: `trim|${JOURNALS}`,
        required: true,
        kind: 'text',
      },
      {
        target: 'move_type',
        source: 'Voucher Type',
        transforms: `trim|${MOVE_TYPES}`,
        required: true,
        kind: 'text',
      },
      { target: 'state', constant: 'posted', kind: 'text' },
      { target: 'ref', source: 'Reference', transforms: 'trim', kind: 'text' },
      {
        target: 'narration',
        source: 'Narration',
        transforms: 'fix_mojibake|trim',
        kind: 'text',
      },
      { target: 'amount_total', source: 'Amount', transforms: MONEY, kind: 'decimal2' },
      {
        target: 'line_accounts',
        source: 'Line Accounts',
        lookup: { entity: 'chart_of_accounts', many: true },
        write: false,
        kind: 'text',
      },
      // Lines as the target will hold them (rounded to the paisa) must balance exactly.
      {
        target: 'debit_minus_credit',
        source: 'Lines Net',
        transforms: 'decimal:2|min:0|max:0',
        write: false,
        kind: 'decimal2',
      },
      {
        target: 'line_count',
        source: 'Line Count',
        transforms: 'min:2',
        write: false,
        kind: 'integer',
      },
    ],
  };
}

/** voucher_lines -> accounting.move_line; lines follow their voucher. */
export function voucherLinesSpec(format: ExportFormat = 'csv'): EntitySpec {
  return {
    entity: 'voucher_lines',
    wave: 'wave-4-history',
    seedRef: '000 §7.2; 004 double entry (a line is a debit or a credit)',
    source: exported('voucher_lines', ['Voucher No', 'Line No'], format),
    target: { table: 'accounting.move_line', legacyKey: 'x_legacy_id' },
    fields: [
      {
        target: 'move_id',
        source: 'Voucher No',
        lookup: { entity: 'vouchers' },
        required: true,
        kind: 'integer',
        checksum: false,
      },
      {
        target: 'account_id',
        source: 'Account Code',
        transforms: 'trim',
        lookup: { entity: 'chart_of_accounts' },
        required: true,
        kind: 'integer',
        checksum: false,
      },
      { target: 'name', source: 'Account Name', transforms: 'trim', kind: 'text' },
      { target: 'debit', source: 'Debit', transforms: MONEY, kind: 'decimal2' },
      { target: 'credit', source: 'Credit', transforms: MONEY, kind: 'decimal2' },
      { target: 'date', source: 'Date', transforms: 'required|date:dmy', kind: 'date' },
    ],
  };
}

/** opening_balances (Trial Balance as at the cutover date) -> accounting.opening_balance. */
export function openingBalancesSpec(format: ExportFormat = 'csv'): EntitySpec {
  return {
    entity: 'opening_balances',
    wave: 'wave-4-history',
    seedRef: '001 Day 708 "Set up opening balances"; BRD §4.2',
    source: exported('opening_balances', 'Account Code', format),
    target: { table: 'accounting.opening_balance', legacyKey: 'x_legacy_id' },
    fields: [
      {
        target: 'account_id',
        source: 'Account Code',
        transforms: 'trim',
        lookup: { entity: 'chart_of_accounts' },
        required: true,
        kind: 'integer',
        checksum: false,
      },
      { target: 'debit', source: 'Debit', transforms: MONEY, kind: 'decimal2' },
      { target: 'credit', source: 'Credit', transforms: MONEY, kind: 'decimal2' },
    ],
  };
}
