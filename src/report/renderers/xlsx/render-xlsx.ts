import type { CheckResult } from '../../../core/check-result.ts';
import { CutoverError, ErrorCodes, describeCause } from '../../../core/errors.ts';
import type { Evidence } from '../../../core/evidence.ts';
import { dispositionResolver } from '../../dispositions.ts';
import { MISMATCHES_SHEET, sheetName } from './sheet-name.ts';
import { FORMATS, writeTable } from './xlsx-table.ts';
import type { Cell, Column } from './xlsx-table.ts';

export interface RenderXlsxOptions {
  /** SHA-256 of evidence.json, written on the Run sheet. */
  digest: string;
}

const STATUS = 'Status';

/**
 * reconciliation.xlsx, streamed (exceljs WorkbookWriter): Run, Summary and Status Summary as
 * seed 001's reconciliation generator makes them, seed 003's per-component load table, one
 * sheet per check kind, Mismatches (every failing key the evidence holds), Quarantine,
 * Exceptions and Rollback. Money is exact (see money-cell.ts).
 */
export async function renderXlsx(
  evidence: Evidence,
  outPath: string,
  options: RenderXlsxOptions,
): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: outPath,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'cutover';
  workbook.created = new Date(evidence.run.finishedAt || evidence.run.startedAt);
  try {
    writeRun(workbook, evidence, options.digest);
    writeSummary(workbook, evidence);
    writeStatusSummary(workbook, evidence);
    writeLoads(workbook, evidence);
    for (const kind of [...new Set(evidence.checks.map((c) => c.kind))])
      writeKind(
        workbook,
        kind,
        evidence.checks.filter((c) => c.kind === kind),
      );
    writeMismatches(workbook, evidence);
    writeQuarantine(workbook, evidence);
    writeExceptions(workbook, evidence);
    writeRollback(workbook, evidence);
    await workbook.commit();
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `Cannot write ${outPath}: ${describeCause(cause)}`,
      { cause, details: { path: outPath } },
    );
  }
  return outPath;
}

type Workbook = Parameters<typeof writeTable>[0];

const VERDICTS = {
  pass: 'PASS',
  fail: 'FAIL',
  'pass-with-exceptions': 'PASS WITH ACCEPTED EXCEPTIONS',
} as const;

function writeRun(workbook: Workbook, evidence: Evidence, digest: string): void {
  const { run } = evidence;
  const facts: Cell[][] = [
    ['Verdict', VERDICTS[evidence.verdict], ''],
    ['Run id', run.runId, ''],
    ['Evidence SHA-256', digest, 'SHA-256 of evidence.json; printed on every PDF page'],
    ['As of', run.asOf, 'the pinned instant of the run (UTC)'],
    ['Profile / seed', `${run.profile} / ${run.seed}`, ''],
    ['Mode', run.mode, ''],
    ['Started', run.startedAt, ''],
    ['Finished', run.finishedAt, ''],
    ['Harness', run.harnessVersion, run.gitCommit ?? ''],
    ['Mapping specs SHA-256', run.specHash, ''],
    ['Suites SHA-256', run.suitesHash ?? '', ''],
    [
      'Planted defects',
      run.planted.join(', '),
      run.planted.length > 0 ? 'not valid for cutover' : '',
    ],
    ...evidence.criteria.map((c): Cell[] => [
      `Criterion: ${c.title}`,
      c.status.toUpperCase(),
      `target ${c.target}; actual ${c.actual}`,
    ]),
    [
      'Failing keys',
      '',
      'each check keeps at most 200 failing records; the Summary sheet has every exact count',
    ],
  ];
  writeTable(
    workbook,
    'Run',
    [
      { header: 'Item', width: 48 },
      { header: 'Value', width: 70 },
      { header: 'Note', width: 80 },
    ],
    facts,
  );
}

function figure(check: CheckResult, value: string | undefined): Cell {
  if (value === undefined) return null;
  return { decimal: value, format: check.unit === 'BDT' ? FORMATS.money : FORMATS.count };
}

/** Seed 001's Summary sheet: Check Type, Entity, Source Count, Target Count, Difference, Status. */
function writeSummary(workbook: Workbook, evidence: Evidence): void {
  writeTable(
    workbook,
    'Summary',
    [
      { header: 'Check Type', width: 18 },
      { header: 'Entity', width: 22 },
      { header: 'Source Count', width: 18 },
      { header: 'Target Count', width: 18 },
      { header: 'Difference', width: 14 },
      { header: STATUS, width: 11 },
      { header: 'Timestamp', width: 22 },
      { header: 'Check ID', width: 48 },
      { header: 'Wave', width: 20 },
      { header: 'Criterion', width: 18 },
      { header: 'Seed', width: 16 },
      { header: 'Tolerance', width: 12 },
      { header: 'Unit', width: 10 },
      { header: 'Failing records', width: 15, format: FORMATS.count },
      { header: 'Summary', width: 80 },
    ],
    evidence.checks.map((c) => [
      c.kind,
      c.entity ?? '',
      figure(c, c.source),
      figure(c, c.target),
      figure(c, c.difference),
      c.status.toUpperCase(),
      evidence.run.finishedAt,
      c.id,
      c.wave ?? '',
      c.criterion,
      c.seedRef,
      figure(c, c.tolerance),
      c.unit ?? '',
      c.failingCount,
      c.summary,
    ]),
    { statusColumn: STATUS },
  );
}

