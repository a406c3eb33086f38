import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { EntitySpec } from '../rules/spec.ts';

const run = promisify(execFile);

export async function gitCommit(): Promise<string | null> {
  try {
    const { stdout } = await run('git', ['rev-parse', 'HEAD'], {
      cwd: new URL('../..', import.meta.url),
    });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}

export async function harnessVersion(): Promise<string> {
  const pkg = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

/** SHA-256 of the mapping specs: a report says exactly which rules it checked. */
export function specHash(specs: readonly EntitySpec[]): string {
  return createHash('sha256').update(JSON.stringify(specs)).digest('hex');
}
