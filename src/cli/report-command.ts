import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { CutoverError, ErrorCodes } from '../core/errors.ts';
import { readEvidence } from '../report/digest.ts';
import { writeReports } from '../report/write-reports.ts';

/** `cutover report <evidence.json>`: re-renders every format from the evidence alone. */
export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' } },
  });
  const path = positionals[0];
  if (!path)
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      'cutover report needs the path of an evidence.json',
    );
  const { evidence } = await readEvidence(path);
  const reports = await writeReports(evidence, values.out ?? dirname(path));
  for (const p of Object.values(reports.paths)) console.log(p);
  console.log(`evidence sha256: ${reports.digest}`);
  return evidence.verdict === 'fail' ? 1 : 0;
}
