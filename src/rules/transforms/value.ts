import {
  invalid,
  noArgument,
  ok,
  onText,
  requireArgument,
  shown,
  TransformArgumentError,
  type TransformFactory,
} from '../transform.ts';

/**
 * map:a=b,c=d. An exact match wins, else a case-insensitive one on the trimmed value
 * ("Pending" -> "draft" with map:pending=draft, seed 000 §5.2). An unknown value is invalid:
 * a status the mapping does not know must not load as NULL unnoticed.
 */
export const map: TransformFactory = (arg) => {
  const pairs = parsePairs(requireArgument('map', arg));
  const folded = new Map([...pairs].map(([k, v]) => [k.trim().toLowerCase(), v]));
  return onText((v) => {
    const hit = pairs.get(v) ?? folded.get(v.trim().toLowerCase());
    return hit === undefined ? invalid(`no mapping for ${shown(v)}`) : ok(hit);
  });
};

function parsePairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new TransformArgumentError(`'map:${text}': '${pair}' is not a from=to pair`);
    const from = pair.slice(0, eq);
    if (pairs.has(from))
      throw new TransformArgumentError(`'map:${text}': '${from}' is mapped twice`);
    pairs.set(from, pair.slice(eq + 1));
  }
  return pairs;
}

/** default:X, for NULL or empty (pandas fillna in seed 000 §5.1, credit_limit). */
export const defaultValue: TransformFactory = (arg) => {
  if (arg === undefined)
    throw new TransformArgumentError(`'default' needs a value, as in 'default:0'`);
  return (value) => (value === null || value === '' ? ok(arg) : ok(value));
};

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 't', 'on']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'f', 'off']);

/** Seed 000 §5.2: "yes"/"1"/"true" -> TRUE, rendered as canonical boolean text '1'/'0'. */
export const bool = noArgument('bool', () =>
  onText((v) => {
    const word = v.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return ok('1');
    if (FALSE_WORDS.has(word)) return ok('0');
    return invalid(`not a yes/no value: ${shown(v)}`);
  }),
);
