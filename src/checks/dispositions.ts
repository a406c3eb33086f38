import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CheckFailure, CheckResult } from '../core/check-result.ts';
import { CutoverError, ErrorCodes } from '../core/errors.ts';

/**
 * A known exception that the business has accepted: it shows in the report, marked with who
 * accepted it and when, but no longer fails the gate. A dispositions file is JSON:
 *
 *   { "dispositions": [
 *     { "check": "wave-2-master-data/customers/success-rate", "key": "C-00042",
 *       "reason": "test account, never a real customer", "acceptedBy": "R. Karim (Finance)",
 *       "acceptedAt": "2026-06-29" },
 *     { "check": "wave-2-master-data/*", "key": "*", "code": "DUP001", ... } ] }
 *
 * `check` is a check id or a prefix ending in '*'; `key` a failing key or '*' (then `code`
 * is required: a whole class of exceptions, e.g. every duplicate the deduplicator merged,
 * is accepted only by name, never by a bare wildcard).
 */
export const DispositionSchema = z
  .object({
    check: z.string().min(1),
    key: z.string().min(1),
    code: z.string().min(1).optional(),
    reason: z.string().min(1),
    acceptedBy: z.string().min(1),
    acceptedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'an ISO date'),
  })
  .refine((d) => d.key !== '*' || d.code !== undefined, {
    message: "key '*' needs a code: accept a class of exceptions by name",
  });

export type Disposition = z.infer<typeof DispositionSchema>;

const FileSchema = z.object({ dispositions: z.array(DispositionSchema) });

export function parseDispositions(text: string, source = 'dispositions'): Disposition[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, `${source} is not JSON`, { cause });
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `${source}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data.dispositions;
}

export async function loadDispositions(path: string): Promise<Disposition[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, `cannot read the dispositions file ${path}`, {
      cause,
    });
  }
  return parseDispositions(text, path);
}

/** The first disposition accepting this failure of this check, if any. */
export function acceptingDisposition(
  dispositions: readonly Disposition[],
  checkId: string,
  failure: CheckFailure,
): Disposition | undefined {
  return dispositions.find((d) => matches(d, checkId, failure));
}

function matches(d: Disposition, checkId: string, failure: CheckFailure): boolean {
  const checkOk = d.check.endsWith('*')
    ? checkId.startsWith(d.check.slice(0, -1))
    : d.check === checkId;
  const keyOk = d.key === '*' || d.key === failure.key;
  const codeOk = d.code === undefined || d.code === failure.code;
  return checkOk && keyOk && codeOk;
}

/**
 * Marks the failures a disposition accepts. A failing result whose every failure is
 * accepted (sample and count alike) becomes 'accepted'; one unaccepted failure keeps it
 * failing. Passing, erroring and skipped results are left as they are.
 */
export function applyDispositions(
  result: CheckResult,
  dispositions: readonly Disposition[],
): CheckResult {
  if (result.status !== 'fail' || dispositions.length === 0) return result;
  // Failures already judged where they were found (CheckMeta.dispositions) are not judged twice.
  if (result.failures.some((f) => f.acceptedBy !== undefined)) return result;
  let accepted = 0;
  const failures = result.failures.map((failure) => {
    const d = dispositions.find((x) => matches(x, result.id, failure));
    if (!d) return failure;
    accepted += 1;
    return { ...failure, acceptedBy: `${d.acceptedBy}, ${d.acceptedAt}: ${d.reason}` };
  });
  // The sample is capped: only when it holds every failure can all of them be known accepted.
  const all = accepted === result.failingCount && result.failures.length === result.failingCount;
  const groups = result.groups?.map((g) =>
    g.status === 'fail' && all ? { ...g, status: 'accepted' as const } : g,
  );
  return {
    ...result,
    failures,
    ...(groups === undefined ? {} : { groups }),
    status: all ? 'accepted' : 'fail',
    summary:
      accepted === 0
        ? result.summary
        : `${result.summary}; ${accepted} of ${result.failingCount} failures accepted`,
  };
}
