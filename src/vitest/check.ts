import { test } from 'vitest';
import type { CheckMeta } from '../checks/check-meta.ts';
import { applyDispositions } from '../checks/dispositions.ts';
import { type CheckResult, isGating } from '../core/check-result.ts';
import { describeCause } from '../core/errors.ts';
import { dispositionsFor } from './run-dispositions.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** The check's result, carried to the evidence reporter in the main process. */
    cutover?: CheckResult;
  }
}

/**
 * Declares one acceptance check as a vitest test. The check returns data (a CheckResult);
 * the test fails when the result gates, with the figures and first failing keys in the
 * message. Failures a dispositions file accepts are marked and do not gate. A check that throws is recorded as status 'error': the harness failed, not the
 * criterion.
 */
export function check(meta: CheckMeta, run: (meta: CheckMeta) => Promise<CheckResult>): void {
  test(`${meta.id}: ${meta.title}`, async ({ task }) => {
    const startedAt = performance.now();
    let result: CheckResult;
    try {
      const dispositions = await dispositionsFor(task.file.filepath);
      // Primitives mark accepted failures as they find them (exact counts); results built
      // elsewhere are judged here on their sample.
      result = applyDispositions(await run({ ...meta, dispositions }), dispositions);
    } catch (error) {
      task.meta.cutover = errorResult(meta, error, performance.now() - startedAt);
      throw error;
    }
    task.meta.cutover = result;
    if (isGating(result.status)) throw new CheckFailedError(describeFailure(result));
  });
}

export type EntityCheckMeta = Omit<CheckMeta, 'wave' | 'entity'>;

/**
 * Checks of one entity in one wave: ids become `<wave>/<entity>/<id>` and every result
 * carries the wave and entity, so the report can group them.
 */
export function entityChecks(scope: { wave: string; entity: string }) {
  return {
    check(meta: EntityCheckMeta, run: (meta: CheckMeta) => Promise<CheckResult>): void {
      check({ ...meta, id: `${scope.wave}/${scope.entity}/${meta.id}`, ...scope }, run);
    },
  };
}

export class CheckFailedError extends Error {
  override name = 'CheckFailedError';
}

export function describeFailure(result: CheckResult): string {
  const lines = [`${result.id} ${result.status.toUpperCase()}: ${result.summary}`];
  for (const f of result.failures.slice(0, 10)) {
    const field = f.field ? ` ${f.field}` : '';
    const values =
      f.expected !== undefined || f.actual !== undefined
        ? ` expected ${JSON.stringify(f.expected ?? null)} got ${JSON.stringify(f.actual ?? null)}`
        : '';
    lines.push(`  key ${f.key}${field}:${values}${f.message ? ` ${f.message}` : ''}`);
  }
  if (result.failingCount > 10) lines.push(`  ... and ${result.failingCount - 10} more`);
  return lines.join('\n');
}

function errorResult(meta: CheckMeta, error: unknown, durationMs: number): CheckResult {
  const result: CheckResult = {
    id: meta.id,
    title: meta.title,
    kind: 'error',
    criterion: meta.criterion,
    seedRef: meta.seedRef,
    status: 'error',
    failingCount: 0,
    failures: [],
    summary: `the check could not run: ${describeCause(error)}`,
    durationMs: Math.round(durationMs),
  };
  if (meta.wave !== undefined) result.wave = meta.wave;
  if (meta.entity !== undefined) result.entity = meta.entity;
  return result;
}
