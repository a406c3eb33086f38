import type { CheckFailure } from '../core/check-result.ts';
import type { DispositionEvidence, Evidence } from '../core/evidence.ts';

/**
 * Finds the disposition a failure's `acceptedBy` cites. The evidence model says it cites a
 * disposition id; the suites' DSL writes '<approved by>: <reason>' instead (checks/
 * dispositions.ts), so both are matched, and a text that matches neither is kept as it is.
 */
export function dispositionResolver(
  evidence: Evidence,
): (failure: CheckFailure) => DispositionEvidence | undefined {
  const byId = new Map<string, DispositionEvidence>();
  const byText = new Map<string, DispositionEvidence>();
  for (const d of evidence.run.dispositions ?? []) {
    byId.set(d.id, d);
    if (d.approvedBy !== undefined && !byText.has(`${d.approvedBy}: ${d.reason}`))
      byText.set(`${d.approvedBy}: ${d.reason}`, d);
  }
  return (failure) => {
    const cited = failure.acceptedBy;
    if (cited === undefined) return undefined;
    return byId.get(cited) ?? byText.get(cited);
  };
}
