import {
  BENGALI_SCRIPT_NAMES,
  CHRISTIAN_NAMES,
  HINDU_NAMES,
  MALE_HONORIFICS,
  MUSLIM_NAMES,
  SHOP_KINDS,
  SHOP_STEMS,
  SUPPLIER_KINDS,
} from './bd-names.ts';
import type { NameGroup } from './bd-names.ts';
import type { Rng, Weighted } from './rng.ts';

export type NameScript = 'latin' | 'bengali' | 'any';

export interface BdName {
  /** The name as a careful clerk would type it (title case, single spaces). */
  text: string;
  /** Lowercase Latin words for building an e-mail address. */
  latin: readonly string[];
  script: 'latin' | 'bengali';
}

const COMMUNITIES: Weighted<NameGroup> = [
  [MUSLIM_NAMES, 80],
  [HINDU_NAMES, 17],
  [CHRISTIAN_NAMES, 3],
];

/** A person: 'Mohammad Rahim Uddin', 'Fatema Begum', 'Rina Rani Das', or 'রহিম উদ্দিন'. */
export function bdPersonName(rng: Rng, script: NameScript = 'any'): BdName {
  if (script === 'bengali' || (script === 'any' && rng.chance(0.04))) {
    const name = rng.pick(BENGALI_SCRIPT_NAMES);
    return { text: name.text, latin: name.latin, script: 'bengali' };
  }
  const group = rng.weighted(COMMUNITIES);
  const male = rng.chance(0.7);
  const given = rng.pick(male ? group.male : group.female);
  const family = rng.pick(male ? group.maleFamily : group.femaleFamily);
  const words = [given, family];
  if (male && group.community === 'muslim' && rng.chance(0.45))
    words.unshift(rng.pick(MALE_HONORIFICS));
  else if (!male && group.community === 'hindu' && family !== 'Rani' && rng.chance(0.3))
    words.splice(1, 0, 'Rani');
  return {
    text: words.join(' '),
    latin: [given.toLowerCase(), family.toLowerCase()],
    script: 'latin',
  };
}

/** A buyer's business: 'Rahman Traders', 'Kamal Enterprise', 'Bismillah Dairy Shop'. */
export function bdShopName(rng: Rng): BdName {
  const family = rng.pick(MUSLIM_NAMES.maleFamily);
  const text = rng.weighted<() => string>([
    [() => `${family} Traders`, 3],
    [() => `${rng.pick(MUSLIM_NAMES.male)} Enterprise`, 3],
    [() => `${rng.pick(SHOP_STEMS)} ${rng.pick(SHOP_KINDS)}`, 6],
    [() => `${family} & Sons`, 1],
    [() => `${rng.pick(HINDU_NAMES.maleFamily)} ${rng.pick(SHOP_KINDS)}`, 2],
  ])();
  return { text, latin: [slug(text)], script: 'latin' };
}

/** A supplier's business: 'Padma Feed Mills', 'Hossain Cattle Farm'. */
export function bdSupplierName(rng: Rng): BdName {
  const stem = rng.chance(0.5) ? rng.pick(SHOP_STEMS) : rng.pick(MUSLIM_NAMES.maleFamily);
  const text = `${stem} ${rng.pick(SUPPLIER_KINDS)}`;
  return { text, latin: [slug(text)], script: 'latin' };
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z]/g, '');

const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  Mohammad: ['Md.', 'Mohammed', 'Muhammad'],
  'Md.': ['Mohammad', 'Md'],
  Mohammed: ['Mohammad', 'Md.'],
  Muhammad: ['Md.', 'Mohammad'],
  Hossain: ['Hossen', 'Hussain'],
  Chowdhury: ['Chowdhuri', 'Choudhury'],
  Rahman: ['Rahaman'],
  Ahmed: ['Ahmad'],
  Miah: ['Mia'],
  Akter: ['Akhter', 'Aktar'],
  Begum: ['Begom'],
  Khatun: ['Khatoon'],
  Das: ['Dash'],
  Roy: ['Ray'],
  Ghosh: ['Ghose'],
  Uddin: ['Udin', 'Uddeen'],
  Fatema: ['Fatima'],
  Ayesha: ['Aysha'],
  Sumon: ['Shumon'],
  Rahim: ['Raheem'],
  Karim: ['Kareem'],
  Traders: ['Trading', 'Trader'],
  Enterprise: ['Enterprises'],
  Store: ['Stores'],
  Islam: ['Islaam'],
  Haque: ['Hoque', 'Huq'],
  Sarkar: ['Sircar'],
  Saha: ['Shaha'],
};

/** The same name as another clerk spelled it, as duplicates in a legacy register are. */
export function respell(rng: Rng, name: BdName): string {
  if (name.script === 'bengali') return name.latin.map(titleWord).join(' ');
  const words = name.text.split(' ');
  const candidates = words
    .map((w, i) => [w, i] as const)
    .filter(([w]) => SPELLINGS[w] !== undefined);
  if (candidates.length === 0) return vowelRespell(rng, words);
  const [word, at] = rng.pick(candidates);
  words[at] = rng.pick(SPELLINGS[word]!);
  return words.join(' ');
}

const titleWord = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

const VOWEL_SPELLINGS: readonly (readonly [string, string])[] = [
  ['ee', 'i'],
  ['oo', 'u'],
  ['i', 'ee'],
  ['u', 'oo'],
  ['a', 'aa'],
  ['o', 'u'],
];

/** 'Rina' -> 'Reena', 'Shahnaz' -> 'Shahnaaz': how transliterations of one name drift. */
function vowelRespell(rng: Rng, words: string[]): string {
  for (const at of [rng.int(0, words.length - 1), ...words.keys()]) {
    const word = words[at]!;
    for (const [from, to] of VOWEL_SPELLINGS) {
      const pos = word.indexOf(from, 1);
      if (pos > 0) {
        words[at] = word.slice(0, pos) + to + word.slice(pos + from.length);
        return words.join(' ');
      }
    }
  }
  return `${words.join(' ')}.`;
}
