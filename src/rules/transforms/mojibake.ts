import { mapText, noArgument } from '../transform.ts';

const cp1252 = new TextDecoder('windows-1252');
const utf8 = new TextDecoder('utf-8', { fatal: true });

// Character -> the cp1252 byte that decodes to it (WHATWG's windows-1252 maps every byte,
// the five undefined ones to C1 controls, as MySQL's "latin1" does).
const BYTE_OF = new Map<string, number>(
  Array.from({ length: 256 }, (_v, byte) => [cp1252.decode(Uint8Array.of(byte)), byte]),
);

// Only text with a character of the upper half can be mojibake; ASCII is left alone cheaply.
const SUSPECT = /[^\p{ASCII}]/u;

/**
 * Undoes one round of UTF-8 read as cp1252 ('à¦°à¦¹à¦¿à¦®' -> 'রহিম'). Text that is not such a
 * misdecoding is returned unchanged: it holds a character cp1252 cannot encode (real
 * Bengali), or its bytes are not valid UTF-8 ('José' stays 'José').
 */
export function fixMojibakeText(value: string): string {
  if (!SUSPECT.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  let i = 0;
  for (const char of value) {
    const byte = BYTE_OF.get(char);
    if (byte === undefined) return value;
    bytes[i++] = byte;
  }
  try {
    return utf8.decode(bytes.subarray(0, i));
  } catch {
    return value;
  }
}

export const fixMojibake = noArgument('fix_mojibake', () => mapText(fixMojibakeText));
