import type { CheckResult, CheckStatus } from '../../../core/check-result.ts';
import { redactSecrets } from '../../../core/errors.ts';
import type {
  CriterionSummary,
  Evidence,
  LoadEvidence,
  RollbackEvidence,
} from '../../../core/evidence.ts';
import { acceptanceTable } from './acceptance-table.ts';
import { dispositionResolver } from '../../dispositions.ts';
import { formatCount, formatDuration, successRate } from '../../format.ts';
import { rollbackChart, successRateChart, varianceChart } from './charts.ts';
import { checkDetail, checkRow, needsDetail } from './check-views.ts';
import type { CheckViewContext } from './check-views.ts';
import { exceptionsView } from './exceptions-view.ts';
import { SIGN_OFF_ROLES } from './sign-off-roles.ts';
import { statusView } from './view-values.ts';

/**
 * Everything the template shows, already formatted: the template only places text, so every
 * value passes through Handlebars' escaping and nothing is computed in markup.
 */
export interface ReportViewOptions {
  /**
   * Rows shown per list (failing keys, failing groups); the rest is counted and left to the
   * workbook, which holds every group and every failing key the evidence keeps.
   */
  failureRowLimit?: number;
}

const VERDICT_LABELS = {
  pass: { label: 'PASS', tone: 'pass' },
  fail: { label: 'FAIL', tone: 'fail' },
  'pass-with-exceptions': { label: 'PASS WITH ACCEPTED EXCEPTIONS', tone: 'accepted' },
} as const;

const UNGROUPED = '(run)';

export function buildReportView(
  evidence: Evidence,
  digest: string,
  options: ReportViewOptions = {},
) {
  const disposition = dispositionResolver(evidence);
  const context: CheckViewContext = { rowLimit: options.failureRowLimit ?? 20, disposition };
  const { run } = evidence;
  const verdict = VERDICT_LABELS[evidence.verdict];
  return {
    title: `Migration reconciliation — ${run.runId}`,
    runId: run.runId,
    verdict: {
      ...verdict,
      headline: verdictHeadline(evidence.criteria),
      tally: checkTally(evidence.checks),
    },
    planted: run.planted,
    hasPlanted: run.planted.length > 0,
    digest,
    facts: [
      { label: 'As of', value: formatInstant(run.asOf), cls: '' },
      { label: 'Profile / seed', value: `${run.profile} / ${run.seed}`, cls: '' },
      { label: 'Mode', value: run.mode, cls: '' },
      { label: 'Started', value: formatInstant(run.startedAt), cls: '' },
      { label: 'Finished', value: formatInstant(run.finishedAt), cls: '' },
      {
        label: 'Harness',
        value: `${run.harnessVersion}${run.gitCommit === null ? '' : ` (${run.gitCommit.slice(0, 8)})`}`,
        cls: '',
      },
      { label: 'Mapping specs', value: run.specHash.slice(0, 16), cls: 'mono' },
    ],
    databases: run.databases.map((db) => ({
      role: db.role,
      dialect: db.dialect,
      strategy: db.strategy,
      serverVersion: db.serverVersion,
      // Already masked by the provider; masked again so a hand-edited evidence file cannot leak.
      location: redactSecrets(db.location),
      startup: formatDuration(db.startupMs),
    })),
    acceptance: acceptanceTable(evidence).map((r) => ({ ...r, status: statusView(r.status) })),
    charts: {
      successRate: successRateChart(evidence.loads),
      rollback: rollbackChart(evidence.rollbacks),
    },
    exceptions: exceptionsView(evidence, disposition),
    hasExceptions:
      (run.dispositions ?? []).length > 0 ||
      evidence.checks.some((c) => c.failures.some((f) => f.acceptedBy !== undefined)),
    criteria: evidence.criteria.map((c) => ({
      title: c.title,
      target: c.target,
      actual: c.actual,
      status: statusView(c.status),
    })),
    waves: buildWaves(evidence, context),
    hasRollbacks: evidence.rollbacks.length > 0,
    rollbacks: evidence.rollbacks.map(rollbackView),
    signOff: SIGN_OFF_ROLES,
    phases: Object.entries(run.phases).map(([phase, seconds]) => ({
      phase,
      duration: formatDuration(seconds * 1000),
    })),
  };
}

export type ReportView = ReturnType<typeof buildReportView>;

function verdictHeadline(criteria: readonly CriterionSummary[]): string {
  const n = (status: CriterionSummary['status']) =>
    criteria.filter((c) => c.status === status).length;
  const total = criteria.length;
  const notRun = n('not-run');
  const untested = notRun > 0 ? ` ${notRun} not covered by any check.` : '';
  if (n('fail') > 0) {
    const failing = criteria.filter((c) => c.status === 'fail').map((c) => c.title);
    return `${n('fail')} of ${total} acceptance criteria fail: ${failing.join('; ')}.${untested}`;
  }
  if (n('accepted') > 0)
    return `${total - notRun} of ${total} criteria hold; ${n('accepted')} only with accepted exceptions.${untested}`;
  if (notRun > 0) return `${total - notRun} of ${total} acceptance criteria hold.${untested}`;
  return `All ${total} acceptance criteria hold.`;
}

