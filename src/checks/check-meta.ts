import type { CheckFailure, CheckResult, CheckStatus, CriterionId } from '../core/check-result.ts';
import { FAILURE_SAMPLE_LIMIT } from '../core/check-result.ts';

/** What every check is told about itself by the suite that runs it. */
export interface CheckMeta {
  id: string;
  title: string;
  criterion: CriterionId;
  seedRef: string;
  wave?: string;
  entity?: string;
}

/** Collects failing records: exact count, capped sample. */
export class FailureList {
  count = 0;
  readonly sample: CheckFailure[] = [];

  add(failure: CheckFailure): void {
    this.count += 1;
    if (this.sample.length < FAILURE_SAMPLE_LIMIT) this.sample.push(failure);
  }
}

export interface ResultFields {
  kind: string;
  status: CheckStatus;
  summary: string;
  startedAt: number;
  failures?: FailureList;
  source?: string;
  target?: string;
  difference?: string;
  tolerance?: string;
  unit?: string;
  groups?: CheckResult['groups'];
}

/** Builds a CheckResult, leaving out absent optional figures (exactOptionalPropertyTypes). */
export function buildResult(meta: CheckMeta, fields: ResultFields): CheckResult {
  const result: CheckResult = {
    id: meta.id,
    title: meta.title,
    kind: fields.kind,
    criterion: meta.criterion,
    seedRef: meta.seedRef,
    status: fields.status,
    failingCount: fields.failures?.count ?? 0,
    failures: fields.failures?.sample ?? [],
    summary: fields.summary,
    durationMs: Math.round(performance.now() - fields.startedAt),
  };
  if (meta.wave !== undefined) result.wave = meta.wave;
  if (meta.entity !== undefined) result.entity = meta.entity;
  for (const key of ['source', 'target', 'difference', 'tolerance', 'unit', 'groups'] as const) {
    const value = fields[key];
    if (value !== undefined) (result as unknown as Record<string, unknown>)[key] = value;
  }
  return result;
}

/** A check that does not apply to this run (e.g. a rollback rehearsal in check-only mode). */
export function skippedResult(meta: CheckMeta, reason: string): CheckResult {
  return buildResult(meta, {
    kind: 'skipped',
    status: 'skipped',
    summary: reason,
    startedAt: performance.now(),
  });
}
