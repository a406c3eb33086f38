import { describe, expect, it } from 'vitest';
import { BENGALI_NAME, sampleEvidence } from '../../fixtures/sample-evidence.ts';
import { descendants, parseXml } from '../../fixtures/parse-xml.ts';
import { renderJunit } from './render-junit.ts';

describe('renderJunit', () => {
  it('is well-formed JUnit with counts that match the checks', () => {
    const evidence = sampleEvidence('fail');
    const root = parseXml(renderJunit(evidence, { digest: 'f'.repeat(64) }));
    expect(root.name).toBe('testsuites');
    const suites = root.children.filter((c) => c.name === 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['wave-1', 'wave-2', 'wave-4']);
    const cases = descendants(root, 'testcase');
    expect(cases).toHaveLength(evidence.checks.length);
    expect(root.attrs).toMatchObject({
      tests: String(evidence.checks.length),
      failures: '2',
      errors: '0',
      skipped: '0',
    });
    for (const suite of suites) {
      const own = descendants(suite, 'testcase');
      expect(suite.attrs['tests']).toBe(String(own.length));
      expect(suite.attrs['failures']).toBe(
        String(own.filter((c) => c.children.some((x) => x.name === 'failure')).length),
      );
      expect(suite.attrs['time']).toMatch(/^\d+\.\d{3}$/);
    }
    const property = descendants(root, 'property').find(
      (p) => p.attrs['name'] === 'evidenceSha256',
    );
    expect(property?.attrs['value']).toBe('f'.repeat(64));
  });

  it('carries figures and the first failing keys, Bengali intact', () => {
    const root = parseXml(renderJunit(sampleEvidence('fail')));
    const checksum = descendants(root, 'testcase').find((c) =>
      c.attrs['name']?.startsWith('wave-2/core.res_partner/checksum'),
    );
    expect(checksum?.attrs['classname']).toBe('wave-2/core.res_partner');
    expect(checksum?.attrs['name']).toBe(
      'wave-2/core.res_partner/checksum Per-record checksums, partners',
    );
    const failure = checksum?.children.find((c) => c.name === 'failure');
    expect(failure?.attrs['message']).toContain(
      'source 5,480, target 5,477, difference 3, tolerance 0 records',
    );
    expect(failure?.text).toContain(`CUST-000417 | name | expected "${BENGALI_NAME}"`);
    expect(failure?.text).toContain('karim&sons@example.com');
  });

  it('maps error, skipped, accepted and warn', () => {
    const evidence = sampleEvidence('exceptions');
    evidence.checks[0] = { ...evidence.checks[0]!, status: 'error', summary: 'query failed' };
    evidence.checks[1] = { ...evidence.checks[1]!, status: 'skipped', summary: 'not in this wave' };
    const root = parseXml(renderJunit(evidence));
    expect(root.attrs).toMatchObject({ errors: '1', skipped: '1', failures: '0' });
    const byId = (id: string) =>
      descendants(root, 'testcase').find((c) => c.attrs['name']?.startsWith(id));
    expect(byId(evidence.checks[0]!.id)?.children[0]?.name).toBe('error');
    expect(byId(evidence.checks[1]!.id)?.children[0]?.name).toBe('skipped');
    const accepted = byId('wave-2/core.res_partner/checksum')?.children[0];
    expect(accepted?.name).toBe('system-out');
    expect(accepted?.text).toContain('accepted by dispositions/wave-2.yaml#D-014');
    expect(byId('wave-2/core.res_partner/required-fields')?.children[0]?.text).toMatch(/^WARN:/);
  });

  it('escapes markup and strips characters XML cannot hold', () => {
    const evidence = sampleEvidence('fail');
    evidence.checks[3] = {
      ...evidence.checks[3]!,
      title: 'a "quoted" <title> & \'more\'',
      failures: [
        {
          key: 'K\u0000\u0007\u001b1',
          field: 'x',
          expected: ']]> <!-- -->',
          actual: 'line1\nline2\uD800',
        },
      ],
    };
    const xml = renderJunit(evidence);
    const root = parseXml(xml);
    const testcase = descendants(root, 'testcase')[3];
    expect(testcase?.attrs['name']).toContain('a "quoted" <title> & \'more\'');
    expect(testcase?.children[0]?.text).toContain('K1 | x | expected "]]> <!-- -->"');
    const controls = [...xml].filter((ch) => ch.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(ch));
    expect(controls).toEqual([]);
  });
});
