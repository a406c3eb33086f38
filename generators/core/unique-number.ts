import { mix32 } from './randomizer.ts';

/**
 * A bijection of [0, 10^digits): index -> a scattered number with `digits` digits. Because
 * it is a bijection, distinct rows get distinct numbers with no set of used values kept in
 * memory, which is what keeps mobiles and e-mails unique unless a duplicate is planted.
 * The multiplier comes from the salt, so two purposes (e-mail suffix, mobile) of one row
 * do not share their trailing digits.
 */
export function scatteredNumber(index: number, digits: number, salt: number): string {
  const modulus = 10n ** BigInt(digits);
  if (!Number.isSafeInteger(index) || index < 0 || BigInt(index) >= modulus) {
    throw new RangeError(`index ${index} does not fit ${digits} digits`);
  }
  const value = (BigInt(index) * multiplierOf(salt) + BigInt(mix32(salt, 0x2545f491))) % modulus;
  return value.toString().padStart(digits, '0');
}

/** Odd and not a multiple of 5, i.e. coprime with 10^k: multiplication is then a permutation. */
function multiplierOf(salt: number): bigint {
  let m = BigInt(mix32(salt, 0x68e31da4)) * 2n + 1n;
  if (m % 5n === 0n) m += 2n;
  return m;
}
