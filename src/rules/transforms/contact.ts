import { invalid, noArgument, ok, shown, type TransformResult } from '../transform.ts';

// Seed 000 §5.3 clean_email.
const EMAIL = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;

/** Validates an address; empty means "no email" and becomes NULL (seed 000 §5.3). */
export const email = noArgument('email', () => (value) => {
  if (value === null || value === '') return ok(null);
  return EMAIL.test(value) ? ok(value) : invalid(`not a valid email: ${shown(value)}`);
});

const BD_MOBILE = /^\+8801[3-9]\d{8}$/;

/**
 * Seed 000 §5.3 clean_phone_number, prefix rules kept as written ('01...' gets '+88', which
 * yields +8801...), made strict: the result must be a real Bangladeshi mobile number.
 */
export function cleanBdMobile(value: string): TransformResult {
  // Only a blank is "no number"; 'n/a' is a value that failed, and is reported as one.
  if (value.trim() === '') return ok(null);
  const cleaned = value.replace(/[^\d+]/g, '');
  const formatted = withCountryCode(cleaned);
  if (formatted === null || !BD_MOBILE.test(formatted)) {
    return invalid(`not a Bangladeshi mobile number: ${shown(value)}`);
  }
  return ok(formatted);
}

function withCountryCode(cleaned: string): string | null {
  if (cleaned.startsWith('+880')) return cleaned;
  if (cleaned.startsWith('880')) return '+' + cleaned;
  if (cleaned.startsWith('01')) return '+88' + cleaned;
  if (cleaned.startsWith('1')) return '+880' + cleaned;
  return null;
}

export const bdMobile = noArgument(
  'bd_mobile',
  () => (value) => (value === null ? ok(null) : cleanBdMobile(value)),
);

// National significant numbers: mobiles 1[3-9]xxxxxxxx; landlines an area code not starting
// with 0 or 1 (2 = Dhaka, 31 = Chattogram, 721 = Rajshahi, ...) and the subscriber number,
// 8 to 10 digits in all.
const BD_MOBILE_NSN = /^1[3-9]\d{8}$/;
const BD_LANDLINE_NSN = /^[2-9]\d{7,9}$/;

/** Landline or mobile, to +880 and the national significant number. */
export function cleanBdPhone(value: string): TransformResult {
  if (value.trim() === '') return ok(null);
  const cleaned = value.replace(/[^\d+]/g, '');
  const nsn = nationalNumber(cleaned);
  if (nsn !== null && (BD_MOBILE_NSN.test(nsn) || BD_LANDLINE_NSN.test(nsn)))
    return ok('+880' + nsn);
  return invalid(`not a Bangladeshi phone number: ${shown(value)}`);
}

function nationalNumber(cleaned: string): string | null {
  if (cleaned.startsWith('+880')) return cleaned.slice(4);
  if (cleaned.startsWith('880') && cleaned.length >= 11) return cleaned.slice(3);
  if (cleaned.startsWith('0')) return cleaned.slice(1);
  if (BD_MOBILE_NSN.test(cleaned)) return cleaned;
  return null;
}

export const bdPhone = noArgument(
  'bd_phone',
  () => (value) => (value === null ? ok(null) : cleanBdPhone(value)),
);
