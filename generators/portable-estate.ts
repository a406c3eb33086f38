import { Worker } from 'node:worker_threads';
import { CutoverError } from '../src/core/errors.ts';
import type { ErrorCode } from '../src/core/errors.ts';
import type { GeneratorInput } from './core/generator-input.ts';
import type { GeneratedTable, ManifestTotals } from './core/manifest.ts';
import { writeEstateFiles } from './estate-files.ts';
import type { WrittenEstateFiles } from './estate-files.ts';

/** WrittenEstateFiles without functions: what a worker can post back. */
export type PortableEstate = Omit<WrittenEstateFiles, 'tables'> & {
  tables: (Omit<GeneratedTable['generation'], 'rows' | 'totals'> & {
    totals?: Partial<ManifestTotals>;
    summary: GeneratedTable['summary'];
  })[];
};

export function toPortable(written: WrittenEstateFiles): PortableEstate {
  return {
    ...written,
    tables: written.tables.map(({ generation, summary }) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { rows, totals, ...rest } = generation;
      const t = totals?.();
      return { ...rest, summary, ...(t === undefined ? {} : { totals: t }) };
    }),
  };
}

export function fromPortable(portable: PortableEstate): WrittenEstateFiles {
  return {
    ...portable,
    tables: portable.tables.map(({ summary, totals, ...generation }) => ({
      summary,
      generation: {
        ...generation,
        rows: () => [],
        ...(totals === undefined ? {} : { totals: () => totals }),
      },
    })),
  };
}

/**
 * Writes the estate files in a worker thread when the code runs through tsx, else in this
 * thread (e.g. under vitest, which transforms
 * TypeScript itself). Same bytes either way: generation depends only on the input.
 */
export async function writeEstateFilesAside(
  dir: string,
  input: GeneratorInput,
): Promise<WrittenEstateFiles> {
  if (!workerCanLoadTypeScript()) return writeEstateFiles(dir, input, new Date(input.asOfMs));
  // tsx's loader does not reach worker threads (privatenumber/tsx#354): the worker loads
  // its TypeScript entry through tsx's own tsImport.
  const entry = new URL('./estate-worker.ts', import.meta.url).href;
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((t) => t.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  const worker = new Worker(boot, { eval: true, execArgv: [], workerData: { dir, input } });
  try {
    const message = await new Promise<{ ok?: PortableEstate; error?: WorkerFailure }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`estate worker exited with code ${code}`)));
      },
    );
    if (message.error !== undefined) throw rebuild(message.error);
    return fromPortable(message.ok!);
  } finally {
    await worker.terminate();
  }
}

interface WorkerFailure {
  code?: string;
  message: string;
  details?: Record<string, string | number>;
  errno?: string;
}

function rebuild(failure: WorkerFailure): Error {
  if (failure.code !== undefined) {
    return new CutoverError(failure.code as ErrorCode, failure.message, {
      details: failure.details ?? {},
    });
  }
  return Object.assign(
    new Error(failure.message),
    failure.errno === undefined ? {} : { code: failure.errno },
  );
}

function workerCanLoadTypeScript(): boolean {
  if (process.env['VITEST'] !== undefined) return false;
  if (import.meta.url.endsWith('.js')) return true;
  return process.execArgv.some((arg) => arg.includes('tsx'));
}
