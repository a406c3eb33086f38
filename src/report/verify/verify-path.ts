import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CutoverError, ErrorCodes, describeCause } from '../../core/errors.ts';
import { EVIDENCE_FILE } from '../digest.ts';
import { evidenceMismatch, verifyPdf } from './verify-pdf.ts';
import type { PdfVerification } from './verify-pdf.ts';

export interface VerifyReport {
  pdfs: PdfVerification[];
  /** Every mismatch, prefixed with the file it is about. */
  problems: string[];
  ok: boolean;
}

/**
 * Verifies a PDF, or every PDF of a report folder; in a folder, evidence.json must also be
 * the evidence every PDF was rendered from. Throws only when nothing could be checked.
 */
export async function verifyPath(path: string): Promise<VerifyReport> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `Cannot read ${path}: ${describeCause(cause)}`,
      {
        cause,
      },
    );
  }
  const files = isDir
    ? (await readdir(path))
        .filter((f) => f.toLowerCase().endsWith('.pdf'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  if (files.length === 0)
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, `${path} holds no PDF to verify.`);

  const pdfs: PdfVerification[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const result = await verifyPdf(file);
    pdfs.push(result);
    problems.push(...result.problems.map((p) => `${basename(file)}: ${p}`));
  }
  if (isDir) {
    const evidencePath = join(path, EVIDENCE_FILE);
    const text = await readFile(evidencePath, 'utf8').catch(() => null);
    for (const pdf of text === null ? [] : pdfs) {
      const mismatch = evidenceMismatch(text!, EVIDENCE_FILE, pdf);
      if (mismatch !== null) problems.push(mismatch);
    }
  }
  return { pdfs, problems, ok: problems.length === 0 };
}
