import type { CheckFailure } from '../../../core/check-result.ts';
import type { DispositionEvidence, Evidence } from '../../../core/evidence.ts';
import { formatCount } from '../../format.ts';

interface Tally {
  disposition: string;
  d: DispositionEvidence | undefined;
  checks: Set<string>;
  records: number;
  codes: Map<string, number>;
}

/**
 * One row per disposition: what it accepts, why, who approved it, and how many of the failing
 * records kept in evidence it accepts (each check's exact count is in its box). Dispositions
 * that accepted nothing in this run are listed too: the manifest says they were applied.
 */
export function exceptionsView(
  evidence: Evidence,
  disposition: (failure: CheckFailure) => DispositionEvidence | undefined,
) {
  const tallies = new Map<string, Tally>();
  for (const d of evidence.run.dispositions ?? [])
    tallies.set(d.id, { disposition: d.id, d, checks: new Set(), records: 0, codes: new Map() });
  for (const check of evidence.checks)
    for (const f of check.failures) {
      if (f.acceptedBy === undefined) continue;
      const d = disposition(f);
      const id = d?.id ?? f.acceptedBy;
      const tally = tallies.get(id) ?? {
        disposition: id,
        d,
        checks: new Set<string>(),
        records: 0,
        codes: new Map<string, number>(),
      };
      tally.checks.add(check.id);
      tally.records += 1;
      const code = f.code ?? '(no code)';
      tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
      tallies.set(id, tally);
    }
  return [...tallies.values()].map((t) => ({
    disposition: t.disposition,
    scope: t.d === undefined ? '' : `${t.d.checkId ?? 'any check'}; keys ${t.d.keys.join(', ')}`,
    reason: t.d?.reason ?? 'not recorded in this evidence',
    approvedBy: t.d?.approvedBy ?? '',
    reference: t.d?.reference ?? '',
    checks: formatCount(t.checks.size),
    records: formatCount(t.records),
    codes: [...t.codes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${formatCount(n)}`)
      .join(', '),
    rowClass: t.records > 0 ? 'row-accepted' : '',
  }));
}
