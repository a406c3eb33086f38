import type { CheckFailure, CheckResult, CheckStatus, CriterionId } from '../core/check-result.ts';
import { FAILURE_SAMPLE_LIMIT } from '../core/check-result.ts';
import { acceptingDisposition, type Disposition } from './dispositions.ts';

/** What every check is told about itself by the suite that runs it. */
export interface CheckMeta {
  id: string;
  title: string;
  criterion: CriterionId;
  seedRef: string;
  wave?: string;
  entity?: string;
  /**
   * Accepted exceptions that apply to this check (the suite DSL fills it in). Failures they
   * accept are marked as they are found, so the count of accepted ones is exact even when
   * only a sample of the failures is kept.
   */
  dispositions?: readonly Disposition[];
}

/** Collects failing records: exact count (and of those accepted), capped sample. */
export class FailureList {
  count = 0;
  accepted = 0;
  readonly sample: CheckFailure[] = [];

  constructor(private readonly meta?: CheckMeta) {}

  add(failure: CheckFailure): void {
    this.count += 1;
    const d = this.meta?.dispositions
      ? acceptingDisposition(this.meta.dispositions, this.meta.id, failure)
      : undefined;
    if (d) this.accepted += 1;
    // Past the sample only the counts grow: a quarantine of 100k records adds no object.
    if (this.sample.length < FAILURE_SAMPLE_LIMIT)
      this.sample.push(
        d ? { ...failure, acceptedBy: `${d.acceptedBy}, ${d.acceptedAt}: ${d.reason}` } : failure,
      );
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
  const f = fields.failures;
  // Every failure accepted by a disposition: reported, not gating.
  const allAccepted =
    fields.status === 'fail' && f !== undefined && f.count > 0 && f.accepted === f.count;
  if (allAccepted) {
    fields = {
      ...fields,
      status: 'accepted',
      summary: `${fields.summary}; ${f.accepted} of ${f.count} failures accepted`,
      ...(fields.groups
        ? {
            groups: fields.groups.map((g) =>
              g.status === 'fail' ? { ...g, status: 'accepted' as const } : g,
            ),
          }
        : {}),
    };
  } else if (f !== undefined && f.accepted > 0) {
    fields = {
      ...fields,
      summary: `${fields.summary}; ${f.accepted} of ${f.count} failures accepted`,
    };
  }
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
