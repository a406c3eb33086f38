import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../core/dialect.ts';
import { CutoverError, describeCause, ErrorCodes } from '../core/errors.ts';

export const TARGET_DDL_DIR = fileURLToPath(new URL('../../fixtures/target/', import.meta.url));

export interface ApplyTargetSchemaOptions {
  /** Folder of *.sql files, applied in name order. Defaults to fixtures/target. */
  dir?: string;
}

/** Creates the target schemas; every file is idempotent, so it runs on every start. */
export async function applyTargetSchema(
  target: Db,
  options: ApplyTargetSchemaOptions = {},
): Promise<string[]> {
  const dir = options.dir ?? TARGET_DDL_DIR;
  const files = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  for (const file of files) {
    const script = await readFile(join(dir, file), 'utf8');
    try {
      await target.exec(script);
    } catch (cause) {
      throw new CutoverError(
        ErrorCodes.QUERY_FAILED,
        `target DDL ${file} failed: ${describeCause(cause)}`,
        {
          cause,
          details: { file },
        },
      );
    }
  }
  return files;
}