/** Seed 001: `df.groupby('Status').size()`. */
function writeStatusSummary(workbook: Workbook, evidence: Evidence): void {
  const counts = new Map<string, number>();
  for (const c of evidence.checks)
    counts.set(c.status.toUpperCase(), (counts.get(c.status.toUpperCase()) ?? 0) + 1);
  writeTable(
    workbook,
    'Status Summary',
    [
      { header: STATUS, width: 14 },
      { header: 'Count', width: 10, format: FORMATS.count },
    ],
    [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)),
    { statusColumn: STATUS },
  );
}

/** Seed 003's table: Component, Source Count, Migrated, Success Rate, Status. */
function writeLoads(workbook: Workbook, evidence: Evidence): void {
  writeTable(
    workbook,
    'Loads',
    [
      { header: 'Wave', width: 20 },
      { header: 'Component', width: 24 },
      { header: 'Source Count', width: 14, format: FORMATS.count },
      { header: 'Migrated', width: 12, format: FORMATS.count },
      { header: 'Quarantined', width: 12, format: FORMATS.count },
      { header: 'Out of scope', width: 12, format: FORMATS.count },
      { header: 'Success Rate', width: 13 },
      { header: STATUS, width: 11 },
      { header: 'Batch', width: 50 },
      { header: 'Seconds', width: 10, format: FORMATS.seconds },
    ],
    evidence.loads.map((l) => {
      const inScope = l.extracted - l.outOfScope;
      const accounted = l.loaded + l.quarantined + l.outOfScope === l.extracted;
      // Truncated to hundredths of a percent like the report, never rounded up to 100%.
      const hundredths = inScope > 0 ? Math.floor((l.loaded * 10000) / inScope) : null;
      return [
        l.wave,
        l.entity,
        l.extracted,
        l.loaded,
        l.quarantined,
        l.outOfScope,
        hundredths === null ? null : { value: hundredths / 10000, format: FORMATS.percent },
        accounted ? (l.quarantined === 0 ? 'PASS' : 'WARN') : 'FAIL',
        l.batchId,
        l.durationMs / 1000,
      ];
    }),
    { statusColumn: STATUS },
  );
}

function writeKind(workbook: Workbook, kind: string, checks: readonly CheckResult[]): void {
  const rows: Cell[][] = [];
  for (const c of checks) {
    const base = [c.id, c.wave ?? '', c.entity ?? '', c.title];
    rows.push([
      ...base,
      '(total)',
      figure(c, c.source),
      figure(c, c.target),
      figure(c, c.difference),
      figure(c, c.tolerance),
      c.unit ?? '',
      c.status.toUpperCase(),
      c.failingCount,
      c.summary,
    ]);
    for (const g of c.groups ?? [])
      rows.push([
        ...base,
        g.group,
        figure(c, g.source),
        figure(c, g.target),
        figure(c, g.difference),
        figure(c, c.tolerance),
        c.unit ?? '',
        g.status.toUpperCase(),
        null,
        '',
      ]);
  }
  writeTable(
    workbook,
    sheetName(kind),
    [
      { header: 'Check ID', width: 48 },
      { header: 'Wave', width: 20 },
      { header: 'Entity', width: 22 },
      { header: 'Title', width: 44 },
      { header: 'Group', width: 14 },
      { header: 'Source', width: 18 },
      { header: 'Target', width: 18 },
      { header: 'Difference', width: 14 },
      { header: 'Tolerance', width: 12 },
      { header: 'Unit', width: 10 },
      { header: STATUS, width: 11 },
      { header: 'Failing records', width: 15, format: FORMATS.count },
      { header: 'Summary', width: 80 },
    ],
    rows,
    { statusColumn: STATUS },
  );
}

const FAILURE_COLUMNS: Column[] = [
  { header: 'Check ID', width: 48 },
  { header: 'Kind', width: 16 },
  { header: 'Wave', width: 20 },
  { header: 'Entity', width: 22 },
  { header: 'Key', width: 18 },
  { header: 'Field', width: 16 },
  { header: 'Expected', width: 30 },
  { header: 'Actual', width: 30 },
  { header: 'Message', width: 40 },
  { header: STATUS, width: 11 },
  { header: 'Accepted by', width: 34 },
];

