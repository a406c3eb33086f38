import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

export interface SecretFinding {
  file: string;
  /** Which layer it was found in: raw bytes, PDF page text, a PDF attachment, an XLSX cell. */
  where: string;
}

/**
 * Looks for each secret in every file of a report folder, including inside the layers a raw
 * byte scan cannot see: a PDF's compressed attachments and page text, an XLSX's zipped cells.
 * Secrets are searched as written and URL-encoded.
 */
export async function scanForSecrets(
  dir: string,
  secrets: readonly string[],
): Promise<SecretFinding[]> {
  const needles = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))];
  const has = (text: string) => needles.some((n) => text.includes(n));
  const findings: SecretFinding[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const bytes = await readFile(path);
    if (has(bytes.toString('utf8')) || has(bytes.toString('latin1')))
      findings.push({ file: name, where: 'raw bytes' });
    if (name.endsWith('.pdf')) {
      const { stdout } = await run('pdftotext', [path, '-']);
      if (has(stdout)) findings.push({ file: name, where: 'page text' });
      const out = await mkdtemp(join(tmpdir(), 'cutover-scan-'));
      try {
        await run('pdfdetach', ['-saveall', '-o', out, path]);
        for (const attached of await readdir(out))
          if (has(await readFile(join(out, attached), 'utf8')))
            findings.push({ file: name, where: `attachment ${attached}` });
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }
    if (name.endsWith('.xlsx')) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) => {
          if (has(JSON.stringify(row.values)))
            findings.push({ file: name, where: `sheet ${sheet.name}` });
        }),
      );
    }
  }
  return findings;
}
