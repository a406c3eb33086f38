import { BD_CITIES, BD_OPERATOR_PREFIXES, BD_VILLAGES } from './bd-places.ts';
import type { BdCity } from './bd-places.ts';
import type { Rng, Weighted } from './rng.ts';
import { scatteredNumber } from './unique-number.ts';

/**
 * Ways people write one mobile number, from its 10-digit national significant number
 * ('1712345678'). PLAIN formats are what a careful clerk types; the others are the noise
 * the +880 rule must normalise (seed 000 §5.2, §5.3).
 */
export const MOBILE_FORMATS: readonly ((nsn: string) => string)[] = [
  (n) => `0${n}`,
  (n) => `+880${n}`,
  (n) => `880${n}`,
  (n) => `+880 ${n.slice(0, 4)}-${n.slice(4)}`,
  (n) => `+88 0${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `0${n.slice(0, 4)}-${n.slice(4)}`,
  (n) => `(+880)${n}`,
  (n) => `+88-0${n.slice(0, 4)}-${n.slice(4)}`,
  (n) => `0${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
  (n) => n,
];
export const PLAIN_MOBILE_FORMATS: Weighted<number> = [
  [0, 9],
  [1, 1],
];
export const NOISY_MOBILE_FORMATS: readonly number[] = [2, 3, 4, 5, 6, 7, 8, 9];

/**
 * A national significant number unique to `index` among all indexes below 10^8: the
 * operator prefix varies, the 8 subscriber digits are a bijection of the index.
 */
export function bdMobileNsn(rng: Rng, index: number, salt: number): string {
  const operator = rng.weighted<string>(
    BD_OPERATOR_PREFIXES.map((p, i) => [p, i < 4 ? 5 : 2] as const),
  );
  return operator + scatteredNumber(index, 8, salt);
}

/** Numbers no +880 rule can rescue: too short, letters, or a non-existent operator. */
export function unformattableMobile(rng: Rng): string {
  return rng.pick<() => string>([
    () => '12345',
    () => `017${rng.digits(4)}`,
    () => 'N/A',
    () => 'n/a',
    () => `01${rng.pick(['1', '2'])}${rng.digits(8)}`,
    () => `+880 1${rng.digits(5)}`,
    () => '0000000000',
    () => `0${rng.digits(13, true)}`,
  ])();
}

/** Landline with the city's area code, unique per index ('02-9123456', '031-712345'). */
export function bdLandline(rng: Rng, city: BdCity, index: number, salt: number): string {
  const lead = city.areaCode === '02' ? rng.pick(['9', '8', '55', '41']) : '';
  return `${city.areaCode}-${lead}${scatteredNumber(index, 6, salt)}`;
}

export function pickCity(rng: Rng): BdCity {
  return rng.weighted(BD_CITIES.map((c) => [c, c.weight] as const));
}

/** Multi-line as typed into a textarea: 'House 12, Road 5\nDhanmondi\nDhaka 1205'. */
export function bdAddress(
  rng: Rng,
  city: BdCity,
  area: string,
  postalCode: string,
  rural: boolean,
): string {
  const house = rng.int(1, 120);
  const road = rng.int(1, 32);
  if (rural) return `Vill: ${rng.pick(BD_VILLAGES)}, P.O: ${area}\n${city.name} ${postalCode}`;
  return rng.weighted<() => string>([
    [() => `House ${house}, Road ${road}\n${area}\n${city.name} ${postalCode}`, 5],
    [
      () =>
        `Flat ${rng.int(1, 9)}${rng.pick(['A', 'B', 'C'])}, House ${house}, Road ${road}\n${area}\n${city.name}-${postalCode}`,
      2,
    ],
    [() => `${house}/${rng.int(1, 9)} ${area} Road\n${city.name}`, 1],
    [() => `House ${house}, Road ${road}, ${area}, ${city.name}`, 1],
    [() => `Shop ${rng.int(1, 60)}, ${area} Bazar\n${area}\n${city.name} ${postalCode}`, 1],
  ])();
}

const EMAIL_DOMAINS: Weighted<string> = [
  ['gmail.com', 70],
  ['yahoo.com', 14],
  ['hotmail.com', 7],
  ['outlook.com', 4],
  ['ymail.com', 2],
  ['bol-online.com', 2],
  ['agni.com', 1],
];

/**
 * Lowercase address unique per row: the local part ends in a fixed-width digit run that is
 * a bijection of the row index and the name part has no digits, so two rows never collide.
 */
export function bdEmail(rng: Rng, latin: readonly string[], uniqueDigits: string): string {
  const [first = 'user', last] = latin;
  const local =
    last === undefined
      ? rng.pick([`${first}${uniqueDigits}`, `info.${first}${uniqueDigits}`])
      : rng.pick([
          `${first}.${last}${uniqueDigits}`,
          `${first}${last}${uniqueDigits}`,
          `${first}_${last}${uniqueDigits}`,
          `${last}.${first}${uniqueDigits}`,
          `${first}${uniqueDigits}`,
        ]);
  return `${local}@${rng.weighted(EMAIL_DOMAINS)}`;
}

/** Addresses that fail any sane validator (seed 000 §5.3's regex among them). */
export function invalidEmail(rng: Rng, valid: string): string {
  const [local = 'x', domain = 'mail.com'] = valid.split('@');
  return rng.pick<() => string>([
    () => `${local}@@${domain.split('.')[0]}`,
    () => `${local}.${domain}`,
    () => 'x@y',
    () => `${local}@${domain.split('.')[0]}`,
    () => `${local.replace(/[._]/, ' ')} @${domain}`,
    () => `${local}@${domain.replace('.', ',')}`,
    () => `${local}@${domain.split('.')[0]}.c`,
  ])();
}

/** The same address as someone else typed it: case changed and/or stray spaces. */
export function recasedEmail(rng: Rng, email: string): string {
  const capitalised = email.replace(
    /(^|[._@])([a-z])/g,
    (_, sep: string, c: string) => sep + c.toUpperCase(),
  );
  return rng.pick([
    capitalised,
    email.toUpperCase(),
    ` ${capitalised}`,
    `${capitalised} `,
    ` ${email.toUpperCase()} `,
  ]);
}
