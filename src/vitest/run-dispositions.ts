import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadDispositions, type Disposition } from '../checks/dispositions.ts';
import { CONTEXT_ENV, readRunContext } from './run-context.ts';

export const DISPOSITIONS_FILE = 'dispositions.json';

const cache = new Map<string, Promise<Disposition[]>>();

/**
 * The dispositions that apply to a suite file: the run's file when the harness names one,
 * else the nearest dispositions.json in the suite's folder or above it (so suites/ holds the
 * bundled migration's and another team's suites folder its own), else none.
 */
export async function dispositionsFor(suiteFile: string | undefined): Promise<Disposition[]> {
  const named = process.env[CONTEXT_ENV] ? (await readRunContext()).dispositionsPath : undefined;
  const path = named ?? (suiteFile === undefined ? undefined : await nearest(dirname(suiteFile)));
  if (path === undefined) return [];
  let loaded = cache.get(path);
  if (!loaded) {
    loaded = loadDispositions(path);
    cache.set(path, loaded);
  }
  return loaded;
}

async function nearest(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, DISPOSITIONS_FILE);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // keep walking up
    }
    if (dirname(current) === current) return undefined;
  }
}
