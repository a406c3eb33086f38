import type { CheckFailure, CheckResult } from '../../../core/check-result.ts';
import type { Evidence } from '../../../core/evidence.ts';
import { formatSeconds, groupDecimal } from '../../format.ts';
import { element, xmlText } from './xml-text.ts';

export interface RenderJunitOptions {
  /** SHA-256 of evidence.json, recorded as a property. */
  digest?: string;
  /** Failing keys listed in a failure's body. */
  failureKeyLimit?: number;
}

const RUN_LEVEL = 'run';

/**
 * Standard JUnit XML for a CI's test tab: one testsuite per wave, one testcase per check.
 * fail -> <failure>, error -> <error> (the check could not run), skipped -> <skipped>;
 * accepted and warn pass, with a note in <system-out>.
 */
export function renderJunit(evidence: Evidence, options: RenderJunitOptions = {}): string {
  const limit = options.failureKeyLimit ?? 10;
  const waves = [...new Set(evidence.checks.map((c) => c.wave ?? RUN_LEVEL))];
  const suites = waves.map((wave) =>
    renderSuite(
      wave,
      evidence.checks.filter((c) => (c.wave ?? RUN_LEVEL) === wave),
      evidence,
      limit,
      options.digest,
    ),
  );
  const totals = tally(evidence.checks);
  const testsuites = element(
    'testsuites',
    {
      name: `cutover ${evidence.run.runId}`,
      tests: totals.tests,
      failures: totals.failures,
      errors: totals.errors,
      skipped: totals.skipped,
      time: formatSeconds(totals.ms),
      timestamp: evidence.run.startedAt.replace(/\.\d+Z$/, 'Z'),
    },
    '\n' + suites.join(''),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${testsuites}\n`;
}

function renderSuite(
  wave: string,
  checks: readonly CheckResult[],
  evidence: Evidence,
  limit: number,
  digest: string | undefined,
): string {
  const totals = tally(checks);
  const properties = [
    ['runId', evidence.run.runId],
    ['asOf', evidence.run.asOf],
    ['profile', evidence.run.profile],
    ['seed', String(evidence.run.seed)],
    ['verdict', evidence.verdict],
    ...(digest === undefined ? [] : [['evidenceSha256', digest]]),
  ]
    .map(
      ([name, value]) =>
        '    ' + element('property', { name: name ?? '', value: value ?? '' }) + '\n',
    )
    .join('');
  const cases = checks.map((c) => renderCase(c, limit)).join('');
  return (
    '  ' +
    element(
      'testsuite',
      {
        name: wave,
        tests: totals.tests,
        failures: totals.failures,
        errors: totals.errors,
        skipped: totals.skipped,
        time: formatSeconds(totals.ms),
        timestamp: evidence.run.startedAt.replace(/\.\d+Z$/, 'Z'),
      },
      `\n    <properties>\n${properties}    </properties>\n${cases}  `,
    ) +
    '\n'
  );
}

function renderCase(check: CheckResult, limit: number): string {
  const attrs = {
    classname: `${check.wave ?? RUN_LEVEL}/${check.entity ?? RUN_LEVEL}`,
    name: `${check.id} ${check.title}`,
    time: formatSeconds(check.durationMs),
  };
  let body: string | undefined;
  switch (check.status) {
    case 'fail':
      body = element(
        'failure',
        { message: failureMessage(check), type: check.kind },
        xmlText(failureBody(check, limit)),
      );
      break;
    case 'error':
      body = element(
        'error',
        { message: failureMessage(check), type: check.kind },
        xmlText(failureBody(check, limit)),
      );
      break;
    case 'skipped':
      body = element('skipped', { message: check.summary });
      break;
    case 'accepted':
    case 'warn':
      body = element(
        'system-out',
        {},
        xmlText(`${check.status.toUpperCase()}: ${failureBody(check, limit)}`),
      );
      break;
    case 'pass':
      body = undefined;
  }
  return (
    '    ' +
    element('testcase', attrs, body === undefined ? undefined : `\n      ${body}\n    `) +
    '\n'
  );
}

/** The one line a CI shows: the summary with the figures behind it. */
function failureMessage(check: CheckResult): string {
  const figures = figureText(check);
  return figures === '' ? check.summary : `${check.summary} (${figures})`;
}

function figureText(check: CheckResult): string {
  const unit = check.unit === undefined ? '' : ` ${check.unit}`;
  const parts: string[] = [];
  if (check.source !== undefined) parts.push(`source ${groupDecimal(check.source)}`);
  if (check.target !== undefined) parts.push(`target ${groupDecimal(check.target)}`);
  if (check.difference !== undefined) parts.push(`difference ${groupDecimal(check.difference)}`);
  if (check.tolerance !== undefined) parts.push(`tolerance ${groupDecimal(check.tolerance)}`);
  return parts.length === 0 ? '' : parts.join(', ') + unit;
}

function failureBody(check: CheckResult, limit: number): string {
  const lines = [
    check.summary,
    `check ${check.id}, criterion ${check.criterion}, seed ${check.seedRef}`,
  ];
  const figures = figureText(check);
  if (figures !== '') lines.push(figures);
  lines.push(`${check.failingCount} failing records`);
  const shown = check.failures.slice(0, limit);
  for (const failure of shown) lines.push('  ' + failureLine(failure));
  if (check.failingCount > shown.length)
    lines.push(`  ... ${check.failingCount - shown.length} more in evidence.json`);
  return lines.join('\n');
}

function failureLine(failure: CheckFailure): string {
  const show = (v: string | null | undefined) =>
    v === null ? 'NULL' : v === undefined ? '' : JSON.stringify(v);
  const parts = [failure.key];
  if (failure.field !== undefined) parts.push(failure.field);
  if (failure.expected !== undefined) parts.push(`expected ${show(failure.expected)}`);
  if (failure.actual !== undefined) parts.push(`actual ${show(failure.actual)}`);
  if (failure.message !== undefined) parts.push(failure.message);
  if (failure.acceptedBy !== undefined) parts.push(`accepted by ${failure.acceptedBy}`);
  return parts.join(' | ');
}

function tally(checks: readonly CheckResult[]) {
  return {
    tests: checks.length,
    failures: checks.filter((c) => c.status === 'fail').length,
    errors: checks.filter((c) => c.status === 'error').length,
    skipped: checks.filter((c) => c.status === 'skipped').length,
    ms: checks.reduce((s, c) => s + c.durationMs, 0),
  };
}
