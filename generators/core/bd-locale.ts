import { Faker, base, bn_BD, en } from '@faker-js/faker';
import type { LocaleDefinition, Randomizer } from '@faker-js/faker';
import { BENGALI_SCRIPT_NAMES, CHRISTIAN_NAMES, HINDU_NAMES, MUSLIM_NAMES } from './bd-names.ts';
import { BD_CITIES } from './bd-places.ts';

const groups = [MUSLIM_NAMES, HINDU_NAMES, CHRISTIAN_NAMES];
const unique = (values: readonly string[]): string[] => [...new Set(values)];

/**
 * Faker's bn_BD has only dates and Bengali place names; names and phones would fall back to
 * US English. This definition is layered before it so that faker itself speaks Bangladeshi
 * (for code that uses faker directly, e.g. issue #3's other sources).
 */
export const bdLocale: LocaleDefinition = {
  metadata: {
    title: 'Bangladesh (cutover)',
    code: 'en_BD',
    language: 'en',
    endonym: 'English (Bangladesh)',
    dir: 'ltr',
    script: 'Latn',
  },
  person: {
    first_name: {
      male: unique(groups.flatMap((g) => g.male)),
      female: unique(groups.flatMap((g) => g.female)),
      generic: unique(groups.flatMap((g) => [...g.male, ...g.female])),
    },
    last_name: {
      male: unique(groups.flatMap((g) => g.maleFamily)),
      female: unique(groups.flatMap((g) => g.femaleFamily)),
      generic: unique(groups.flatMap((g) => [...g.maleFamily, ...g.femaleFamily])),
    },
    last_name_pattern: { generic: [{ value: '{{person.last_name.generic}}', weight: 1 }] },
    name: [{ value: '{{person.firstName}} {{person.lastName}}', weight: 1 }],
    prefix: { male: ['Md.', 'Mohammad'], female: ['Mst.'], generic: ['Md.', 'Mst.'] },
    suffix: [],
  },
  phone_number: {
    format: {
      human: [
        '017########',
        '018########',
        '019########',
        '015########',
        '016########',
        '013########',
        '014########',
      ],
      national: [
        '017########',
        '018########',
        '019########',
        '015########',
        '016########',
        '013########',
        '014########',
      ],
      international: [
        '+88017########',
        '+88018########',
        '+88019########',
        '+88015########',
        '+88016########',
      ],
      mobile: [
        '017########',
        '018########',
        '019########',
        '015########',
        '016########',
        '013########',
        '014########',
      ],
    },
  },
  location: {
    city_name: BD_CITIES.map((c) => c.name),
    city_pattern: ['{{location.city_name}}'],
    postcode: unique(BD_CITIES.flatMap((c) => c.areas.map(([, code]) => code))),
    country_code: [{ alpha2: 'BD', alpha3: 'BGD', numeric: '050' }],
  },
  internet: {
    free_email: ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'ymail.com'],
    domain_suffix: ['com', 'com.bd', 'net', 'org.bd'],
  },
};

/** Bengali-script names, exported for sources that render them (Excel register, notes). */
export const bengaliScriptNames: readonly string[] = BENGALI_SCRIPT_NAMES.map((n) => n.text);

export function createBdFaker(randomizer: Randomizer): Faker {
  return new Faker({ locale: [bdLocale, bn_BD, en, base], randomizer });
}
