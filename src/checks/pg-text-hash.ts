import { Buffer } from 'node:buffer';

/**
 * PostgreSQL's `hashtextextended(text, 0)` in Node: Bob Jenkins' lookup3 over the text's
 * UTF-8 bytes, 64 bits (src/common/hashfn.c, hash_bytes_extended). The set digest uses it
 * instead of MD5 because the server computes it in a fraction of md5()'s time and Node in a
 * third of crypto's per-call time; it is a hash for telling data apart, not for resisting an
 * adversary. Hash partitioning keeps it stable across PostgreSQL versions (a partition's
 * rows are placed by it on disk). The server's result equals this one in a UTF8 database
 * with a deterministic collation on a little-endian machine; anywhere else the digests
 * disagree and the checks take their slow, exact path.
 */
export function xorTextHash(text: string, into: Int32Array): void {
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafeSlow(text.length * 3);
  const k = scratch;
  let len = k.write(text);
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  let at = 0;
  while (len >= 12) {
    a = (a + (k[at]! | (k[at + 1]! << 8) | (k[at + 2]! << 16) | (k[at + 3]! << 24))) | 0;
    b = (b + (k[at + 4]! | (k[at + 5]! << 8) | (k[at + 6]! << 16) | (k[at + 7]! << 24))) | 0;
    c = (c + (k[at + 8]! | (k[at + 9]! << 8) | (k[at + 10]! << 16) | (k[at + 11]! << 24))) | 0;
    // mix(a, b, c)
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
    at += 12;
    len -= 12;
  }
  // The last 0-11 bytes, little-endian into a, b and the upper three bytes of c.
  /* eslint-disable no-fallthrough */
  switch (len) {
    case 11:
      c = (c + (k[at + 10]! << 24)) | 0;
    case 10:
      c = (c + (k[at + 9]! << 16)) | 0;
    case 9:
      c = (c + (k[at + 8]! << 8)) | 0;
    case 8:
      b = (b + (k[at + 7]! << 24)) | 0;
    case 7:
      b = (b + (k[at + 6]! << 16)) | 0;
    case 6:
      b = (b + (k[at + 5]! << 8)) | 0;
    case 5:
      b = (b + k[at + 4]!) | 0;
    case 4:
      a = (a + (k[at + 3]! << 24)) | 0;
    case 3:
      a = (a + (k[at + 2]! << 16)) | 0;
    case 2:
      a = (a + (k[at + 1]! << 8)) | 0;
    case 1:
      a = (a + k[at]!) | 0;
  }
  /* eslint-enable no-fallthrough */
  // final(a, b, c)
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  // The server's bigint is b << 32 | c.
  into[0]! ^= b;
  into[1]! ^= c;
}

/** A 64-bit XOR held as two words, as PostgreSQL prints a bigint. */
export function int64Text(words: Int32Array): string {
  return BigInt.asIntN(64, (BigInt(words[0]! >>> 0) << 32n) | BigInt(words[1]! >>> 0)).toString();
}

let scratch = Buffer.allocUnsafeSlow(4096);

function rot(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
