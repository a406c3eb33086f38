import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A tiny file estate written by hand (farm SQLite, Excel register, accounting CSVs), with
 * one record per dirt kind the loaders must handle, for tests that cannot wait for the
 * generators (issue #3). Layouts follow fixtures/legacy/README.md §2-§4. asOf of the
 * records: 2026-06-30T18:00:00Z (1 July 2026 in Dhaka); the window starts 1 July 2024.
 */
export async function writeHandMadeEstate(dir: string): Promise<void> {
  await mkdir(join(dir, 'farm'), { recursive: true });
  await mkdir(join(dir, 'accounting'), { recursive: true });
  await writeFarmApp(join(dir, 'farm', 'farm-app.sqlite'));
  await writeRegister(join(dir, 'farm', 'cattle-register.xlsx'));
  for (const [name, title, header, rows, totals] of EXPORTS)
    await writeFile(join(dir, 'accounting', `${name}.csv`), csvExport(title, header, rows, totals));
}

type Cell = string | number | null;

const CATTLE_COLUMNS =
  'cattle_id, tag_number, rfid, name, breed_id, date_of_birth, gender, mother_id, father_id, purchase_date, purchase_price, source, current_weight, lactation_number, status, barn_id, notes, created_date';
const rfid = (n: number): string => `9000000000${String(n).padStart(5, '0')}`;
const animal = (
  id: number,
  tag: string | null,
  gender: string,
  status: string,
  over: { mother?: number; father?: number; dob?: string; rfid?: string } = {},
): Cell[] => [
  id,
  tag,
  over.rfid ?? rfid(id),
  `Cow ${id}`,
  1,
  over.dob ?? '2020-03-01',
  gender,
  over.mother ?? null,
  over.father ?? null,
  null,
  null,
  'born',
  410.5,
  1,
  status,
  1,
  null,
  '2020-03-01 09:00:00',
];

/** cattle: [loaded, active] 1, 3; [history] 2, 9; the rest one dirt kind each. */
export const HAND_MADE_CATTLE: Cell[][] = [
  animal(1, 'SD-0001', 'F', 'active'),
  animal(2, 'sd 0002', 'M', 'sold'),
  animal(3, 'SD-0003', 'f', 'active', { mother: 1, father: 2 }),
  animal(4, 'SD-0004', 'X', 'active'),
  animal(5, 'SD-0005', 'F', 'active', { mother: 99 }),
  animal(6, 'SD-0001', 'F', 'dead'),
  animal(7, 'SD-0007', 'F', 'dead', { dob: '2027-01-01' }),
  animal(8, null, 'F', 'culled'),
  animal(9, 'SD-0009', 'F', 'dead', { mother: 3 }),
  animal(10, 'SD-0010', 'F', 'active', { rfid: rfid(9) }),
];

const health = (id: number, cattle: number, date: string | null, type = 'checkup'): Cell[] => [
  id,
  cattle,
  date,
  type,
  null,
  null,
  null,
  'Dr. Rahman',
  500.0,
  null,
  null,
  null,
];
const milk = (
  id: number,
  cattle: number,
  date: string,
  session: string,
  litres = 12.5,
  fat = 4.1,
): Cell[] => [id, cattle, date, session, litres, fat, 8.5, 'A', 4.0, 'Karim', null, null];

async function writeFarmApp(path: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  try {
    db.exec(
      await readFile(
        new URL('../../../fixtures/legacy/farm-app.sqlite.sql', import.meta.url),
        'utf8',
      ),
    );
    const insert = (table: string, columns: string, rows: Cell[][]) => {
      const n = columns.split(',').length;
      const stmt = db.prepare(
        `INSERT INTO ${table} (${columns}) VALUES (${Array.from({ length: n }, () => '?').join(', ')})`,
      );
      for (const row of rows) stmt.run(...row);
    };
    insert('breeds', 'breed_id, breed_name, origin, avg_milk_yield, notes', [
      [1, 'Holstein Friesian', 'Netherlands', 25.5, null],
      [2, 'Sahiwal', 'Pakistan', 10.0, null],
      [3, 'sahiwal ', 'Pakistan', 10.0, null],
    ]);
    insert('barns', 'barn_id, barn_name, barn_type, capacity, location', [
      [1, 'Barn A', 'free-stall', 50, 'North'],
      [2, 'Calf shed', 'pen', 20, 'South'],
    ]);
    insert('cattle', CATTLE_COLUMNS, HAND_MADE_CATTLE);
    const healthColumns =
      'record_id, cattle_id, record_date, record_type, diagnosis, treatment, medicine, vet_name, cost, next_due_date, notes, created_date';
    insert('health_records', healthColumns, [
      health(1, 1, '2026-01-10', 'Vaccination'),
      health(2, 99, '2026-01-10'),
      health(3, 3, null),
      health(4, 3, '2026-12-01'),
      health(5, 1, '2023-01-01'),
      health(6, 4, '2026-01-10'),
    ]);
    const milkColumns =
      'record_id, cattle_id, record_date, session, quantity_liters, fat_percentage, snf_percentage, quality_grade, temperature, collected_by, notes, created_date';
    insert('milk_production', milkColumns, [
      milk(1, 1, '2026-06-01', 'Morning'),
      milk(2, 1, '2026-06-01', 'AM'),
      milk(3, 1, '2026-06-01', 'evening'),
      milk(4, 3, '2026-06-02', 'pm', -1),
      milk(5, 3, '2026-06-02', 'am', 10, 38.0),
      milk(6, 99, '2026-06-02', 'am'),
      milk(7, 9, '2024-01-01', 'am'),
    ]);
  } finally {
    db.close();
  }
}

const REGISTER_HEADER = [
  'Tag No',
  'Animal ID',
  'Breed',
  'Gender',
  'Date of Birth',
  'Purchase Date',
  'Purchase Price',
  'Current Status',
];

/** Register rows 2-8: matched, new, duplicate, missing tag, bad gender, bad date, matched. */
async function writeRegister(path: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Register');
  sheet.addRow(REGISTER_HEADER);
  const dob = new Date(Date.UTC(2019, 2, 7));
  sheet.addRow([rfid(1), 'SD-0001', 'Holstein Friesian', 'Female', dob, null, null, 'Active']);
  sheet.addRow([
    rfid(777),
    'sd0777',
    'holstein-friesian',
    'Cow',
    '07-Mar-2019',
    dob,
    '45,000',
    'Active',
  ]);
  sheet.addRow([rfid(777), 'SD-0778', 'Sahiwal', 'F', dob, null, 30000, 'Active']);
  sheet.addRow([null, 'SD-0779', 'Sahiwal', 'F', dob, null, null, 'Active']);
  sheet.addRow([rfid(888), 'SD-0888', 'Sahiwal', 'Unknown', dob, null, null, 'Active']);
  sheet.addRow([rfid(889), 'SD-0889', 'Sahiwal', 'F', 'spring 2020', null, null, 'Active']);
  sheet.addRow([rfid(2), 'SD0002', 'Holstein', 'M', dob, null, null, 'Sold']);
  await book.xlsx.writeFile(path);
}

const line = (
  v: string,
  n: number,
  date: string,
  account: string,
  dr: string,
  cr: string,
): Cell[] => [v, n, date, account, `Account ${account}`, dr, cr];
const voucher = (v: string, date: string, type: string, amount: string): Cell[] => [
  v,
  date,
  type,
  null,
  type === 'Journal' ? null : 'Rahim Store',
  'Being goods sold',
  amount,
];

type Export = [name: string, title: string, header: string[], rows: Cell[][], totals: Cell[]];

const EXPORTS: readonly Export[] = [
  [
    'chart_of_accounts',
    'Chart of Accounts',
    ['Account Code', 'Account Name', 'Account Type', 'Parent Code', 'Group'],
    [
      ['1010', 'Cash in Hand', 'asset', '1000', 'Assets'],
      ['1000', 'Assets', 'asset', '', ''],
      ['1200', 'Accounts Receivable', 'asset', '1000', 'Assets'],
      ['2000', 'Liabilities', 'liability', '', ''],
      ['2200', 'VAT Payable', 'liability', '2000', 'Liabilities'],
      ['4000', 'Income', 'Income', '', ''],
      ['4010', 'Sales - Liquid Milk', 'income', '4000', 'Income'],
      ['9999', 'Suspense', 'equity', '8888', 'Old'],
    ],
    ['Total', '8 accounts'],
  ],
  [
    'vouchers',
    'Day Book',
    ['Voucher No', 'Date', 'Voucher Type', 'Reference', 'Party', 'Narration', 'Amount'],
    [
      voucher('SV/000001', '01/06/2026', 'Sales', '1,150.00'),
      voucher('RV/000002', '02/06/2026', 'Receipt', '1,150.00'),
      voucher('JV/000003', '03/06/2026', 'Journal', '500.00'),
      voucher('SV/000004', '04/06/2026', 'Sales', '100.00'),
      voucher('RV/000005', '', 'Receipt', '100.00'),
      voucher('RV/000006', '31/02/2026', 'Receipt', '100.00'),
      voucher('RV/000007', '01/01/2024', 'Receipt', '100.00'),
      voucher('RV/000008', '05/06/2026', 'Receipt', '1,234.565'),
    ],
    ['Total', '', '', '', '', '', '4,434.57'],
  ],
  [
    'voucher_lines',
    'Voucher Lines',
    ['Voucher No', 'Line No', 'Date', 'Account Code', 'Account Name', 'Debit', 'Credit'],
    [
      line('SV/000001', 1, '01/06/2026', '1200', '1,150.00', ''),
      line('SV/000001', 2, '01/06/2026', '4010', '', '1,000.00'),
      line('SV/000001', 3, '01/06/2026', '2200', '', '150.00'),
      line('RV/000002', 1, '02/06/2026', '1010', '1,150.00', ''),
      line('RV/000002', 2, '02/06/2026', '1200', '', '1,150.00'),
      line('JV/000003', 1, '03/06/2026', '1010', '500.00', ''),
      line('JV/000003', 2, '03/06/2026', '4010', '', '400.00'),
      line('SV/000004', 1, '04/06/2026', '1200', '100.00', ''),
      line('SV/000004', 2, '04/06/2026', '4999', '', '100.00'),
      line('RV/000005', 1, '', '1010', '100.00', ''),
      line('RV/000005', 2, '', '1200', '', '100.00'),
      line('RV/000006', 1, '31/02/2026', '1010', '100.00', ''),
      line('RV/000006', 2, '31/02/2026', '1200', '', '100.00'),
      line('RV/000007', 1, '01/01/2024', '1010', '100.00', ''),
      line('RV/000007', 2, '01/01/2024', '1200', '', '100.00'),
      line('RV/000008', 1, '05/06/2026', '1010', '1,234.565', ''),
      line('RV/000008', 2, '05/06/2026', '1200', '', '1,234.565'),
    ],
    ['Total', '', '', '', '', '4,434.57', '4,334.57'],
  ],
  [
    'opening_balances',
    'Trial Balance',
    ['Account Code', 'Account Name', 'Debit', 'Credit'],
    [
      ['1010', 'Cash in Hand', '5,000.00', ''],
      ['2200', 'VAT Payable', '', '5,000.00'],
      ['4999', 'Suspense (old)', '10.00', ''],
    ],
    ['Total', '', '5,010.00', '5,000.00'],
  ],
];

// As the accounting package writes it: BOM, CRLF, preamble, header, rows, totals row.
function csvExport(title: string, header: string[], rows: Cell[][], totals: Cell[]): string {
  const quote = (cell: Cell): string => {
    const text = cell === null ? '' : String(cell);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    'Smart Dairy Ltd.',
    title,
    'Period: 01/07/2024 to 30/06/2026',
    '',
    header.map(quote).join(','),
    ...rows.map((r) => r.map(quote).join(',')),
    totals.map(quote).join(','),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
