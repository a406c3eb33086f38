import type { TransformFactory } from './transform.ts';
import { bdMobile, bdPhone, email } from './transforms/contact.ts';
import { city } from './transforms/city.ts';
import { date, dhakaToUtc, notFuture, zeroDateNull } from './transforms/date.ts';
import { fixMojibake } from './transforms/mojibake.ts';
import { abs, amount, decimal, max, min, round } from './transforms/number.ts';
import {
  alphanumeric,
  code,
  collapseSpaces,
  line,
  lower,
  maxLength,
  required,
  slug,
  titleCase,
  trim,
  upper,
} from './transforms/text.ts';
import { bool, defaultValue, map } from './transforms/value.ts';

/** Every transform a pipeline may name, by its rule-string name (seed 002 style). */
export const TRANSFORMS: Readonly<Record<string, TransformFactory>> = {
  fix_mojibake: fixMojibake,
  trim,
  collapse_spaces: collapseSpaces,
  title_case: titleCase,
  lower,
  upper,
  email,
  bd_mobile: bdMobile,
  bd_phone: bdPhone,
  map,
  default: defaultValue,
  round,
  decimal,
  abs,
  min,
  max,
  dhaka_to_utc: dhakaToUtc,
  not_future: notFuture,
  zero_date_null: zeroDateNull,
  amount,
  date,
  bool,
  line,
  city,
  max_length: maxLength,
  alphanumeric,
  code,
  slug,
  required,
};

export function transformNames(): string[] {
  return Object.keys(TRANSFORMS).sort();
}
