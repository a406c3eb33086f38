import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { CutoverError, ErrorCodes } from '../../../core/errors.ts';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** CUTOVER_CHROMIUM wins; then Debian's /usr/bin/chromium; then the usual names on PATH. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = env['CUTOVER_CHROMIUM'];
  if (configured !== undefined && configured !== '') {
    if (await isExecutable(configured)) return configured;
    throw new CutoverError(
      ErrorCodes.REPORT_FAILED,
      `CUTOVER_CHROMIUM=${configured} is not an executable file. Point it at a Chromium or Chrome binary, or unset it and run \`apt-get install chromium\`.`,
      { details: { CUTOVER_CHROMIUM: configured } },
    );
  }
  const dirs = ['/usr/bin', ...(env['PATH'] ?? '').split(delimiter).filter((d) => d !== '')];
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (await isExecutable(path)) return path;
    }
  }
  throw new CutoverError(
    ErrorCodes.REPORT_FAILED,
    `No Chromium found to render the PDF (looked for ${CANDIDATES.join(', ')} in /usr/bin and on PATH). Run \`apt-get install chromium\`, or set CUTOVER_CHROMIUM to a Chromium or Chrome binary.`,
  );
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
