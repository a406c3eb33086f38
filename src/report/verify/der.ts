/**
 * A minimal DER reader: enough to walk a CMS SignedData (RFC 5652) and find the signer's
 * certificate, signed attributes and signature. Node's crypto verifies; it has no CMS parser.
 */
export interface DerNode {
  tag: number;
  /** Offset of the tag byte in the buffer. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  end: number;
  bytes: Buffer;
}

export function readDer(buffer: Buffer, offset = 0): DerNode {
  const tag = buffer[offset];
  let lengthByte = buffer[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new Error('DER: truncated header');
  let length = 0;
  let contentStart = offset + 2;
  if (lengthByte < 0x80) length = lengthByte;
  else {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length');
    for (let i = 0; i < count; i++) {
      lengthByte = buffer[offset + 2 + i];
      if (lengthByte === undefined) throw new Error('DER: truncated length');
      length = length * 256 + lengthByte;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > buffer.length) throw new Error('DER: content runs past the end');
  return { tag, start: offset, contentStart, end, bytes: buffer.subarray(offset, end) };
}

/** The children of a constructed node (SEQUENCE, SET, [n]). */
export function children(buffer: Buffer, node: DerNode): DerNode[] {
  const found: DerNode[] = [];
  let offset = node.contentStart;
  while (offset < node.end) {
    const child = readDer(buffer, offset);
    found.push(child);
    offset = child.end;
  }
  return found;
}

export function content(buffer: Buffer, node: DerNode): Buffer {
  return buffer.subarray(node.contentStart, node.end);
}

/** Dotted text of an OBJECT IDENTIFIER's content bytes. */
export function oidText(bytes: Buffer): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
