import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCutoverError } from '../core/errors.ts';
import type { Evidence } from '../core/evidence.ts';
import { evidenceDigest, readEvidence, serializeEvidence, writeEvidence } from './digest.ts';
import { sampleEvidence } from './fixtures/sample-evidence.ts';
import { groupDecimal, successRate } from './format.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cutover-digest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evidence digest', () => {
  it('serialises stably with 2-space indent and a trailing newline', () => {
    const text = serializeEvidence(sampleEvidence('fail'));
    expect(text).toBe(JSON.stringify(sampleEvidence('fail'), null, 2) + '\n');
    expect(text.startsWith('{\n  "schemaVersion": 1,')).toBe(true);
  });

  it('writes evidence.json and returns the SHA-256 of the bytes on disk', async () => {
    const { path, digest } = await writeEvidence(dir, sampleEvidence('fail'));
    const bytes = await readFile(path);
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(evidenceDigest(bytes.toString('utf8'))).toBe(digest);
  });

  it('reads back what it wrote, with the same digest', async () => {
    const written = await writeEvidence(dir, sampleEvidence('exceptions'));
    const read = await readEvidence(written.path);
    expect(read.digest).toBe(written.digest);
    expect(read.evidence).toEqual(sampleEvidence('exceptions'));
  });

  it('names the file and the missing field of a bad evidence file', async () => {
    const noRun: Partial<Evidence> = sampleEvidence('pass');
    delete noRun.run;
    const path = join(dir, 'no-run.json');
    await writeFile(path, JSON.stringify(noRun));
    const error = await readEvidence(path).catch((e: unknown) => e);
    expect(isCutoverError(error) && error.code).toBe('CUTOVER_REPORT_FAILED');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('"run"');

    const bad = sampleEvidence('pass');
    const broken = { ...bad, checks: [{ ...bad.checks[0], status: undefined }] };
    await writeFile(path, JSON.stringify(broken));
    await expect(readEvidence(path)).rejects.toThrow('checks[0].status');
    await writeFile(path, '{not json');
    await expect(readEvidence(path)).rejects.toThrow('is not valid JSON');
  });
});

describe('format', () => {
  it('groups decimal strings without parsing them', () => {
    expect(groupDecimal('184512734.50')).toBe('184,512,734.50');
    expect(groupDecimal('-1.50')).toBe('-1.50');
    expect(groupDecimal('12345678901234567890.01')).toBe('12,345,678,901,234,567,890.01');
    expect(groupDecimal('n/a')).toBe('n/a');
  });

  it('computes the seed 003 success rate, never rounding up to 100%', () => {
    expect(successRate(16011, 16014)).toBe('99.98%');
    expect(successRate(93, 166)).toBe('56.02%');
    expect(successRate(99999, 100000)).toBe('99.99%');
    expect(successRate(300, 300)).toBe('100.00%');
    expect(successRate(0, 0)).toBe('—');
  });
});
