export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export interface Account {
  code: string;
  name: string;
  type: AccountType;
  /** Group accounts carry no postings and have no parent. */
  parent: string | null;
}

const group = (code: string, name: string, type: AccountType): Account => ({
  code,
  name,
  type,
  parent: null,
});
const post = (code: string, name: string, type: AccountType, parent: string): Account => ({
  code,
  name,
  type,
  parent,
});

/**
 * The accounting package's chart of accounts: groups with their posting accounts. Fixed:
 * a dairy's chart does not grow with its volume of vouchers.
 */
export const CHART: readonly Account[] = [
  group('1000', 'Assets', 'asset'),
  post('1010', 'Cash in Hand', 'asset', '1000'),
  post('1020', 'Dutch-Bangla Bank A/C', 'asset', '1000'),
  post('1030', 'BRAC Bank A/C', 'asset', '1000'),
  post('1200', 'Accounts Receivable', 'asset', '1000'),
  post('1300', 'VAT Input Credit', 'asset', '1000'),
  post('1400', 'Inventory - Dairy Products', 'asset', '1000'),
  post('1410', 'Inventory - Feed & Medicine', 'asset', '1000'),
  post('1500', 'Farm Equipment', 'asset', '1000'),
  post('1510', 'Accumulated Depreciation', 'asset', '1000'),
  post('1600', 'Livestock (Biological Assets)', 'asset', '1000'),
  group('2000', 'Liabilities', 'liability'),
  post('2100', 'Accounts Payable', 'liability', '2000'),
  post('2200', 'VAT Payable', 'liability', '2000'),
  post('2300', 'Accrued Expenses', 'liability', '2000'),
  post('2400', 'Short-term Loan', 'liability', '2000'),
  group('3000', 'Equity', 'equity'),
  post('3100', 'Share Capital', 'equity', '3000'),
  post('3200', 'Retained Earnings', 'equity', '3000'),
  group('4000', 'Income', 'income'),
  post('4010', 'Sales - Liquid Milk', 'income', '4000'),
  post('4020', 'Sales - Dairy Products', 'income', '4000'),
  post('4030', 'Sales - Sweets', 'income', '4000'),
  post('4100', 'Other Income', 'income', '4000'),
  group('5000', 'Expenses', 'expense'),
  post('5010', 'Purchases - Feed', 'expense', '5000'),
  post('5020', 'Purchases - Veterinary', 'expense', '5000'),
  post('5030', 'Purchases - Packaging', 'expense', '5000'),
  post('6010', 'Salaries & Wages', 'expense', '5000'),
  post('6020', 'Electricity', 'expense', '5000'),
  post('6030', 'Fuel & Transport', 'expense', '5000'),
  post('6040', 'Depreciation', 'expense', '5000'),
  post('6050', 'Repairs & Maintenance', 'expense', '5000'),
  post('6060', 'Bank Charges', 'expense', '5000'),
];

export const POSTING_ACCOUNTS: readonly Account[] = CHART.filter((a) => a.parent !== null);

export const ACCOUNT_BY_CODE: ReadonlyMap<string, Account> = new Map(CHART.map((a) => [a.code, a]));

/** Codes that exist in no chart: what an `unknown-account` line points at. */
export const UNKNOWN_ACCOUNT_CODES: readonly string[] = ['1999', '2999', '4999', '6999', '9000'];
