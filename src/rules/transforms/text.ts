import {
  integerArgument,
  invalid,
  mapText,
  missing,
  noArgument,
  ok,
  onText,
  shown,
  type Transform,
  type TransformFactory,
} from '../transform.ts';

export const trim = noArgument('trim', () => mapText((v) => v.trim()));

export const collapseSpaces = noArgument('collapse_spaces', () =>
  mapText((v) => v.replace(/\s+/gu, ' ')),
);

export const lower = noArgument('lower', () => mapText((v) => v.toLowerCase()));

export const upper = noArgument('upper', () => mapText((v) => v.toUpperCase()));

// Letters, combining marks (Bengali vowel signs are marks) and digits continue a word; an
// apostrophe does too, so "rahim's" does not become "Rahim'S" as Python's str.title() would.
const WORD_START = /(^|[^\p{L}\p{M}\p{N}'’])(\p{L})/gu;

/**
 * Title case for any script: scripts without case (Bengali) come out unchanged because
 * their letters have no upper or lower form.
 */
export function titleCaseText(value: string): string {
  return value
    .toLowerCase()
    .replace(WORD_START, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

export const titleCase = noArgument('title_case', () => mapText(titleCaseText));

/** Lines of a multi-line text, trimmed, empty ones dropped (seed 000 §5.3 parse_address). */
export function nonEmptyLines(value: string): string[] {
  return value
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** line:N, the N-th (0-based) non-empty line, NULL when there are fewer lines. */
export const line: TransformFactory = (arg) => {
  const n = integerArgument('line', arg, 0, 1000);
  return mapTextOrNull((v) => nonEmptyLines(v)[n] ?? null);
};

function mapTextOrNull(fn: (value: string) => string | null): Transform {
  return onText((v) => ok(fn(v)));
}

/** max_length:N in characters (code points, so a Bengali name is not counted in bytes). */
export const maxLength: TransformFactory = (arg) => {
  const n = integerArgument('max_length', arg, 1, 1_000_000);
  return onText((v) => {
    const length = [...v].length;
    return length <= n ? ok(v) : invalid(`${length} characters, longer than ${n}: ${shown(v)}`);
  });
};

// Seed 002 uses it for item codes: ASCII letters and digits, the way part numbers are keyed.
export const alphanumeric = noArgument('alphanumeric', () =>
  onText((v) => (/^[A-Za-z0-9]*$/.test(v) ? ok(v) : invalid(`not alphanumeric: ${shown(v)}`))),
);

/** NULL, empty or blank is missing (MIG003). */
export const required = noArgument(
  'required',
  () => (value) =>
    value === null || value.trim() === '' ? missing('required value is missing') : ok(value),
);

/**
 * code: an identifier made of letters then digits, however it was typed ('sd 0042',
 * 'SD0042', ' sd-0042') -> 'SD-0042', the farm's ear-tag spelling (001 Day 709
 * tag_number.upper().strip()). Anything else is invalid.
 */
export const code = noArgument('code', () =>
  onText((v) => {
    const m = /^\s*([A-Za-z]+)[\s_-]*(\d+)\s*$/.exec(v);
    return m
      ? ok(`${(m[1] ?? '').toUpperCase()}-${m[2] ?? ''}`)
      : invalid(`not a code: ${shown(v)}`);
  }),
);

/** Letters and digits only, lower case: 'Holstein-Friesian ' and 'holstein friesian' agree. */
export function slugText(value: string): string {
  return value.replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
}

/** slug: the comparison form of a name (LookupSpec.byTarget); blank is NULL. */
export const slug = noArgument('slug', () =>
  onText((v) => {
    const text = slugText(v);
    return ok(text === '' ? null : text);
  }),
);
