import type { RawValue } from '../core/dialect.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { remembering } from './remembering.ts';
import type { ScopeRule } from './spec.ts';
import { dhakaToUtcText, isoDate } from './transforms/date.ts';

/** What a scope rule says about one record. */
export type ScopeVerdict = { kind: 'in' } | { kind: 'out'; rule: string };

export type CompiledScopeRule = (row: Readonly<Record<string, RawValue>>) => ScopeVerdict;

const IN: ScopeVerdict = { kind: 'in' };

export function compileScopeRule(
  rule: ScopeRule,
  column: string,
  asOf: string | undefined,
  entity: string,
): CompiledScopeRule {
  if (!('window' in rule)) {
    const out = new Set((rule.outOfScopeWhen ?? []).map(fold));
    const only =
      rule.inScopeOnlyWhen === undefined ? null : new Set(rule.inScopeOnlyWhen.map(fold));
    return (row) => {
      const value = fold(row[column] ?? null);
      const outside = out.has(value) || (only !== null && !only.has(value));
      return outside ? { kind: 'out', rule: rule.name } : IN;
    };
  }
  const { from } = windowBounds(rule.window.years, asOf, entity, rule.name);
  // Dates repeat (a day's readings, a month's vouchers): each distinct text is parsed once.
  const instant = remembering(windowInstant);
  return (row) => {
    const text = row[column] ?? null;
    const utc = text === null ? null : instant(text);
    return utc !== null && utc < from ? { kind: 'out', rule: rule.name } : IN;
  };
}

// Database date-times and ISO dates, or the exports' dd/mm/yyyy.
function windowInstant(text: string): string | null {
  const utc = dhakaToUtcText(text);
  if (utc !== null) return utc;
  const iso = isoDate(text, 'dmy');
  return iso === null ? null : dhakaToUtcText(iso);
}

// NULL stays distinct from every text; text compares trimmed and case-folded.
function fold(value: RawValue): string {
  return value === null ? '\u0000null' : value.trim().toLowerCase();
}

/** The window as UTC texts comparable with dhakaToUtcText output ('YYYY-MM-DD HH:MM:SS'). */
export function windowBounds(
  years: number,
  asOf: string | undefined,
  entity: string,
  rule: string,
): { from: string; to: string } {
  const end = asOf === undefined ? NaN : Date.parse(asOf);
  if (Number.isNaN(end)) {
    throw new CutoverError(
      ErrorCodes.SPEC_INVALID,
      `Mapping spec of entity '${entity}', scope '${rule}': a history window needs the run's asOf instant (got ${asOf === undefined ? 'none' : JSON.stringify(asOf)}).`,
      { details: { entity, field: `scope '${rule}'` } },
    );
  }
  const start = new Date(end);
  const day = start.getUTCDate();
  // Calendar years back, keeping the time; 29 February becomes 28 February (as the
  // generator counts), not 1 March. Dhaka has a fixed offset, so UTC arithmetic is exact.
  start.setUTCFullYear(start.getUTCFullYear() - years);
  if (start.getUTCDate() !== day) start.setUTCDate(0);
  return { from: utcText(start), to: utcText(new Date(end)) };
}

function utcText(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
