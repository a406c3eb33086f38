import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/report/fixtures/parse-xml.ts';
import { sampleEvidence } from '../../src/report/fixtures/sample-evidence.ts';
import { renderJunit } from '../../src/report/renderers/junit/render-junit.ts';
import { junitSchemaViolations } from './junit-schema.ts';

describe('junit.xml against the JUnit schema CI tools read', () => {
  for (const variant of ['pass', 'fail', 'exceptions'] as const)
    it(`is valid for a ${variant} run, one test case per check`, () => {
      const evidence = sampleEvidence(variant);
      const root = parseXml(renderJunit(evidence, { digest: 'a'.repeat(64) }));
      expect(junitSchemaViolations(root)).toEqual([]);
      const cases = root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
      expect(cases).toHaveLength(evidence.checks.length);
    });

  it('the schema check itself catches a broken file', () => {
    const root = parseXml(
      '<testsuites><testsuite name="x" tests="one"><testcase name="a"><failure/><error/></testcase><bogus/></testsuite></testsuites>',
    );
    const problems = junitSchemaViolations(root);
    expect(problems).toContain('testsuites/testsuite[0]: @tests="one" is not integer');
    expect(problems).toContain('testsuites/testsuite[0]/testcase[0]: missing @classname');
    expect(problems).toContain('testsuites/testsuite[0]/testcase[0]: 2 result elements');
    expect(problems).toContain('testsuites/testsuite[0]: <bogus> not allowed');
  });
});
