import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CutoverError, ErrorCodes, describeCause } from '../core/errors.ts';

export interface HashFilesOptions {
  /** File name endings to include, e.g. ['.ts', '.yaml']; all files when absent. */
  extensions?: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * SHA-256 over a folder's files (the acceptance suites), so a report says exactly which
 * rules were checked. Paths are relative and '/'-separated and sorted, and each file is
 * hashed with its path, so the result is the same on any machine and a renamed file counts
 * as a change.
 */
export async function hashFiles(dir: string, options: HashFilesOptions = {}): Promise<string> {
  let files: string[];
  try {
    files = await listFiles(dir, options.extensions);
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `Cannot read ${dir} to hash it: ${describeCause(cause)}`,
      { cause, details: { dir } },
    );
  }
  const hash = createHash('sha256');
  for (const file of files) {
    const content = await readFile(join(dir, file));
    const fileHash = createHash('sha256').update(content).digest('hex');
    hash.update(`${file}\0${fileHash}\n`, 'utf8');
  }
  return hash.digest('hex');
}

async function listFiles(dir: string, extensions: readonly string[] | undefined) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').some((part) => SKIPPED_DIRS.has(part)))
    .filter((path) => extensions === undefined || extensions.some((ext) => path.endsWith(ext)))
    .sort();
}
