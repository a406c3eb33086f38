import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvidence } from '../../src/report/fixtures/sample-evidence.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { runCli } from '../e2e/run-cli.ts';
import { makeP12 } from './make-p12.ts';

const run = promisify(execFile);
let dir: string;
let pack: string;
let qaP12: string;
let financeP12: string;
const ENV = { QA_PASS: 'qa-secret-1', FIN_PASS: 'fin-secret-2' };

async function pdfsig(path: string): Promise<string> {
  // pdfsig exits non-zero for unsigned or invalid signatures; its report is what we check.
  const result = await run('pdfsig', [path]).catch((e: { stdout: string }) => e);
  return result.stdout;
}

function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-sign-'));
  pack = join(dir, 'pack');
  await writeReports(sampleEvidence('fail'), pack);
  qaP12 = await makeP12(dir, 'Nasrin Akter QA', ENV.QA_PASS);
  financeP12 = await makeP12(dir, 'Kamal Hossain Finance', ENV.FIN_PASS);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the unsigned pack', () => {
  it('has four empty signature fields and evidence.json attached', async () => {
    const pdf = join(pack, 'reconciliation.pdf');
    const sig = await pdfsig(pdf);
    for (const role of ['Data Owner', 'IT Lead', 'QA Lead', 'Finance'])
      expect(sig).toContain(`Signature Field Name: ${role}`);
    expect(sig.match(/The signature form field is not signed/g)).toHaveLength(4);
    const { stdout } = await run('pdfdetach', ['-list', pdf]);
    expect(stdout).toMatch(/1: evidence\.json/);
    const saved = join(dir, 'detached.json');
    await run('pdfdetach', ['-save', '1', '-o', saved, pdf]);
    expect(await readFile(saved)).toEqual(await readFile(join(pack, 'evidence.json')));
  });

  it('places each field over its signature box on the sign-off page', async () => {
    const pdf = join(pack, 'reconciliation.pdf');
    const { stdout: info } = await run('pdfinfo', [pdf]);
    const last = /^Pages:\s+(\d+)/m.exec(info)![1]!;
    const { stdout: bbox } = await run('pdftotext', ['-f', last, '-l', last, '-bbox', pdf, '-']);
    // Captions "DIGITAL SIGNATURE" sit just above each box (top-left origin, points).
    const captions = [
      ...bbox.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">DIGITAL</g),
    ].map((m) => Number(m[2]));
    expect(captions).toHaveLength(4);
    const rects = [
      ...(await readFile(pdf, 'latin1')).matchAll(/\/FT \/Sig[\s\S]*?\/Rect \[ ([\d. ]+) \]/g),
    ].map((m) => m[1]!.split(' ').map(Number));
    expect(rects).toHaveLength(4);
    for (const [i, rect] of rects.entries()) {
      const topFromPageTop = 841.89 - rect[3]!;
      expect(topFromPageTop - captions[i]!).toBeGreaterThan(0);
      expect(topFromPageTop - captions[i]!).toBeLessThan(8);
      expect(rect[3]! - rect[1]!).toBeGreaterThan(40);
    }
  });

  it('verifies with exit 0 and lists the unsigned roles', async () => {
    const result = await runCli(['verify', pack]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('not yet signed: Data Owner, IT Lead, QA Lead, Finance');
  });
});

