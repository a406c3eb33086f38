import { describe, expect, it } from 'vitest';
import { Criteria } from '../core/check-result.ts';
import type { CheckResult } from '../core/check-result.ts';
import { sampleEvidence } from './fixtures/sample-evidence.ts';
import { deriveVerdict, summarizeCriteria } from './verdict.ts';

const base = sampleEvidence('pass').checks;

function withStatus(id: string, status: CheckResult['status'], failingCount = 0): CheckResult[] {
  return base.map((c) => (c.id === id ? { ...c, status, failingCount } : c));
}

describe('deriveVerdict', () => {
  it('passes when every check passes or only warns', () => {
    expect(deriveVerdict(base)).toBe('pass');
  });

  it('fails on a failing or an errored gating check', () => {
    expect(deriveVerdict(withStatus('wave-2/core.res_partner/checksum', 'fail', 3))).toBe('fail');
    expect(deriveVerdict(withStatus('wave-2/core.res_partner/checksum', 'error'))).toBe('fail');
  });

  it('passes with exceptions when the only failures are accepted', () => {
    expect(deriveVerdict(withStatus('wave-2/core.res_partner/checksum', 'accepted', 3))).toBe(
      'pass-with-exceptions',
    );
  });

  it('a failure outweighs an accepted exception', () => {
    const checks = withStatus('wave-2/core.res_partner/checksum', 'accepted', 3).map((c) =>
      c.id === 'wave-4/sales.order/financial-totals' ? { ...c, status: 'fail' as const } : c,
    );
    expect(deriveVerdict(checks)).toBe('fail');
  });

  it('matches the fixtures', () => {
    expect(sampleEvidence('pass').verdict).toBe('pass');
    expect(sampleEvidence('fail').verdict).toBe('fail');
    expect(sampleEvidence('exceptions').verdict).toBe('pass-with-exceptions');
  });
});

describe('summarizeCriteria', () => {
  it('lists every criterion in declared order, not-run when no check covers it', () => {
    const only = base.filter((c) => c.criterion === 'row-counts');
    const criteria = summarizeCriteria(only);
    expect(criteria.map((c) => c.criterion)).toEqual(Object.keys(Criteria));
    expect(criteria.find((c) => c.criterion === 'row-counts')?.status).toBe('pass');
    expect(criteria.find((c) => c.criterion === 'journals')).toMatchObject({
      status: 'not-run',
      checkIds: [],
      actual: 'no check covers this criterion',
    });
  });

  it('gives a short human figure', () => {
    const rows = summarizeCriteria(base).find((c) => c.criterion === 'row-counts');
    expect(rows?.actual).toBe('5 of 5 checks pass, 0 failing records');
    expect(rows?.target).toBe('100%');
    const checksums = sampleEvidence('fail').criteria.find((c) => c.criterion === 'checksums');
    expect(checksums).toMatchObject({
      status: 'fail',
      actual: '0 of 1 check pass, 3 failing records',
    });
    const accepted = sampleEvidence('exceptions').criteria.find((c) => c.criterion === 'checksums');
    expect(accepted).toMatchObject({ status: 'accepted' });
    expect(accepted?.actual).toContain('1 accepted with 3 excepted records');
  });

  it('counts warnings as passing but reports the flagged records', () => {
    const required = summarizeCriteria(base).find((c) => c.criterion === 'required-fields');
    expect(required).toMatchObject({
      status: 'pass',
      actual: '1 of 1 check pass, 0 failing records, 57 flagged records',
    });
  });

  it('treats a criterion whose checks were all skipped as not run', () => {
    const checks = base.map((c) =>
      c.criterion === 'journals' ? { ...c, status: 'skipped' as const } : c,
    );
    expect(summarizeCriteria(checks).find((c) => c.criterion === 'journals')?.status).toBe(
      'not-run',
    );
  });
});
