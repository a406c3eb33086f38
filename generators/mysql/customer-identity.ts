import {
  bdEmail,
  bdMobileNsn,
  NOISY_MOBILE_FORMATS,
  PLAIN_MOBILE_FORMATS,
} from '../core/bd-contact.ts';
import { bdPersonName, bdShopName, bdSupplierName } from '../core/bd-person.ts';
import type { BdName, NameScript } from '../core/bd-person.ts';
import type { Rng } from '../core/rng.ts';
import { scatteredNumber } from '../core/unique-number.ts';
import type { CustomerDirtKind } from './customer-dirt.ts';
import { ROLE_CUSTOMER } from './customer-plan.ts';

/**
 * The part of a customer row a duplicate copies: who it is and how to reach it. Drawn from
 * its own stream at the row's index, so a later duplicate regenerates it on demand.
 */
export interface CustomerIdentity {
  name: BdName;
  isCompany: boolean;
  /** Clean lowercase address, or null when the customer gave none. */
  email: string | null;
  /** 10-digit national significant number, e.g. '1712345678'. */
  mobileNsn: string;
  /** Index into MOBILE_FORMATS of the way this row writes it. */
  mobileFormat: number;
}

const EMAIL_SALT = 0x5eed_e3a1;

export interface IdentityContext {
  rows: number;
  salt: number;
}

export function customerIdentity(
  rng: Rng,
  index: number,
  role: number,
  kind: CustomerDirtKind | undefined,
  emailRequired: boolean,
  ctx: IdentityContext,
): CustomerIdentity {
  // Mojibake is planted in Bengali script, which only people's names are written in.
  const isCompany = kind !== 'fixable:mojibake' && rng.chance(role === ROLE_CUSTOMER ? 0.18 : 0.55);
  const name = isCompany
    ? role === ROLE_CUSTOMER
      ? bdShopName(rng)
      : bdSupplierName(rng)
    : bdPersonName(rng, scriptFor(kind));
  const needsEmail =
    emailRequired ||
    kind === 'fixable:email-case' ||
    kind === 'invalid-email' ||
    kind === 'duplicate-email';
  const hasEmail = needsEmail || rng.chance(isCompany ? 0.85 : 0.55);
  const emailDigits = scatteredNumber(index, emailDigitCount(ctx.rows), ctx.salt ^ EMAIL_SALT);
  const email = hasEmail ? bdEmail(rng, name.latin, emailDigits) : null;
  const mobileNsn = bdMobileNsn(rng, index, ctx.salt);
  const mobileFormat =
    kind === 'fixable:mobile-format'
      ? rng.pick(NOISY_MOBILE_FORMATS)
      : rng.weighted(PLAIN_MOBILE_FORMATS);
  return { name, isCompany, email, mobileNsn, mobileFormat };
}

function scriptFor(kind: CustomerDirtKind | undefined): NameScript {
  if (kind === 'fixable:mojibake') return 'bengali';
  // Case and spacing noise need Latin letters to be visible.
  if (kind === 'fixable:name-case' || kind === 'fixable:name-spacing') return 'latin';
  return 'any';
}

/** Room for ten times the rows, so the scattered suffixes do not look sequential. */
export function emailDigitCount(rows: number): number {
  return Math.max(4, String(rows * 10).length);
}
