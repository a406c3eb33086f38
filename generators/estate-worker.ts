/**
 * Worker-thread entry: writes the file-based estate while the main thread seeds MySQL, so
 * the two generators use both cores. Results cross the thread boundary as plain data
 * (no generator functions); a CutoverError crosses as its code, message and details.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CutoverError } from '../src/core/errors.ts';
import type { GeneratorInput } from './core/generator-input.ts';
import { writeEstateFiles } from './estate-files.ts';
import { toPortable } from './portable-estate.ts';

const { dir, input } = workerData as { dir: string; input: GeneratorInput };
try {
  const written = await writeEstateFiles(dir, input, new Date(input.asOfMs));
  parentPort!.postMessage({ ok: toPortable(written) });
} catch (error) {
  const failure =
    error instanceof CutoverError
      ? { code: error.code, message: error.message, details: error.details }
      : {
          message: error instanceof Error ? error.message : String(error),
          errno: (error as NodeJS.ErrnoException)?.code,
        };
  parentPort!.postMessage({ error: failure });
}
