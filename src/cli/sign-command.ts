import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CutoverError, ErrorCodes, describeCause } from '../core/errors.ts';

const USAGE =
  'cutover sign <pdf> --role ROLE --p12 FILE [--passphrase-env VAR] [--name NAME] [--reason TEXT] [--out FILE]';

/**
 * `cutover sign`: signs a report PDF for one sign-off role with a PKCS#12 certificate (QA
 * signing in CI). The signature is appended as an incremental update, in place unless --out
 * is given, so the next role signs the same file and earlier signatures stay valid.
 * The passphrase is read from an environment variable, never from the command line, where
 * it would show in process lists and CI logs.
 */
export async function signCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      role: { type: 'string' },
      p12: { type: 'string' },
      'passphrase-env': { type: 'string' },
      name: { type: 'string' },
      reason: { type: 'string' },
      location: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const input = positionals[0];
  if (input === undefined || values.role === undefined || values.p12 === undefined)
    throw new CutoverError(ErrorCodes.CONFIG_INVALID, `usage: ${USAGE}`);
  let passphrase = '';
  const envName = values['passphrase-env'];
  if (envName !== undefined) {
    const value = process.env[envName];
    if (value === undefined)
      throw new CutoverError(
        ErrorCodes.CONFIG_INVALID,
        `--passphrase-env ${envName}: that environment variable is not set`,
      );
    passphrase = value;
  }
  const [pdf, p12] = await Promise.all([readInput(input, 'PDF'), readInput(values.p12, 'P12')]);
  const { signPdf } = await import('../report/sign/sign-pdf.ts');
  const signed = await signPdf(pdf, {
    role: values.role,
    p12,
    passphrase,
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.reason === undefined ? {} : { reason: values.reason }),
    ...(values.location === undefined ? {} : { location: values.location }),
  });
  const out = values.out ?? input;
  // Written beside and renamed: a crash mid-write must not leave a half-signed report.
  const temp = `${out}.signing-${process.pid}`;
  await writeFile(temp, signed.pdf);
  await rename(temp, out);
  console.log(
    `signed ${out} as "${signed.field}" by ${signed.signer}` +
      (signed.filledExisting
        ? ''
        : ' (no empty field for this role: a new signature field was added)'),
  );
  return 0;
}

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      `Cannot read the ${what} ${path}: ${describeCause(cause)}`,
      {
        cause,
      },
    );
  }
}
