import { describe, expect, it } from 'vitest';
import { BENGALI_NAME, sampleEvidence } from '../../fixtures/sample-evidence.ts';
import { renderHtml } from './render-html.ts';

const DIGEST = '0123456789abcdef'.repeat(4);

describe('renderHtml', () => {
  it('puts the verdict, run and criteria on the first screen', () => {
    const evidence = sampleEvidence('fail');
    const html = renderHtml(evidence, DIGEST);
    const firstPage = html.slice(0, html.indexOf('<section class="wave">'));
    expect(firstPage).toContain('<div class="verdict-word">FAIL</div>');
    expect(firstPage).toContain(evidence.run.runId);
    expect(firstPage).toContain('2025-08-16 04:00:00 UTC');
    expect(firstPage).toContain('doc / 42');
    expect(firstPage).toContain('10.11.6-MariaDB-0+deb12u1');
    expect(firstPage).toContain(DIGEST);
    for (const c of evidence.criteria) expect(firstPage).toContain(c.title.replace(/=/g, '&#x3D;'));
    expect(firstPage).toContain('planted defects');
  });

  it('labels each verdict', () => {
    expect(renderHtml(sampleEvidence('pass'), DIGEST)).toContain('>PASS</div>');
    expect(renderHtml(sampleEvidence('exceptions'), DIGEST)).toContain(
      '>PASS WITH ACCEPTED EXCEPTIONS</div>',
    );
  });

  it('is self-contained: no scripts, no external resources', () => {
    const html = renderHtml(sampleEvidence('pass'), DIGEST);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/thead \{\s*display: table-header-group;\s*\}/);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
  });

  it('escapes every piece of data, keeping Bengali text as it is', () => {
    const evidence = sampleEvidence('fail');
    evidence.checks[3] = {
      ...evidence.checks[3]!,
      title: '<script>alert("x")</script>',
      failures: [
        {
          key: '<img src=x onerror=alert(1)>',
          field: 'name',
          expected: BENGALI_NAME,
          actual: '"&\'',
        },
      ],
    };
    evidence.run.runId = 'run<b>';
    const html = renderHtml(evidence, DIGEST);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('run<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain(BENGALI_NAME);
    expect(html).toContain('&quot;&amp;&#x27;');
    expect(html).toMatch(/font-family: 'Noto Sans', 'Noto Sans Bengali'/);
    expect(html).toContain('<html lang="en">');
  });

  it('shows loads with the seed 003 success rate, checks with figures, rollback and sign-off', () => {
    const html = renderHtml(sampleEvidence('fail'), DIGEST);
    expect(html).toContain('<td class="num">5,500</td><td class="num">5,480</td>');
    expect(html).toContain('99.78%');
    expect(html).toContain('184,512,734.50');
    expect(html).toContain('-1.50');
    expect(html).toContain('CUST-000417');
    expect(html).toContain('>NULL</td>');
    expect(html).toContain('1 min 2.3 s');
    expect(html).toContain('30 min 0.0 s');
    for (const role of ['Data Owner', 'IT Lead', 'QA Lead', 'Finance'])
      expect(html).toContain(role);
  });

  it('never prints a database password, even from a hand-edited evidence file', () => {
    const evidence = sampleEvidence('pass');
    evidence.run.databases[0] = {
      ...evidence.run.databases[0]!,
      location: 'mysql://root:hunter2@db:3306/x',
    };
    const html = renderHtml(evidence, DIGEST);
    expect(html).not.toContain('hunter2');
  });
});
