import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Server binaries often live in sbin directories that a user's PATH leaves out. */
const EXTRA_DIRS = [
  '/usr/sbin',
  '/usr/local/sbin',
  '/usr/local/mysql/bin',
  '/usr/local/bin',
  '/usr/bin',
];

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First of `names` found on PATH or in the usual server directories. */
export function findExecutable(
  names: readonly string[],
  extraDirs: readonly string[] = EXTRA_DIRS,
): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}