describe('cutover sign, two roles', () => {
  let signed: string;
  beforeAll(async () => {
    signed = join(dir, 'signed.pdf');
    const qa = await runCli(
      [
        'sign',
        join(pack, 'reconciliation.pdf'),
        '--role',
        'QA Lead',
        '--p12',
        qaP12,
        '--passphrase-env',
        'QA_PASS',
        '--out',
        signed,
      ],
      ENV,
    );
    expect(qa.stderr).toBe('');
    expect(qa.code).toBe(0);
    const fin = await runCli(
      [
        'sign',
        signed,
        '--role',
        'Finance',
        '--p12',
        financeP12,
        '--passphrase-env',
        'FIN_PASS',
        '--name',
        'রহিম উদ্দিন',
      ],
      ENV,
    );
    expect(fin.stderr).toBe('');
    expect(fin.code).toBe(0);
  }, 60_000);

  it('leaves both signatures valid for pdfsig, the last covering the whole document', async () => {
    const sig = await pdfsig(signed);
    expect(sig.match(/Signature is Valid/g)).toHaveLength(2);
    expect(sig).toMatch(/Field Name: QA Lead\s+- Signer Certificate Common Name: Nasrin Akter QA/);
    expect(sig).toMatch(
      /Field Name: Finance\s+- Signer Certificate Common Name: Kamal Hossain Finance[\s\S]*Total document signed/,
    );
    expect(sig.match(/not signed/g)).toHaveLength(2);
  });

  it('verify lists who signed what and passes', async () => {
    const result = await runCli(['verify', signed]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid\s+QA Lead: signed by Nasrin Akter QA/);
    expect(result.stdout).toMatch(
      /valid\s+Finance: signed by রহিম উদ্দিন \(certificate: Kamal Hossain Finance\).*covers the whole file/,
    );
    expect(result.stdout).toContain('not yet signed: Data Owner, IT Lead');
  });

  it('refuses to sign a role twice and a wrong passphrase, exit 2', async () => {
    const again = await runCli(
      [
        'sign',
        signed,
        '--role',
        'QA Lead',
        '--p12',
        qaP12,
        '--passphrase-env',
        'QA_PASS',
        '--out',
        join(dir, 'x.pdf'),
      ],
      ENV,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already signed');
    const wrong = await runCli(
      [
        'sign',
        signed,
        '--role',
        'IT Lead',
        '--p12',
        qaP12,
        '--passphrase-env',
        'FIN_PASS',
        '--out',
        join(dir, 'y.pdf'),
      ],
      ENV,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Cannot use the P12 file');
    expect(wrong.stderr + wrong.stdout).not.toContain(ENV.FIN_PASS);
  });

  it('catches one flipped byte anywhere in the signed PDF', async () => {
    const bytes = await readFile(signed);
    for (const at of [2000, Math.floor(bytes.length / 2), bytes.length - 60]) {
      const tampered = join(dir, `flip-${at}.pdf`);
      await writeFile(tampered, flipByte(bytes, at));
      const result = await runCli(['verify', tampered]);
      expect(result.code, `byte ${at}`).toBe(1);
      expect(result.stderr, `byte ${at}`).toMatch(/MISMATCH flip-\d+\.pdf: /);
    }
    const first = await runCli(['verify', join(dir, 'flip-2000.pdf')]);
    expect(first.stderr).toContain('the document was changed after signing');
  });

  it('catches a byte changed in the zero padding of a signature value', async () => {
    const bytes = await readFile(signed);
    const text = bytes.toString('latin1');
    const contents = text.indexOf('/Contents <', text.indexOf('/ByteRange [0 '));
    const padding = text.indexOf('0000000000', contents + 6000);
    const tampered = join(dir, 'padding.pdf');
    const copy = Buffer.from(bytes);
    copy[padding] = '1'.charCodeAt(0);
    await writeFile(tampered, copy);
    const result = await runCli(['verify', tampered]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('padding were changed');
  });

  it('catches bytes appended after the last signature', async () => {
    const tampered = join(dir, 'appended.pdf');
    await writeFile(tampered, Buffer.concat([await readFile(signed), Buffer.from('\n% extra\n')]));
    const result = await runCli(['verify', tampered]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not covered by any signature');
  });
});

describe('tampered evidence', () => {
  it('an edited figure in evidence.json no longer matches the PDF, naming the figure', async () => {
    const folder = join(dir, 'edited');
    await cp(pack, folder, { recursive: true });
    const path = join(folder, 'evidence.json');
    const text = await readFile(path, 'utf8');
    const edited = text.replace('"target": "5477"', '"target": "5478"');
    expect(edited).not.toBe(text);
    await writeFile(path, edited);
    const result = await runCli(['verify', folder]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /evidence\.json hashes to [0-9a-f]{64} but .*reconciliation\.pdf prints/,
    );
    expect(result.stderr).toMatch(/checks\[\d+\]\.target: "5477" → "5478"/);

    // Re-rendered from the edited evidence, the pack is consistent again but carries another
    // digest than the signed one: the signature cannot be moved over to it.
    const rerendered = join(dir, 'rerendered');
    const report = await runCli(['report', path, '--out', rerendered]);
    expect(report.code).toBe(1);
    const ok = await runCli(['verify', rerendered]);
    expect(ok.code).toBe(0);
    const digestOf = (out: string) => /evidence sha256 ([0-9a-f]{64})/.exec(out)?.[1];
    const original = await runCli(['verify', join(pack, 'reconciliation.pdf')]);
    expect(digestOf(ok.stdout)).toBeDefined();
    expect(digestOf(ok.stdout)).not.toBe(digestOf(original.stdout));
  }, 60_000);

  it('a different evidence file re-attached to the PDF is caught', async () => {
    const { PDFDocument, PDFName } = await import('pdf-lib');
    const doc = await PDFDocument.load(await readFile(join(pack, 'reconciliation.pdf')));
    doc.catalog.delete(PDFName.of('Names'));
    const other = (await readFile(join(pack, 'evidence.json'), 'utf8')).replace(
      '"verdict": "fail"',
      '"verdict": "pass"',
    );
    await doc.attach(Buffer.from(other), 'evidence.json', { mimeType: 'application/json' });
    const tampered = join(dir, 'reattached.pdf');
    await writeFile(tampered, await doc.save());
    const result = await runCli(['verify', tampered]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /the embedded evidence\.json hashes to [0-9a-f]{64} but the pages print [0-9a-f]{64}/,
    );
  });
});
