import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CutoverError, ErrorCodes, describeCause } from '../core/errors.ts';
import type { Evidence } from '../core/evidence.ts';

export const EVIDENCE_FILE = 'evidence.json';

/** Stable text: the digest printed on every report page is taken over exactly these bytes. */
export function serializeEvidence(evidence: Evidence): string {
  return JSON.stringify(evidence, null, 2) + '\n';
}

export function evidenceDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface WrittenEvidence {
  path: string;
  digest: string;
  /** The bytes written, as text: what the PDF embeds. */
  text: string;
}

export async function writeEvidence(dir: string, evidence: Evidence): Promise<WrittenEvidence> {
  const text = serializeEvidence(evidence);
  const path = join(dir, EVIDENCE_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `Cannot write ${path}: ${describeCause(cause)}`,
      { cause, details: { path } },
    );
  }
  return { path, digest: evidenceDigest(text), text };
}

export interface ReadEvidence {
  evidence: Evidence;
  /** SHA-256 of the file as read, to compare with the one printed on a report. */
  digest: string;
}

/** Reads an evidence.json so a report can be re-rendered; a bad file names the missing field. */
export async function readEvidence(path: string): Promise<ReadEvidence> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw reportError(path, `cannot be read: ${describeCause(cause)}`, cause);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw reportError(path, `is not valid JSON: ${describeCause(cause)}`, cause);
  }
  const problem = evidenceShapeProblem(value);
  if (problem !== null) throw reportError(path, problem);
  return { evidence: value as Evidence, digest: evidenceDigest(text) };
}

const VERDICTS = ['pass', 'fail', 'pass-with-exceptions'];
const CHECK_STATUSES = ['pass', 'fail', 'accepted', 'warn', 'error', 'skipped'];

/** Null when the value looks like Evidence; otherwise what is wrong, naming the field. */
export function evidenceShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not a JSON object';
  if (!('schemaVersion' in value)) return missing('schemaVersion');
  if (value['schemaVersion'] !== 1)
    return `has schemaVersion ${JSON.stringify(value['schemaVersion'])}; this harness reads 1`;
  const run = value['run'];
  if (!isRecord(run)) return missing('run');
  for (const field of ['runId', 'asOf', 'profile', 'startedAt', 'finishedAt']) {
    if (typeof run[field] !== 'string') return missing(`run.${field}`);
  }
  if (!Array.isArray(run['databases'])) return missing('run.databases');
  if (typeof value['verdict'] !== 'string') return missing('verdict');
  if (!VERDICTS.includes(value['verdict'])) return `has an unknown verdict "${value['verdict']}"`;
  for (const field of ['criteria', 'checks', 'loads', 'rollbacks']) {
    if (!Array.isArray(value[field])) return missing(field);
  }
  const checks = value['checks'] as unknown[];
  for (const [i, check] of checks.entries()) {
    if (!isRecord(check)) return `has checks[${i}] that is not an object`;
    for (const field of ['id', 'title', 'criterion', 'status', 'summary']) {
      if (typeof check[field] !== 'string') return missing(`checks[${i}].${field}`);
    }
    if (!CHECK_STATUSES.includes(check['status'] as string))
      return `has checks[${i}].status "${String(check['status'])}" that is not a check status`;
    if (typeof check['failingCount'] !== 'number') return missing(`checks[${i}].failingCount`);
    if (!Array.isArray(check['failures'])) return missing(`checks[${i}].failures`);
  }
  return null;
}

function missing(field: string): string {
  return `has no valid field "${field}"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reportError(path: string, problem: string, cause?: unknown): CutoverError {
  return new CutoverError(ErrorCodes.REPORT_FAILED, `Evidence file ${path} ${problem}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { path },
  });
}
