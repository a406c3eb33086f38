import { Criteria } from '../../../core/check-result.ts';
import type { CheckFailure, CheckResult, GroupFigure } from '../../../core/check-result.ts';
import type { DispositionEvidence } from '../../../core/evidence.ts';
import { formatCount, formatDuration, groupDecimal } from '../../format.ts';
import { MISMATCHES_SHEET, sheetName } from '../xlsx/sheet-name.ts';
import { varianceChart } from './charts.ts';
import { cellValue, statusView } from './view-values.ts';

/**
 * A signer reads the checks that fail or were accepted; the rest is one table row each. Long
 * lists (failing keys, failing groups) stop at `rowLimit` rows and say where the rest is: the
 * workbook holds every group and every failing key the evidence keeps.
 */
export interface CheckViewContext {
  rowLimit: number;
  disposition: (failure: CheckFailure) => DispositionEvidence | undefined;
}

/** Fewer groups read better as the table of those outside tolerance alone. */
const MIN_CHART_GROUPS = 4;

/** Checks that get a box of their own below their wave's table. */
export function needsDetail(check: CheckResult): boolean {
  if (check.status !== 'pass' && check.status !== 'skipped') return true;
  return check.failures.length > 0 || (check.groups ?? []).some((g) => g.status !== 'pass');
}

/** The check's anchor: its id made safe for an HTML id. */
function anchor(check: CheckResult): string {
  return `check-${check.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** One table row: the last part of the id (the entity heads its rows), figures, status. */
export function checkRow(check: CheckResult) {
  const name = check.id.split('/').pop() ?? check.id;
  return {
    name,
    title: check.title,
    summary: check.summary,
    seedRef: check.seedRef,
    status: statusView(check.status),
    rowClass: check.status === 'pass' ? '' : `row-${check.status}`,
    ...figures(check),
    groupsNote: groupsNote(check.groups ?? [], check.unit),
    detailAnchor: needsDetail(check) ? anchor(check) : null,
  };
}

function figures(check: CheckResult) {
  const figure = (value: string | undefined) => (value === undefined ? '' : groupDecimal(value));
  return {
    source: figure(check.source),
    target: figure(check.target),
    difference: figure(check.difference),
    tolerance: figure(check.tolerance),
    unit: check.unit ?? '',
  };
}

/** '729 groups: 729 within tolerance; differences -12 to 0 days' (extremes as printed). */
function groupsNote(groups: readonly GroupFigure[], unit: string | undefined): string | null {
  // A single group is the check's own total, already in its figures.
  if (groups.length <= 1) return null;
  const passing = groups.filter((g) => g.status === 'pass').length;
  const failing = groups.filter((g) => g.status === 'fail').length;
  const accepted = groups.length - passing - failing;
  // Floats only choose the extremes; the figures printed are the evidence's own text.
  const byValue = [...groups].sort((a, b) => Number(a.difference) - Number(b.difference));
  const low = groupDecimal(byValue[0]!.difference);
  const high = groupDecimal(byValue[byValue.length - 1]!.difference);
  const range = low === high ? `difference ${low}` : `differences ${low} to ${high}`;
  const parts = [`${formatCount(passing)} within tolerance`];
  if (failing > 0) parts.push(`${formatCount(failing)} outside`);
  if (accepted > 0) parts.push(`${formatCount(accepted)} accepted`);
  return `${formatCount(groups.length)} groups: ${parts.join(', ')}; ${range}${unit === undefined ? '' : ` ${unit}`}`;
}

/** The box of a failing, accepted, warning or erroring check. */
export function checkDetail(check: CheckResult, context: CheckViewContext) {
  const { rowLimit } = context;
  const groups = check.groups ?? [];
  const offGroups = groups.length > 1 ? groups.filter((g) => g.status !== 'pass') : [];
  const open = check.failures.filter((f) => f.acceptedBy === undefined);
  const accepted = check.failures.filter((f) => f.acceptedBy !== undefined);
  const shownOpen = open.slice(0, rowLimit);
  const shownGroups = offGroups.slice(0, rowLimit);
  const hasFigures = [check.source, check.target, check.difference, check.tolerance].some(
    (v) => v !== undefined,
  );
  return {
    anchor: anchor(check),
    id: check.id,
    title: check.title,
    criterion: Criteria[check.criterion]?.title ?? check.criterion,
    seedRef: check.seedRef,
    status: statusView(check.status),
    summary: check.summary,
    duration: formatDuration(check.durationMs),
    hasFigures,
    figures: figures(check),
    groupsNote: groupsNote(groups, check.unit),
    chart: offGroups.length > 0 && groups.length >= MIN_CHART_GROUPS ? varianceChart(check) : null,
    hasOffGroups: shownGroups.length > 0,
    offGroups: shownGroups.map((g) => ({
      group: g.group,
      source: groupDecimal(g.source),
      target: groupDecimal(g.target),
      difference: groupDecimal(g.difference),
      status: statusView(g.status),
    })),
    offGroupsMore: more(offGroups.length - shownGroups.length, sheetName(check.kind)),
    hasFailures: shownOpen.length > 0,
    failures: shownOpen.map(failureView),
    failuresMore: more(open.length - shownOpen.length, MISMATCHES_SHEET),
    hasAccepted: accepted.length > 0,
    acceptedByCode: acceptedByCode(accepted, context),
    sampleNote: sampleNote(check),
  };
}

function more(count: number, sheet: string): string | null {
  return count > 0
    ? `… and ${formatCount(count)} more: see reconciliation.xlsx, sheet ${sheet}.`
    : null;
}

/** Exact count in all against what the evidence keeps, so no reader mistakes one for the other. */
function sampleNote(check: CheckResult): string | null {
  if (check.failingCount === 0 && check.failures.length === 0) return null;
  const all = `${formatCount(check.failingCount)} failing ${check.failingCount === 1 ? 'record' : 'records'} in all`;
  if (check.failures.length >= check.failingCount) return `${all}.`;
  return `${all}; evidence.json and reconciliation.xlsx keep a sample of ${formatCount(check.failures.length)}.`;
}

/** Accepted failures by reason code and disposition, with a few keys as examples. */
function acceptedByCode(accepted: readonly CheckFailure[], context: CheckViewContext) {
  const rows = new Map<string, { code: string; disposition: string; keys: string[] }>();
  for (const f of accepted) {
    const code = f.code ?? '(no code)';
    const d = context.disposition(f);
    const disposition = d?.id ?? f.acceptedBy!;
    const key = `${code}\u0000${disposition}`;
    const row = rows.get(key) ?? { code, disposition, keys: [] };
    row.keys.push(f.key);
    rows.set(key, row);
  }
  return [...rows.values()]
    .sort((a, b) => b.keys.length - a.keys.length || a.code.localeCompare(b.code))
    .map((r) => ({
      code: r.code,
      disposition: r.disposition,
      count: formatCount(r.keys.length),
      examples: r.keys.slice(0, 3).join(', ') + (r.keys.length > 3 ? ', …' : ''),
    }));
}

function failureView(failure: CheckFailure) {
  return {
    key: failure.key,
    field: failure.field ?? '',
    expected: cellValue(failure.expected),
    actual: cellValue(failure.actual),
    note: failure.message ?? failure.code ?? '',
  };
}
