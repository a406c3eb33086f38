import { invalid, noArgument, ok, onText, shown } from '../transform.ts';

/** Seed 000 §5.3 parse_address: the cities the migration recognises, in its spelling. */
export const BD_CITIES = [
  'Dhaka',
  'Chittagong',
  'Khulna',
  'Rajshahi',
  'Sylhet',
  'Barisal',
  'Rangpur',
  'Comilla',
  'Narayanganj',
  'Gazipur',
] as const;

// Official renamings (2018) and Bengali spellings found in legacy data, to the seed's spelling.
const ALIASES: Record<string, (typeof BD_CITIES)[number]> = {
  dacca: 'Dhaka',
  ঢাকা: 'Dhaka',
  chattogram: 'Chittagong',
  chittagang: 'Chittagong',
  চট্টগ্রাম: 'Chittagong',
  খুলনা: 'Khulna',
  রাজশাহী: 'Rajshahi',
  সিলেট: 'Sylhet',
  barishal: 'Barisal',
  বরিশাল: 'Barisal',
  রংপুর: 'Rangpur',
  cumilla: 'Comilla',
  কুমিল্লা: 'Comilla',
  নারায়ণগঞ্জ: 'Narayanganj',
  গাজীপুর: 'Gazipur',
};

const BY_KEY = new Map<string, string>([
  ...BD_CITIES.map((city) => [city.toLowerCase(), city] as const),
  ...Object.entries(ALIASES).map(([alias, city]) => [alias.normalize('NFC'), city] as const),
]);

/** The seed's spelling of a city, or null when it is not on the list. */
export function normaliseCity(value: string): string | null {
  const key = value.trim().replace(/\s+/gu, ' ').normalize('NFC').toLowerCase();
  return BY_KEY.get(key) ?? null;
}

export const city = noArgument('city', () =>
  onText((v) => {
    if (v.trim() === '') return ok(null);
    const name = normaliseCity(v);
    return name === null ? invalid(`not a recognised city: ${shown(v)}`) : ok(name);
  }),
);
