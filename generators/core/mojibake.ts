const cp1252 = new TextDecoder('windows-1252');

/**
 * UTF-8 text read once as cp1252 ("latin1" in MySQL, which maps the five undefined cp1252
 * bytes to C1 controls exactly as WHATWG's windows-1252 does): 'রহিম' -> 'à¦°à¦¹à¦¿à¦®'.
 * One round is reversible, which is why the manifest lists it as fixable.
 */
export function mojibake(text: string): string {
  return cp1252.decode(Buffer.from(text, 'utf8'));
}
