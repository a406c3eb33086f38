import type { PDFContext, PDFObject, PDFRef } from 'pdf-lib';
import { CutoverError, ErrorCodes } from '../../core/errors.ts';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

/** Offset the file's last `startxref` points at: the /Prev of the next revision. */
export function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (match === null)
    throw new CutoverError(
      ErrorCodes.CONFIG_INVALID,
      'The PDF does not end with startxref and %%EOF; it is damaged or not a PDF.',
    );
  return Number(match[1]);
}

/**
 * Appends a revision holding only the given objects (new or changed), with a classic xref
 * section chained to the previous one by /Prev. Nothing before it changes, so every earlier
 * signature still covers exactly the bytes it signed (ISO 32000-1 §7.5.6).
 */
export function appendRevision(
  original: Uint8Array,
  context: PDFContext,
  refs: readonly PDFRef[],
): Buffer {
  const prev = lastStartXref(original);
  const head = Buffer.from(original);
  const parts: Buffer[] = [head, latin1('\n')];
  let offset = head.length + 1;
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const ref of [...refs].sort((a, b) => a.objectNumber - b.objectNumber)) {
    const object = context.lookup(ref);
    if (object === undefined) throw new Error(`object ${ref.toString()} is missing`);
    const body = serialize(object);
    const header = latin1(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    const footer = latin1('\nendobj\n');
    offsets.set(ref.objectNumber, { offset, generation: ref.generationNumber });
    parts.push(header, body, footer);
    offset += header.length + body.length + footer.length;
  }
  const xrefOffset = offset;
  parts.push(latin1(xrefSection(offsets)));
  const { Root, Info, ID } = context.trailerInfo;
  const trailer = context.obj({
    Size: context.largestObjectNumber + 1,
    ...(Root === undefined ? {} : { Root }),
    ...(Info === undefined ? {} : { Info }),
    ...(ID === undefined ? {} : { ID }),
    Prev: prev,
  });
  parts.push(
    latin1('trailer\n'),
    serialize(trailer),
    latin1(`\nstartxref\n${xrefOffset}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

function serialize(object: PDFObject): Buffer {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return Buffer.from(bytes);
}

/** Subsections of consecutive object numbers; every entry exactly 20 bytes. */
function xrefSection(entries: Map<number, { offset: number; generation: number }>): string {
  const numbers = [...entries.keys()].sort((a, b) => a - b);
  let text = 'xref\n';
  let i = 0;
  while (i < numbers.length) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    text += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const { offset, generation } = entries.get(numbers[k]!)!;
      text += `${String(offset).padStart(10, '0')} ${String(generation).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  return text;
}