/** Every failing record the evidence holds; NULL stays distinguishable from an empty value. */
function writeMismatches(workbook: Workbook, evidence: Evidence): void {
  const rows = function* (): Generator<Cell[]> {
    for (const c of evidence.checks)
      for (const f of c.failures)
        yield [
          c.id,
          c.kind,
          c.wave ?? '',
          c.entity ?? '',
          f.key,
          f.field ?? '',
          shown(f.expected),
          shown(f.actual),
          f.message ?? '',
          f.acceptedBy === undefined ? c.status.toUpperCase() : 'ACCEPTED',
          f.acceptedBy ?? '',
        ];
  };
  writeTable(workbook, MISMATCHES_SHEET, FAILURE_COLUMNS, rows(), { statusColumn: STATUS });
}

function shown(value: string | null | undefined): Cell {
  if (value === undefined) return null;
  if (value === null) return 'NULL';
  return value;
}

function writeQuarantine(workbook: Workbook, evidence: Evidence): void {
  writeTable(
    workbook,
    'Quarantine',
    [
      { header: 'Wave', width: 20 },
      { header: 'Entity', width: 24 },
      { header: 'Reason code', width: 24 },
      { header: 'Count', width: 10, format: FORMATS.count },
      { header: 'Share of extracted', width: 18 },
    ],
    evidence.loads.flatMap((l) =>
      Object.entries(l.quarantineByReason).map(([reason, n]): Cell[] => [
        l.wave,
        l.entity,
        reason,
        n,
        l.extracted > 0 ? { value: n / l.extracted, format: FORMATS.percent } : null,
      ]),
    ),
  );
  const records = evidence.quarantine ?? [];
  if (records.length === 0) return;
  writeTable(
    workbook,
    'Quarantined records',
    [
      { header: 'Wave', width: 20 },
      { header: 'Entity', width: 24 },
      { header: 'Legacy key', width: 18 },
      { header: 'Reason code', width: 24 },
      { header: 'Field', width: 16 },
      { header: 'Value', width: 30 },
      { header: 'Message', width: 50 },
    ],
    records.map((r) => [
      r.wave,
      r.entity,
      r.legacyKey,
      r.reasonCode,
      r.field ?? '',
      shown(r.value),
      r.message ?? '',
    ]),
  );
}

function writeExceptions(workbook: Workbook, evidence: Evidence): void {
  const disposition = dispositionResolver(evidence);
  const rows: Cell[][] = evidence.checks.flatMap((c) =>
    c.failures
      .filter((f) => f.acceptedBy !== undefined)
      .map((f) => {
        const d = disposition(f);
        return [
          c.id,
          f.key,
          f.field ?? '',
          shown(f.expected),
          shown(f.actual),
          d?.id ?? f.acceptedBy!,
          d?.reason ?? '',
          d?.approvedBy ?? '',
          d?.reference ?? '',
          'ACCEPTED',
        ];
      }),
  );
  writeTable(
    workbook,
    'Exceptions',
    [
      { header: 'Check ID', width: 48 },
      { header: 'Key', width: 18 },
      { header: 'Field', width: 16 },
      { header: 'Expected', width: 30 },
      { header: 'Actual', width: 30 },
      { header: 'Disposition', width: 34 },
      { header: 'Reason', width: 50 },
      { header: 'Approved by', width: 20 },
      { header: 'Reference', width: 18 },
      { header: STATUS, width: 11 },
    ],
    rows,
    { statusColumn: STATUS },
  );
}

function writeRollback(workbook: Workbook, evidence: Evidence): void {
  writeTable(
    workbook,
    'Rollback',
    [
      { header: 'Wave', width: 20 },
      { header: 'Batches', width: 10, format: FORMATS.count },
      { header: 'Duration (s)', width: 14, format: FORMATS.seconds },
      { header: 'Limit (s)', width: 12, format: FORMATS.seconds },
      { header: 'Of limit', width: 10 },
      { header: 'Rows deleted', width: 14, format: FORMATS.count },
      { header: 'Pre-wave state restored', width: 22 },
      { header: STATUS, width: 11 },
    ],
    evidence.rollbacks.map((r) => [
      r.wave,
      r.batchIds.length,
      r.durationMs / 1000,
      r.limitMs / 1000,
      r.limitMs > 0 ? { value: r.durationMs / r.limitMs, format: FORMATS.percent } : null,
      Object.values(r.deletedByTable).reduce((s, n) => s + n, 0),
      r.restored ? 'Yes' : 'No',
      r.restored && r.durationMs < r.limitMs ? 'PASS' : 'FAIL',
    ]),
    { statusColumn: STATUS },
  );
}
