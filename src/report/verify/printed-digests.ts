import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CutoverError, ErrorCodes, describeCause } from '../../core/errors.ts';

const run = promisify(execFile);

export interface PrintedDigest {
  page: number;
  digest: string | null;
}

/**
 * The evidence digest each page's footer prints, read back as text with poppler's pdftotext:
 * what a reader sees, not what the file's metadata claims.
 */
export interface PrintedDigests {
  pages: PrintedDigest[];
  /** Why the text could not be read (a damaged file), when it could not. */
  error?: string;
}

export async function printedDigests(path: string): Promise<PrintedDigests> {
  let text: string;
  try {
    ({ stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', path, '-'], {
      maxBuffer: 256 * 1024 * 1024,
    }));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CutoverError(
        ErrorCodes.REPORT_FAILED,
        'pdftotext is not installed; verify reads the printed digest with it. Run `apt-get install poppler-utils`.',
        { cause },
      );
    return { pages: [], error: describeCause(cause) };
  }
  // pdftotext ends every page with a form feed.
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return {
    pages: pages.map((page, i) => ({
      page: i + 1,
      digest: /Evidence SHA-256\s+([0-9a-f]{64})/.exec(page)?.[1] ?? null,
    })),
  };
}
