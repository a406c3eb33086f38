export interface AppearanceText {
  role: string;
  name: string;
  time: Date;
  width: number;
  height: number;
}

/**
 * Content stream of a signed field's appearance, in Helvetica (a standard font, nothing
 * embedded). Helvetica has no Bengali glyphs: a name outside Latin-1 is left out of the
 * picture; the signature dictionary and the certificate carry it in full.
 */
export function appearanceLines({ role, name, time, width, height }: AppearanceText): string {
  if (width <= 0 || height <= 0) return '';
  const when = time.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  const lines = ['Digitally signed', ...(isLatin1(name) ? [`by ${name}`] : []), `as ${role}`, when];
  const size = Math.min(9, (height - 6) / lines.length / 1.25);
  const ops = ['q', '0.1 0.2 0.45 rg', 'BT', `/F1 ${size.toFixed(2)} Tf`];
  lines.forEach((line, i) => {
    const y = height - 4 - size * 1.25 * (i + 1) + size * 0.25;
    ops.push(`1 0 0 1 6 ${y.toFixed(2)} Tm`, `(${escapePdfString(line)}) Tj`);
  });
  ops.push('ET', 'Q');
  return ops.join('\n');
}

function isLatin1(text: string): boolean {
  return /^[\x20-\x7e\xa0-\xff]*$/.test(text);
}

function escapePdfString(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}