/** '16 checks: 13 pass, 2 fail, 1 warning' — the checks behind the criteria, by status. */
function checkTally(checks: readonly CheckResult[]): string {
  const order: CheckStatus[] = ['pass', 'accepted', 'warn', 'fail', 'error', 'skipped'];
  const words: Record<CheckStatus, string> = {
    pass: 'pass',
    accepted: 'accepted',
    warn: 'warning',
    fail: 'fail',
    error: 'could not run',
    skipped: 'skipped',
  };
  const parts = order
    .map((status) => ({ status, n: checks.filter((c) => c.status === status).length }))
    .filter(({ n }) => n > 0)
    .map(({ status, n }) => `${formatCount(n)} ${words[status]}`);
  return `${formatCount(checks.length)} ${checks.length === 1 ? 'check' : 'checks'}${parts.length > 0 ? ': ' + parts.join(', ') : ''}`;
}

function buildWaves(evidence: Evidence, context: CheckViewContext) {
  const waveNames = unique([
    ...evidence.loads.map((l) => l.wave),
    ...evidence.checks.map((c) => c.wave ?? UNGROUPED),
  ]);
  return waveNames.map((wave) => {
    const loads = evidence.loads.filter((l) => l.wave === wave);
    const checks = evidence.checks.filter((c) => (c.wave ?? UNGROUPED) === wave);
    const entityNames = unique([
      ...loads.map((l) => l.entity),
      ...checks.map((c) => c.entity ?? UNGROUPED),
    ]);
    return {
      name: wave === UNGROUPED ? 'Run-level checks' : wave,
      hasLoads: loads.length > 0,
      loads: loads.map(loadView),
      loadTotals: loads.length > 1 ? loadTotals(loads) : null,
      quarantine: loads.flatMap((l) =>
        Object.entries(l.quarantineByReason).map(([reason, count]) => ({
          entity: l.entity,
          reason,
          count: formatCount(count),
        })),
      ),
      hasQuarantine: loads.some((l) => Object.keys(l.quarantineByReason).length > 0),
      entities: entityNames
        .map((entity) => ({
          name: entity === UNGROUPED ? 'Wave-level checks' : entity,
          rows: checks.filter((c) => (c.entity ?? UNGROUPED) === entity).map(checkRow),
        }))
        .filter((e) => e.rows.length > 0),
      details: checks.filter(needsDetail).map((c) => checkDetail(c, context)),
      // Seed 001 asks for variance by month per financial total: passing ones are drawn here,
      // the others in their own box.
      totalsCharts: checks
        .filter((c) => c.criterion === 'financial-totals' && !needsDetail(c))
        .map((c) => ({ id: c.id, chart: varianceChart(c) }))
        .filter((c): c is { id: string; chart: string } => c.chart !== null),
    };
  });
}

function loadView(load: LoadEvidence) {
  const accounted = load.loaded + load.quarantined + load.outOfScope === load.extracted;
  const reasons = Object.entries(load.quarantineByReason)
    .map(([reason, count]) => `${reason} ${formatCount(count)}`)
    .join(', ');
  return {
    entity: load.entity,
    batchId: load.batchId,
    extracted: formatCount(load.extracted),
    loaded: formatCount(load.loaded),
    quarantined: formatCount(load.quarantined),
    outOfScope: formatCount(load.outOfScope),
    successRate: successRate(load.loaded, load.extracted - load.outOfScope),
    // Nothing is silently dropped: the three outcomes must add up to what was extracted.
    accounted,
    rowClass: accounted ? '' : 'row-fail',
    reasons,
    duration: formatDuration(load.durationMs),
  };
}

function loadTotals(loads: readonly LoadEvidence[]) {
  const sum = (pick: (l: LoadEvidence) => number) => loads.reduce((s, l) => s + pick(l), 0);
  const extracted = sum((l) => l.extracted);
  const loaded = sum((l) => l.loaded);
  const outOfScope = sum((l) => l.outOfScope);
  return {
    extracted: formatCount(extracted),
    loaded: formatCount(loaded),
    quarantined: formatCount(sum((l) => l.quarantined)),
    outOfScope: formatCount(outOfScope),
    successRate: successRate(loaded, extracted - outOfScope),
  };
}

function rollbackView(rollback: RollbackEvidence) {
  const deleted = Object.values(rollback.deletedByTable).reduce((s, n) => s + n, 0);
  const withinLimit = rollback.durationMs < rollback.limitMs;
  const ok = withinLimit && rollback.restored;
  return {
    wave: rollback.wave,
    batches: formatCount(rollback.batchIds.length),
    duration: formatDuration(rollback.durationMs),
    limit: formatDuration(rollback.limitMs),
    usedOfLimit: `${Math.min(999, Math.round((rollback.durationMs / rollback.limitMs) * 100))}%`,
    deleted: formatCount(deleted),
    tables: Object.keys(rollback.deletedByTable).length,
    restored: rollback.restored ? 'Yes' : 'No',
    status: statusView(ok ? 'pass' : 'fail'),
  };
}

/** '2025-08-16T04:00:00.000Z' -> '2025-08-16 04:00:00 UTC': one unambiguous zone for signers. */
function formatInstant(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]} UTC`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
