import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CutoverError, ErrorCodes, describeCause } from '../src/core/errors.ts';
import { dhakaDateTime } from './core/dhaka-clock.ts';
import { parseGeneratorInput } from './core/generator-input.ts';
import type { GeneratorInput, GeneratorOptions } from './core/generator-input.ts';
import { buildManifest } from './core/manifest.ts';
import type { GeneratedTable, Manifest } from './core/manifest.ts';
import { estateContext } from './estate-context.ts';
import { FARM_SQLITE_FILE } from './estate-files.ts';
import { writeEstateFilesAside } from './portable-estate.ts';
import type { WrittenEstateFiles } from './estate-files.ts';

export const MANIFEST_FILE = 'manifest.json';

/** Where each file-based source was written (absolute paths). */
export interface EstatePaths {
  dir: string;
  manifest: string;
  farmSqlite: string;
  farmRegister: string;
  accounting: Record<
    'chartOfAccounts' | 'vouchers' | 'voucherLines' | 'openingBalances',
    { csv: string; xlsx: string }
  >;
}

export interface WriteEstateResult {
  manifest: Manifest;
  paths: EstatePaths;
  rows: Record<string, number>;
  millis: Record<string, number>;
}

export function estatePaths(dir: string): EstatePaths {
  const both = (name: string) => ({
    csv: join(dir, 'accounting', `${name}.csv`),
    xlsx: join(dir, 'accounting', `${name}.xlsx`),
  });
  return {
    dir,
    manifest: join(dir, MANIFEST_FILE),
    farmSqlite: join(dir, FARM_SQLITE_FILE),
    farmRegister: join(dir, 'farm', 'cattle-register.xlsx'),
    accounting: {
      chartOfAccounts: both('chart_of_accounts'),
      vouchers: both('vouchers'),
      voucherLines: both('voucher_lines'),
      openingBalances: both('opening_balances'),
    },
  };
}

/**
 * Writes the file-based legacy estate (accounting exports, farm register, farm SQLite) and
 * its manifest into `dir`, which must not exist yet (or be empty). Everything is written
 * into a sibling temporary directory and renamed at the end: `dir` appears complete or
 * not at all. `alongside` runs concurrently (seedLegacy seeds MySQL there); the tables it
 * returns join the manifest.
 */
export async function writeEstate(
  dir: string,
  options: GeneratorOptions,
  alongside: () => Promise<readonly GeneratedTable[]> = async () => [],
): Promise<WriteEstateResult> {
  const input = parseGeneratorInput(options);
  const target = resolve(dir);
  await assertWritableTarget(target);
  const temp = join(
    dirname(target),
    `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    await mkdir(temp);
  } catch (cause) {
    throw outputError(target, cause);
  }
  try {
    // `alongside` (seeding MySQL) runs while the files are written: the database server
    // works on the other core while Node generates. Both settle before anything is judged.
    const [files, other] = await Promise.allSettled([
      writeEstateFilesAside(temp, input),
      alongside(),
    ]);
    if (other.status === 'rejected') throw other.reason;
    if (files.status === 'rejected') throw files.reason;
    const written = files.value;
    const manifest = estateManifest(input, [...other.value, ...written.tables], written);
    await writeManifestFile(join(temp, MANIFEST_FILE), manifest);
    await moveInto(temp, target);
    return { manifest, paths: estatePaths(target), rows: written.rows, millis: written.millis };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (isFileSystemError(error)) throw outputError(target, error);
    throw error;
  }
}

/** ENOSPC, EACCES, EROFS...: the output path's fault, reported as bad input (exit 2). */
function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

export function estateManifest(
  input: GeneratorInput,
  tables: readonly GeneratedTable[],
  written: WrittenEstateFiles | undefined,
): Manifest {
  const manifest = buildManifest(input, tables);
  manifest.windowStart = dhakaDateTime(estateContext(input).windowStart);
  if (written !== undefined) {
    manifest.files = Object.fromEntries(
      Object.entries(written.files).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    if (written.overlap !== undefined) manifest.overlap = written.overlap;
  }
  return manifest;
}

/**
 * The manifest as JSON, streamed: dirt entries one compact object per line (xl has about a
 * million), everything else indented. One JSON.stringify of the whole would build a string
 * of hundreds of MB.
 */
async function writeManifestFile(path: string, manifest: Manifest): Promise<void> {
  const out = createWriteStream(path, 'utf8');
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  const { dirt, ...rest } = manifest;
  const head = JSON.stringify({ ...rest, dirt: [] }, null, 2);
  const marker = '"dirt": []';
  const at = head.indexOf(marker);
  await write(`${head.slice(0, at)}"dirt": [`);
  let batch = '';
  for (let i = 0; i < dirt.length; i++) {
    batch += `${i === 0 ? '' : ','}\n    ${JSON.stringify(dirt[i])}`;
    if (batch.length > 65_536) {
      await write(batch);
      batch = '';
    }
  }
  await write(`${batch}${dirt.length > 0 ? '\n  ' : ''}]${head.slice(at + marker.length)}\n`);
  out.end();
  await Promise.race([once(out, 'close'), failed]);
}

/** Fails (GENERATOR_INPUT) unless `dir` can receive a new estate: call before doing other work. */
export async function checkEstateDir(dir: string): Promise<void> {
  await assertWritableTarget(resolve(dir));
}

async function assertWritableTarget(target: string): Promise<void> {
  try {
    await access(dirname(target), constants.W_OK);
    if (!(await stat(dirname(target))).isDirectory())
      throw new Error(`${dirname(target)} is not a directory`);
  } catch (cause) {
    throw outputError(target, cause);
  }
  let entries: string[] | undefined;
  try {
    entries = await readdir(target);
  } catch {
    return; // does not exist: the normal case
  }
  if (entries.length > 0) {
    throw new CutoverError(
      ErrorCodes.GENERATOR_INPUT,
      `estate directory ${target} already holds files: give a new or empty directory`,
      { details: { option: 'estateDir', path: target } },
    );
  }
}

/** An empty target directory is replaced; rename is atomic within one file system. */
async function moveInto(temp: string, target: string): Promise<void> {
  await rmdir(target).catch(() => undefined);
  await rename(temp, target);
}

function outputError(target: string, cause: unknown): CutoverError {
  return new CutoverError(
    ErrorCodes.GENERATOR_INPUT,
    `cannot write the legacy estate to ${target}: ${describeCause(cause)}`,
    { cause, details: { option: 'estateDir', path: target } },
  );
}
