import type { CanonicalColumn, CanonicalKind, Db } from '../core/dialect.ts';

/** Row count and order-independent digest of every row of each table. */
export type TableSnapshot = Record<string, { rows: number; digest: string }>;

/**
 * Takes the whole-table checksums the rollback rehearsal compares (001 §5.2: target back to
 * its pre-wave state). Digests are computed inside the database; nothing row-sized comes
 * to Node. Tables are schema-qualified names.
 */
export async function takeSnapshot(db: Db, tables: readonly string[]): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const table of tables) {
    const columns = await describeColumns(db, table);
    const sql =
      db.dialect.snapshotDigestSql?.({ table, columns }) ??
      db.dialect.tableDigestSql({ table, columns });
    const { rows } = await db.query(sql);
    snapshot[table] = { rows: Number(rows[0]?.[0] ?? 0), digest: rows[0]?.[1] ?? '' };
  }
  return snapshot;
}

export function diffSnapshots(before: TableSnapshot, after: TableSnapshot): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  const differences: string[] = [];
  for (const table of tables) {
    const b = before[table];
    const a = after[table];
    if (!b || !a || b.rows !== a.rows || b.digest !== a.digest) {
      differences.push(
        `${table}: before ${b ? `${b.rows} rows ${b.digest}` : 'absent'}, after ${a ? `${a.rows} rows ${a.digest}` : 'absent'}`,
      );
    }
  }
  return differences;
}

async function describeColumns(db: Db, table: string): Promise<CanonicalColumn[]> {
  const [schema, name] = table.includes('.') ? table.split('.', 2) : [db.database, table];
  const rows = await db.rows(
    `SELECT column_name, data_type, numeric_scale FROM information_schema.columns
     WHERE table_schema = ${db.dialect.placeholder(1)} AND table_name = ${db.dialect.placeholder(2)}
     ORDER BY ordinal_position`,
    [schema, name],
  );
  return rows.map((r) => ({
    column: r['column_name'] ?? '',
    kind: kindOf(r['data_type'] ?? '', r['numeric_scale'] ?? null),
  }));
}

// information_schema names from both servers; anything unlisted is compared as text.
function kindOf(dataType: string, scale: string | null): CanonicalKind {
  const t = dataType.toLowerCase();
  if (/^(smallint|integer|int|bigint|tinyint|mediumint)$/.test(t)) return 'integer';
  if (t === 'numeric' || t === 'decimal') return scale === '3' ? 'decimal3' : 'decimal2';
  if (t === 'boolean') return 'boolean';
  if (t === 'date') return 'date';
  if (t.startsWith('timestamp') || t === 'datetime') return 'timestamp-utc';
  return 'text';
}
