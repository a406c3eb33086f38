import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { ReasonCode } from '../../src/rules/spec.ts';
import type { GeneratorInput } from './generator-input.ts';
import { ROWS_CHECKSUM_ALGORITHM } from './row-digest.ts';
import type { TableGeneration } from './table-generation.ts';

/** One planted defect (or cosmetic noise, kind 'fixable:*') in one legacy record. */
export interface DirtEntry {
  source: string;
  table: string;
  /** Legacy primary key as text. */
  key: string;
  kind: string;
  /** Column holding the defect. */
  field?: string;
  /** Quarantine reason the loader must give. */
  reason?: ReasonCode;
  /** Scope rule that must put the record out of scope. */
  rule?: string;
  /** Key of the earlier record this one duplicates. */
  duplicateOf?: string;
  /** For repairable kinds whose repair is not a plain normalisation: the text before the damage. */
  original?: string;
}

export interface TableSummary {
  rows: number;
  checksum: string;
}

/** What a correct loader must report for one entity, derived from the plan alone. */
export interface EntityExpectation {
  source: string;
  table: string;
  extracted: number;
  outOfScope: number;
  outOfScopeByRule: Record<string, number>;
  quarantined: number;
  quarantinedByReason: Partial<Record<ReasonCode, number>>;
  loaded: number;
  /** Loaded records whose raw text the rules must repair (fixable:* kinds). */
  loadedAfterFix: number;
  /** Extra per-entity tallies, e.g. customers and suppliers among loaded rows. */
  breakdown: Record<string, number>;
}

/** A count and an exact decimal amount. */
export interface CountAmount {
  count: number;
  amount: string;
}

export interface OrderTotals {
  /** Every order dated in the window, as seed 001 §3 query 6 sums the source. */
  window: CountAmount;
  /** Orders a correct migration loads. */
  loaded: CountAmount;
  /** Dhaka month 'YYYY-MM' of order_date. */
  byMonth: Record<string, { window: CountAmount; loaded: CountAmount }>;
}

export interface DebitCreditJson {
  count: number;
  debit: string;
  credit: string;
}

export interface ManifestTotals {
  salesOrders: OrderTotals;
  purchaseOrders: OrderTotals;
  /** Loadable vouchers in the window; per Dhaka month, per account code within a month. */
  vouchers: {
    loaded: DebitCreditJson;
    byMonth: Record<
      string,
      DebitCreditJson & { byAccount: Record<string, { debit: string; credit: string }> }
    >;
  };
  /** The trial balance as at the cutover date, per posting account. */
  openingBalances: {
    asAt: string;
    debit: string;
    credit: string;
    byAccount: Record<string, { debit: string; credit: string }>;
  };
  /** Milk readings in the window: source side (every in-window record) and loaded. */
  milk: {
    window: { count: number; litres: string };
    loaded: { count: number; litres: string };
    byMonth: Record<
      string,
      { window: { count: number; litres: string }; loaded: { count: number; litres: string } }
    >;
  };
}

/** How the Excel register overlaps the SQLite cattle. */
export interface RegisterOverlap {
  registerRows: number;
  inBoth: number;
  registerOnly: number;
  sqliteOnly: number;
  /** Register row number -> cattle_id of the same animal in SQLite. */
  rowToCattleId: Record<string, number>;
}

export interface FileSummary {
  bytes: number;
  sha256: string;
}

export interface Manifest {
  manifestVersion: 1;
  profile: string;
  seed: number;
  asOf: string;
  /** Dhaka local 'YYYY-MM-DD HH:MM:SS': records at or after it are in the 2-year window. */
  windowStart?: string;
  checksumAlgorithm: string;
  /** Written files (estate-relative path, '/'-separated), when an estate was written. */
  files?: Record<string, FileSummary>;
  totals?: Partial<ManifestTotals>;
  overlap?: RegisterOverlap;
  sources: Record<string, Record<string, TableSummary>>;
  dirt: DirtEntry[];
  /** 'source.table' -> kind -> count. */
  dirtCounts: Record<string, Record<string, number>>;
  expected: Record<string, EntityExpectation>;
}

export interface GeneratedTable {
  generation: TableGeneration;
  summary: TableSummary;
}

export function buildManifest(input: GeneratorInput, tables: readonly GeneratedTable[]): Manifest {
  const manifest: Manifest = {
    manifestVersion: 1,
    profile: input.profile,
    seed: input.seed,
    asOf: input.asOf,
    checksumAlgorithm: ROWS_CHECKSUM_ALGORITHM,
    sources: {},
    dirt: [],
    dirtCounts: {},
    expected: {},
  };
  for (const { generation, summary } of tables) {
    const totals = generation.totals?.();
    if (totals !== undefined && Object.keys(totals).length > 0) {
      manifest.totals = { ...manifest.totals, ...totals };
    }
    (manifest.sources[generation.source] ??= {})[generation.table] = summary;
    // Not push(...dirt): spreading xl's hundreds of thousands of entries overflows the stack.
    for (const entry of generation.dirt) manifest.dirt.push(entry);
    manifest.dirtCounts[`${generation.source}.${generation.table}`] = countKinds(generation.dirt);
    manifest.expected[generation.entity] = generation.expected;
  }
  return manifest;
}

export function countKinds(dirt: readonly DirtEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of dirt) counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
  return counts;
}

/** Writes beside the target and renames, so a reader never sees half a manifest. */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
