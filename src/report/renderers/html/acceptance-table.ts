import { isGating } from '../../../core/check-result.ts';
import type { CheckResult } from '../../../core/check-result.ts';
import type { Evidence } from '../../../core/evidence.ts';
import { formatCount, formatDuration, groupDecimal, successRate } from '../../format.ts';

export interface AcceptanceRow {
  criterion: string;
  target: string;
  actual: string;
  status: 'pass' | 'fail' | 'accepted' | 'not-run';
}

/**
 * Seed 001 §5.2's acceptance table, with the actual figures filled in from the evidence:
 * data completeness, row count accuracy, financial reconciliation, checksum validation and
 * rollback time. A row no evidence covers says so instead of passing.
 */
export function acceptanceTable(evidence: Evidence): AcceptanceRow[] {
  return [
    completeness(evidence),
    rowCounts(evidence.checks.filter((c) => c.criterion === 'row-counts')),
    financial(evidence.checks.filter((c) => c.criterion === 'financial-totals')),
    checksums(evidence.checks.filter((c) => c.criterion === 'checksums')),
    rollbackTime(evidence),
  ];
}

function statusOf(checks: readonly CheckResult[]): AcceptanceRow['status'] {
  const ran = checks.filter((c) => c.status !== 'skipped');
  if (ran.length === 0) return 'not-run';
  if (ran.some((c) => isGating(c.status))) return 'fail';
  if (ran.some((c) => c.status === 'accepted')) return 'accepted';
  return 'pass';
}

/** Every extracted record is loaded, quarantined or out of scope by a named rule. */
function completeness(evidence: Evidence): AcceptanceRow {
  const row = { criterion: 'Data completeness', target: '100%' };
  if (evidence.loads.length === 0)
    return { ...row, actual: 'no load in this run', status: 'not-run' };
  const extracted = evidence.loads.reduce((s, l) => s + l.extracted, 0);
  const accounted = evidence.loads.reduce((s, l) => s + l.loaded + l.quarantined + l.outOfScope, 0);
  const loaded = evidence.loads.reduce((s, l) => s + l.loaded, 0);
  const inScope = evidence.loads.reduce((s, l) => s + l.extracted - l.outOfScope, 0);
  return {
    ...row,
    actual: `${successRate(accounted, extracted)} accounted for (${formatCount(accounted)} of ${formatCount(extracted)}); ${successRate(loaded, inScope)} of in-scope records migrated`,
    status: accounted === extracted ? 'pass' : 'fail',
  };
}

function rowCounts(checks: readonly CheckResult[]): AcceptanceRow {
  const row = { criterion: 'Row count accuracy', target: '100%' };
  if (checks.length === 0) return { ...row, actual: 'no row-count check ran', status: 'not-run' };
  const matching = checks.filter((c) => c.status === 'pass' || c.status === 'accepted').length;
  return {
    ...row,
    actual: `${successRate(matching, checks.length)} (${matching} of ${checks.length} counts match)`,
    status: statusOf(checks),
  };
}

function financial(checks: readonly CheckResult[]): AcceptanceRow {
  const row = { criterion: 'Financial reconciliation', target: '< BDT 1.00 variance' };
  if (checks.length === 0)
    return { ...row, actual: 'no financial total checked in this run', status: 'not-run' };
  const differences = checks.flatMap((c) => [
    ...(c.difference === undefined ? [] : [c.difference]),
    ...(c.groups ?? []).map((g) => g.difference),
  ]);
  const largest = differences.reduce(
    (a, d) => (compareAbs(d, a) > 0 ? d : a),
    differences[0] ?? '0',
  );
  return {
    ...row,
    actual: `largest absolute variance BDT ${groupDecimal(largest.replace(/^-/, ''))} over ${checks.length} ${checks.length === 1 ? 'total' : 'totals'}`,
    status: statusOf(checks),
  };
}

function checksums(checks: readonly CheckResult[]): AcceptanceRow {
  const row = { criterion: 'Checksum validation', target: '100% match' };
  if (checks.length === 0) return { ...row, actual: 'no checksum check ran', status: 'not-run' };
  const compared = checks.reduce((s, c) => s + (Number(c.source ?? '0') || 0), 0);
  const differing = checks.reduce((s, c) => s + c.failingCount, 0);
  return {
    ...row,
    actual: `${successRate(Math.max(0, compared - differing), compared)} (${formatCount(differing)} of ${formatCount(compared)} records differ)`,
    status: statusOf(checks),
  };
}

function rollbackTime(evidence: Evidence): AcceptanceRow {
  const row = { criterion: 'Rollback time', target: '< 30 minutes' };
  if (evidence.rollbacks.length === 0)
    return { ...row, actual: 'no rollback rehearsed in this run', status: 'not-run' };
  const slowest = evidence.rollbacks.reduce((a, r) => (r.durationMs > a.durationMs ? r : a));
  const ok = evidence.rollbacks.every((r) => r.restored && r.durationMs < r.limitMs);
  return {
    ...row,
    actual: `${formatDuration(slowest.durationMs)} (slowest, ${slowest.wave}); ${evidence.rollbacks.every((r) => r.restored) ? 'pre-wave state restored' : 'pre-wave state NOT restored'}`,
    status: ok ? 'pass' : 'fail',
  };
}

/** Compares two decimal strings by absolute value without going through floats. */
function compareAbs(a: string, b: string): number {
  const norm = (s: string) => {
    const [whole = '0', fraction = ''] = s.replace(/^-/, '').split('.');
    return { whole: whole.replace(/^0+(?=\d)/, ''), fraction };
  };
  const x = norm(a);
  const y = norm(b);
  if (x.whole.length !== y.whole.length) return x.whole.length - y.whole.length;
  if (x.whole !== y.whole) return x.whole < y.whole ? -1 : 1;
  const len = Math.max(x.fraction.length, y.fraction.length);
  const fx = x.fraction.padEnd(len, '0');
  const fy = y.fraction.padEnd(len, '0');
  return fx === fy ? 0 : fx < fy ? -1 : 1;
}
