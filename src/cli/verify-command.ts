import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { CutoverError, ErrorCodes } from '../core/errors.ts';

/**
 * `cutover verify <pdf|folder>`: prints who signed what and every mismatch. Exit 1 on any
 * mismatch (the pack cannot be trusted as it is); the harness-level failures (nothing to
 * read, pdftotext missing) throw and exit 2 like every other command.
 */
export async function verifyCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  const path = positionals[0];
  if (path === undefined)
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, 'usage: cutover verify <pdf|folder>');
  const { verifyPath } = await import('../report/verify/verify-path.ts');
  const report = await verifyPath(path);
  for (const pdf of report.pdfs) {
    console.log(
      `${basename(pdf.path)}: ${pdf.pages} pages, evidence sha256 ${pdf.printedDigest ?? '(none printed)'}`,
    );
    for (const s of pdf.signatures) {
      const who = s.name === undefined ? s.signer : `${s.name} (certificate: ${s.signer})`;
      const covers = s.coversWholeFile
        ? 'covers the whole file'
        : `covers bytes 0-${s.coveredBytes}`;
      console.log(
        `  ${s.valid ? 'valid  ' : 'INVALID'} ${s.field}: signed by ${who}${s.signedAt === undefined ? '' : ` at ${s.signedAt}`}; ${covers}`,
      );
    }
    if (pdf.unsignedFields.length > 0)
      console.log(`  not yet signed: ${pdf.unsignedFields.join(', ')}`);
  }
  if (report.ok) {
    console.log('verify: OK');
    return 0;
  }
  for (const problem of report.problems) console.error(`MISMATCH ${problem}`);
  console.error(
    `verify: ${ErrorCodes.VERIFY_FAILED}: ${report.problems.length} mismatch${report.problems.length === 1 ? '' : 'es'}`,
  );
  return 1;
}
