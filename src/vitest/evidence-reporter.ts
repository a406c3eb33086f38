import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CheckResult } from '../core/check-result.ts';

const STATUS_MARK: Record<CheckResult['status'], string> = {
  pass: 'PASS    ',
  fail: 'FAIL    ',
  accepted: 'ACCEPTED',
  warn: 'WARN    ',
  error: 'ERROR   ',
  skipped: 'SKIPPED ',
};

/**
 * Collects the CheckResults the suites attach to their tests. The evidence model is built
 * from these alone; renderers never see vitest's objects. Tests that are not checks but
 * fail (a suite that cannot import, a broken hook) are kept as problems: the run cannot
 * pass with them.
 */
export class EvidenceReporter implements Reporter {
  readonly checks: CheckResult[] = [];
  readonly problems: string[] = [];

  constructor(private readonly log: (line: string) => void = () => {}) {}

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.meta().cutover;
    if (result) {
      this.checks.push(result);
      this.log(
        `  ${STATUS_MARK[result.status]} ${result.id}  ${result.summary} (${result.durationMs} ms)`,
      );
    } else if (testCase.result().state === 'failed') {
      this.problems.push(
        `${testCase.fullName}: ${testCase.result().errors?.[0]?.message ?? 'failed'}`,
      );
    }
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<{ message?: string }>,
  ): void {
    for (const module of testModules) {
      for (const error of module.errors())
        this.problems.push(`${module.moduleId}: ${error.message}`);
    }
    for (const error of unhandledErrors) this.problems.push(error.message ?? String(error));
  }
}
