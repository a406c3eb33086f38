import type { RawRow } from '../../src/core/dialect.ts';
import {
  bdAddress,
  bdLandline,
  bdMobileNsn,
  MOBILE_FORMATS,
  pickCity,
  recasedEmail,
  invalidEmail,
  unformattableMobile,
} from '../core/bd-contact.ts';
import { respell } from '../core/bd-person.ts';
import { formatDhakaDateTime, MS_PER_DAY, MS_PER_YEAR } from '../core/dhaka-time.ts';
import { formatMinor, takaToMinor } from '../core/money.ts';
import type { Rng } from '../core/rng.ts';
import { mojibake } from '../core/mojibake.ts';
import type { CustomerDirtKind } from './customer-dirt.ts';
import type { CustomerIdentity } from './customer-identity.ts';
import { ROLE_BOTH, ROLE_CUSTOMER, ROLE_SUPPLIER } from './customer-plan.ts';

/** Column order of fixtures/legacy/customers.sql. */
export const CUSTOMER_COLUMNS = [
  'customer_id',
  'customer_name',
  'email',
  'phone',
  'mobile',
  'address',
  'city',
  'postal_code',
  'customer_type',
  'credit_limit',
  'is_supplier',
  'is_customer',
  'is_active',
  'nid_number',
  'tin_number',
  'notes',
  'created_date',
  'modified_date',
] as const;

export interface CustomerRowInput {
  index: number;
  id: number;
  role: number;
  kind: CustomerDirtKind | undefined;
  identity: CustomerIdentity;
  /** Identity of the earlier row a duplicate copies. */
  original: CustomerIdentity | undefined;
  rows: number;
  salt: number;
  asOfMs: number;
}

/** History the register covers before asOf; about a third of customers predate the 2-year window. */
const HISTORY_MS = 5 * MS_PER_YEAR;

export function customerRow(rng: Rng, input: CustomerRowInput): RawRow {
  const { identity, kind, role } = input;
  const city = pickCity(rng);
  const [area, postalCode] = rng.pick(city.areas);
  const rural = role !== ROLE_CUSTOMER && !identity.isCompany;
  const created = createdAt(rng, input);
  return [
    String(input.id),
    nameText(rng, input),
    emailText(rng, input),
    phoneText(rng, input, city),
    mobileText(rng, input),
    rng.chance(0.03) ? null : bdAddress(rng, city, area, postalCode, rural),
    city.name,
    rng.chance(0.15) ? null : postalCode,
    identity.isCompany ? 'wholesale' : 'retail',
    creditLimit(rng, identity.isCompany, role),
    role === ROLE_CUSTOMER ? '0' : '1',
    role === ROLE_SUPPLIER ? '0' : '1',
    kind === 'inactive' ? '0' : '1',
    identity.isCompany || !rng.chance(0.45) ? null : nidNumber(rng),
    rng.chance(identity.isCompany ? 0.75 : 0.1) ? rng.digits(12, true) : null,
    rng.chance(0.25) ? rng.pick(NOTES) : null,
    formatDhakaDateTime(created),
    modifiedAt(rng, created, input),
  ];
}

function nameText(rng: Rng, { kind, identity, original }: CustomerRowInput): string | null {
  const text = identity.name.text;
  switch (kind) {
    case 'missing-name':
      return rng.pick([null, '', '   ']);
    case 'duplicate-email':
    case 'duplicate-mobile':
      return respell(rng, original?.name ?? identity.name);
    case 'fixable:name-spacing':
      return rng.pick([
        `  ${text}`,
        `${text}  `,
        text.replace(' ', '   '),
        ` ${text.replace(' ', '  ')} `,
      ]);
    case 'fixable:name-case':
      return rng.chance(0.5) ? text.toUpperCase() : text.toLowerCase();
    case 'fixable:mojibake':
      return mojibake(text);
    default:
      return text;
  }
}

function emailText(rng: Rng, { kind, identity, original }: CustomerRowInput): string | null {
  const email = identity.email;
  switch (kind) {
    case 'invalid-email':
      return invalidEmail(rng, email ?? 'x@mail.com');
    case 'duplicate-email':
      return recasedEmail(rng, original?.email ?? email ?? 'x@mail.com');
    case 'fixable:email-case':
      return email === null ? null : recasedEmail(rng, email);
    default:
      return email;
  }
}

function mobileText(rng: Rng, { kind, identity, original }: CustomerRowInput): string {
  if (kind === 'unformattable-mobile') return unformattableMobile(rng);
  if (kind === 'duplicate-mobile' && original !== undefined) {
    const others = MOBILE_FORMATS.map((_, i) => i).filter((i) => i !== original.mobileFormat);
    return MOBILE_FORMATS[rng.pick(others)]!(original.mobileNsn);
  }
  return MOBILE_FORMATS[identity.mobileFormat]!(identity.mobileNsn);
}

/** Landline for most businesses, sometimes a second mobile; unique per row either way. */
function phoneText(
  rng: Rng,
  input: CustomerRowInput,
  city: Parameters<typeof bdLandline>[1],
): string | null {
  if (!rng.chance(input.identity.isCompany ? 0.7 : 0.2)) return null;
  if (rng.chance(0.7)) return bdLandline(rng, city, input.index, input.salt ^ 0x1a4d_11e5);
  return `0${bdMobileNsn(rng, input.rows + input.index, input.salt)}`;
}

function creditLimit(rng: Rng, isCompany: boolean, role: number): string | null {
  if (role !== ROLE_CUSTOMER && role !== ROLE_BOTH) return rng.chance(0.5) ? null : '0.00';
  if (isCompany) return formatMinor(takaToMinor(5_000 * rng.int(10, 200)));
  return rng.weighted<() => string | null>([
    [() => null, 35],
    [() => '0.00', 20],
    [() => formatMinor(takaToMinor(1_000 * rng.int(2, 50))), 40],
    [() => formatMinor(takaToMinor(500 * rng.int(3, 40)) + 50n), 5],
  ])();
}

/** 10-digit smart card, 13-digit old card, or 17-digit card starting with the birth year. */
function nidNumber(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => rng.digits(10, true), 50],
    [() => `${rng.int(1955, 2003)}${rng.digits(13)}`, 35],
    [() => rng.digits(13, true), 15],
  ])();
}

/**
 * Monotone in the row index (customer_id order is registration order), denser toward
 * asOf as the business grew; entirely derived from asOf, never from the clock.
 */
function createdAt(rng: Rng, { index, rows, asOfMs }: CustomerRowInput): number {
  const position = Math.sqrt((index + rng.int(0, 999) / 1000) / rows);
  const offset = Math.floor((position * (HISTORY_MS - MS_PER_DAY)) / 1000) * 1000;
  return asOfMs - HISTORY_MS + offset;
}

function modifiedAt(rng: Rng, created: number, { kind, asOfMs }: CustomerRowInput): string | null {
  if (kind !== 'inactive' && !rng.chance(0.7)) return null;
  const span = Math.floor((asOfMs - created) / 1000);
  return formatDhakaDateTime(created + rng.int(0, Math.max(0, span - 1)) * 1000);
}

const NOTES = [
  'Pays by bKash',
  'Prefers Nagad payment',
  'Delivery before 8am',
  'Regular milk subscriber - 2L daily',
  'Credit approved by GM',
  'Call before delivery',
  'Eid order every year',
  'Old customer, transferred from paper ledger',
  'সকাল ৭টার আগে ডেলিভারি',
  'বাকি পরিশোধ মাসের শেষে',
  'Supplies raw milk twice daily',
  'Cheque payments only',
] as const;
