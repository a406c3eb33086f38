import { readFile } from 'node:fs/promises';
import { describeCause } from '../../core/errors.ts';
import { EVIDENCE_FILE, evidenceDigest } from '../digest.ts';
import { jsonDifferences } from './json-differences.ts';
import { readPdfStructure } from './pdf-structure.ts';
import type { PdfStructure } from './pdf-structure.ts';
import { printedDigests } from './printed-digests.ts';
import { findSignatures } from './signature-ranges.ts';

export interface VerifiedSignature {
  field: string;
  /** Common name of the signing certificate. */
  signer: string;
  /** The name the signer typed, when it differs from the certificate. */
  name?: string;
  reason?: string;
  signedAt?: string;
  /** Bytes covered: the file up to the end of the revision the signature was made on. */
  coveredBytes: number;
  coversWholeFile: boolean;
  valid: boolean;
}

export interface PdfVerification {
  path: string;
  pages: number;
  /** The digest printed on the pages (null when none could be read). */
  printedDigest: string | null;
  /** SHA-256 of the embedded evidence.json (null when none is embedded). */
  embeddedDigest: string | null;
  embeddedEvidence: string | null;
  signatures: VerifiedSignature[];
  unsignedFields: string[];
  /** Every mismatch, each saying what differs. Empty when the file verifies. */
  problems: string[];
}

/**
 * Checks one report PDF: the evidence embedded in it hashes to the digest printed on every
 * page, and every signature is valid and covers the whole file up to its revision, the last
 * one covering the whole file, so no byte can change unnoticed.
 */
export async function verifyPdf(path: string): Promise<PdfVerification> {
  const pdf = await readFile(path);
  const problems: string[] = [];
  const { pages, error } = await printedDigests(path);
  if (error !== undefined)
    problems.push(`the pages' text cannot be read (${error}): the file is damaged`);
  const printed = [...new Set(pages.map((p) => p.digest))];
  const missing = pages.filter((p) => p.digest === null).map((p) => p.page);
  if (missing.length > 0)
    problems.push(`page ${missing.join(', ')} prints no evidence digest in its footer`);
  const digests = printed.filter((d): d is string => d !== null);
  if (digests.length > 1)
    problems.push(
      `the pages print different evidence digests: ${digests.map((d) => `${d} (page ${pages.filter((p) => p.digest === d).map((p) => p.page)[0]})`).join(' vs ')}`,
    );
  const printedDigest = digests[0] ?? null;

  let structure: PdfStructure | undefined;
  try {
    structure = await readPdfStructure(pdf);
  } catch (cause) {
    problems.push(`the PDF's structure cannot be read (${describeCause(cause)}): it is damaged`);
  }

  const attachments = (structure?.attachments ?? []).filter((a) => a.name === EVIDENCE_FILE);
  let embeddedEvidence: string | null = null;
  let embeddedDigest: string | null = null;
  if (structure !== undefined && attachments.length !== 1)
    problems.push(
      attachments.length === 0
        ? `no ${EVIDENCE_FILE} is embedded in the PDF`
        : `${attachments.length} files named ${EVIDENCE_FILE} are embedded; expected one`,
    );
  else if (attachments[0] !== undefined) {
    embeddedEvidence = Buffer.from(attachments[0].bytes).toString('utf8');
    embeddedDigest = evidenceDigest(embeddedEvidence);
    if (printedDigest !== null && embeddedDigest !== printedDigest)
      problems.push(
        `the embedded ${EVIDENCE_FILE} hashes to ${embeddedDigest} but the pages print ${printedDigest}: the evidence was replaced or edited after rendering`,
      );
  }

  const { signatures, unsignedFields } = checkSignatures(pdf, structure, problems);
  return {
    path,
    pages: pages.length,
    printedDigest,
    embeddedDigest,
    embeddedEvidence,
    signatures,
    unsignedFields,
    problems,
  };
}

function checkSignatures(pdf: Buffer, structure: PdfStructure | undefined, problems: string[]) {
  const found = findSignatures(pdf);
  const fields = structure?.signatureFields ?? [];
  const signatures: VerifiedSignature[] = [];
  const fileEnd = pdf.toString('latin1').trimEnd().length;
  for (const [i, signature] of found.entries()) {
    const field = fields.find(
      (f) => f.byteRange !== undefined && f.byteRange.join(' ') === signature.byteRange.join(' '),
    );
    const label = `signature ${i + 1} ("${field?.name ?? 'no field'}", ${signature.signer ?? 'unknown signer'})`;
    if (structure !== undefined && field === undefined)
      problems.push(`${label} belongs to no signature field of the document`);
    for (const problem of signature.problems) problems.push(`${label}: ${problem}`);
    const entry: VerifiedSignature = {
      field: field?.name ?? '(no field)',
      signer: signature.signer ?? '(unreadable)',
      coveredBytes: signature.coveredEnd,
      coversWholeFile: pdf.toString('latin1', 0, signature.coveredEnd).trimEnd().length === fileEnd,
      valid: signature.problems.length === 0,
    };
    if (field?.signedName !== undefined && field.signedName !== entry.signer)
      entry.name = field.signedName;
    if (field?.reason !== undefined) entry.reason = field.reason;
    if (signature.signingTime !== undefined) entry.signedAt = signature.signingTime.toISOString();
    signatures.push(entry);
  }
  for (const field of fields.filter((f) => f.signed)) {
    if (!signatures.some((s) => s.field === field.name))
      problems.push(
        `the "${field.name}" field says it is signed but no intact signature value was found for it`,
      );
  }
  const last = signatures.reduce<VerifiedSignature | undefined>(
    (best, s) => (best === undefined || s.coveredBytes > best.coveredBytes ? s : best),
    undefined,
  );
  if (last !== undefined && !last.coversWholeFile)
    problems.push(
      `${fileEnd - last.coveredBytes} bytes at the end of the file are not covered by any signature (the last, "${last.field}", ends at byte ${last.coveredBytes} of ${pdf.length}): the file was changed after the last signing`,
    );
  const unsignedFields = fields.filter((f) => !f.signed).map((f) => f.name);
  return { signatures, unsignedFields };
}

/** The differences between an evidence file and the evidence a PDF embeds, for a message. */
export function evidenceMismatch(
  fileText: string,
  fileLabel: string,
  pdf: PdfVerification,
): string | null {
  const fileDigest = evidenceDigest(fileText);
  if (pdf.printedDigest === null || fileDigest === pdf.printedDigest) return null;
  let detail = '';
  if (pdf.embeddedEvidence !== null) {
    try {
      const diffs = jsonDifferences(JSON.parse(pdf.embeddedEvidence), JSON.parse(fileText));
      if (diffs.length > 0) detail = `; differences (PDF → file): ${diffs.join('; ')}`;
    } catch {
      detail = `; ${fileLabel} is not valid JSON`;
    }
  }
  return `${fileLabel} hashes to ${fileDigest} but ${pdf.path} prints ${pdf.printedDigest}${detail}`;
}
