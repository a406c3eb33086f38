import { checkCmsSignature, parseCmsSignature } from './cms-signature.ts';

/** A signature found in the file's bytes, checked against them. */
export interface FoundSignature {
  byteRange: [number, number, number, number];
  /** End of the bytes it covers: the end of the revision it was made on. */
  coveredEnd: number;
  signer?: string;
  signingTime?: Date;
  problems: string[];
}

/**
 * Every signature in the file, from its /ByteRange and the /Contents gap it leaves, checked
 * without trusting the PDF's structure (a damaged file must still report what it can):
 * the range starts at 0, the gap is exactly one hex string, the range ends where a revision
 * ends, the gap holds nothing but the signature and zero padding, and the signature verifies.
 */
export function findSignatures(pdf: Buffer): FoundSignature[] {
  const text = pdf.toString('latin1');
  const revisionEnds = revisionEndOffsets(text);
  const found: FoundSignature[] = [];
  const pattern = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (const match of text.matchAll(pattern)) {
    const range = match.slice(1, 5).map(Number) as FoundSignature['byteRange'];
    found.push(checkOne(pdf, range, revisionEnds));
  }
  return found;
}

/** Offsets just past each %%EOF marker and its end-of-line: where each revision ends. */
export function revisionEndOffsets(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/%%EOF(\r\n|\r|\n)?/g)) {
    ends.push(match.index + 5, match.index + match[0].length);
  }
  return ends;
}

function checkOne(
  pdf: Buffer,
  range: FoundSignature['byteRange'],
  revisionEnds: number[],
): FoundSignature {
  const [start, gapStart, gapEnd, tailLength] = range;
  const coveredEnd = gapEnd + tailLength;
  const result: FoundSignature = { byteRange: range, coveredEnd, problems: [] };
  const fail = (problem: string) => {
    result.problems.push(problem);
    return result;
  };
  if (start !== 0) return fail(`its byte range starts at ${start}, not at the start of the file`);
  if (gapStart >= gapEnd || coveredEnd > pdf.length)
    return fail(`its byte range [${range.join(' ')}] does not fit the file`);
  if (!revisionEnds.includes(coveredEnd))
    return fail(`its byte range ends at byte ${coveredEnd}, which is not the end of a revision`);
  const gap = pdf.subarray(gapStart, gapEnd).toString('latin1');
  if (!/^<[0-9a-fA-F]*>$/.test(gap) || gap.length % 2 !== 0)
    return fail('the gap its byte range leaves is not exactly the signature value');
  const value = Buffer.from(gap.slice(1, -1), 'hex');
  let cms;
  try {
    cms = parseCmsSignature(value);
  } catch (cause) {
    return fail(`its signature value cannot be read (${String(cause)})`);
  }
  result.signer = cms.signer;
  if (cms.signingTime !== undefined) result.signingTime = cms.signingTime;
  const derLength = derTotalLength(value);
  if (value.subarray(derLength).some((b) => b !== 0))
    fail('bytes after its signature value in the /Contents padding were changed');
  const signed = Buffer.concat([pdf.subarray(0, gapStart), pdf.subarray(gapEnd, coveredEnd)]);
  const check = checkCmsSignature(cms, signed);
  if (!check.ok) fail(check.problem);
  return result;
}

function derTotalLength(value: Buffer): number {
  const lengthByte = value[1] ?? 0;
  if (lengthByte < 0x80) return 2 + lengthByte;
  const count = lengthByte & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (value[2 + i] ?? 0);
  return 2 + count + length;
}
