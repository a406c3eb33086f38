import type { CheckStatus } from '../../../core/check-result.ts';
import type { CriterionSummary } from '../../../core/evidence.ts';

type Tone = 'pass' | 'fail' | 'accepted' | 'warn' | 'error' | 'skipped' | 'not-run';

export interface StatusView {
  label: string;
  tone: Tone;
}

const STATUS_LABELS: Record<CheckStatus | CriterionSummary['status'], string> = {
  pass: 'Pass',
  fail: 'Fail',
  accepted: 'Accepted',
  warn: 'Warning',
  error: 'Error',
  skipped: 'Skipped',
  'not-run': 'Not run',
};

export function statusView(status: CheckStatus | CriterionSummary['status']): StatusView {
  return { label: STATUS_LABELS[status], tone: status };
}

/** NULL and absent are different facts for a reviewer; an empty string is a third one. */
export function cellValue(value: string | null | undefined) {
  if (value === undefined) return { text: '', cls: 'value' };
  if (value === null) return { text: 'NULL', cls: 'value null' };
  if (value === '') return { text: '(empty)', cls: 'value null' };
  return { text: value, cls: 'value' };
}
