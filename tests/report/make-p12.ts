import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway self-signed key and certificate as PKCS#12, made with openssl, for signing tests. */
export async function makeP12(
  dir: string,
  commonName: string,
  passphrase: string,
): Promise<string> {
  const slug = commonName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const key = join(dir, `${slug}.key`);
  const crt = join(dir, `${slug}.crt`);
  const p12 = join(dir, `${slug}.p12`);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    crt,
    '-days',
    '30',
    '-subj',
    `/CN=${commonName}/O=cutover tests`,
  ]);
  await run('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    key,
    '-in',
    crt,
    '-out',
    p12,
    '-passout',
    `pass:${passphrase}`,
  ]);
  return p12;
}
