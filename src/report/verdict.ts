import { Criteria, isGating } from '../core/check-result.ts';
import type { CheckResult, CheckStatus, CriterionId } from '../core/check-result.ts';
import type { CriterionSummary, Evidence, Verdict } from '../core/evidence.ts';

/**
 * The verdict is derived, never typed in: a failing or broken gating check fails the run; a
 * run whose only failures are accepted by a dispositions file passes with exceptions.
 */
export function deriveVerdict(checks: readonly CheckResult[]): Verdict {
  if (checks.some((c) => isGating(c.status))) return 'fail';
  if (checks.some((c) => c.status === 'accepted')) return 'pass-with-exceptions';
  return 'pass';
}

/** Every criterion of `Criteria`, in its declared order, including those no check covered. */
export function summarizeCriteria(checks: readonly CheckResult[]): CriterionSummary[] {
  return (Object.keys(Criteria) as CriterionId[]).map((criterion) =>
    summarizeCriterion(
      criterion,
      checks.filter((c) => c.criterion === criterion),
    ),
  );
}

export function summarizeCriterion(
  criterion: CriterionId,
  checks: readonly CheckResult[],
): CriterionSummary {
  const { title, target } = Criteria[criterion];
  return {
    criterion,
    title,
    target,
    actual: describeActual(checks),
    status: criterionStatus(checks),
    checkIds: checks.map((c) => c.id),
  };
}

/** Recomputes verdict and criteria from the checks, for evidence built or edited by hand. */
export function withDerivedVerdict(evidence: Evidence): Evidence {
  return {
    ...evidence,
    verdict: deriveVerdict(evidence.checks),
    criteria: summarizeCriteria(evidence.checks),
  };
}

function criterionStatus(checks: readonly CheckResult[]): CriterionSummary['status'] {
  const ran = checks.filter((c) => c.status !== 'skipped');
  if (ran.length === 0) return 'not-run';
  if (ran.some((c) => isGating(c.status))) return 'fail';
  if (ran.some((c) => c.status === 'accepted')) return 'accepted';
  return 'pass';
}

/** A figure a signer can read at a glance: '3 of 3 checks pass, 0 failing records'. */
function describeActual(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return 'no check covers this criterion';
  const count = (statuses: CheckStatus[]) => checks.filter((c) => statuses.includes(c.status));
  const records = (list: CheckResult[]) => list.reduce((sum, c) => sum + c.failingCount, 0);

  const passing = count(['pass', 'warn']).length;
  const failing = count(['fail']);
  const errors = count(['error']);
  const accepted = count(['accepted']);
  const warned = count(['warn']);
  const skipped = count(['skipped']);

  const parts = [
    `${passing} of ${checks.length} ${plural(checks.length, 'check', 'checks')} pass`,
    `${records(failing)} failing ${plural(records(failing), 'record', 'records')}`,
  ];
  if (accepted.length > 0)
    parts.push(
      `${accepted.length} accepted with ${records(accepted)} excepted ${plural(records(accepted), 'record', 'records')}`,
    );
  if (warned.length > 0 && records(warned) > 0)
    parts.push(`${records(warned)} flagged ${plural(records(warned), 'record', 'records')}`);
  if (errors.length > 0) parts.push(`${errors.length} could not run`);
  if (skipped.length > 0) parts.push(`${skipped.length} skipped`);
  return parts.join(', ');
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
