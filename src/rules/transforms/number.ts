import { fromMinorUnits, toMinorUnits } from '../../core/canonical.ts';
import {
  integerArgument,
  invalid,
  noArgument,
  ok,
  onText,
  requireArgument,
  shown,
  TransformArgumentError,
  type TransformFactory,
} from '../transform.ts';

const DECIMAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/;

export function isDecimalText(value: string): boolean {
  return DECIMAL_TEXT.test(value);
}

/** round:N and decimal:N: exactly N decimals, half away from zero, never through a float. */
function fixedPlaces(name: string): TransformFactory {
  return (arg) => {
    const places = integerArgument(name, arg, 0, 12);
    // Already exactly N decimals, no sign but '-', no leading zero, not '-0.00': unchanged.
    const canonical = new RegExp(`^-?(?:0|[1-9]\\d*)${places > 0 ? `\\.\\d{${places}}` : ''}$`);
    return onText((v) => {
      if (canonical.test(v) && !(v.charCodeAt(0) === 45 && /^-[0.]+$/.test(v))) return ok(v);
      if (!isDecimalText(v)) return invalid(`not a decimal number: ${shown(v)}`);
      return ok(fromMinorUnits(toMinorUnits(v, places), places));
    });
  };
}

export const round = fixedPlaces('round');
export const decimal = fixedPlaces('decimal');

export const abs = noArgument('abs', () =>
  onText((v) => {
    if (!isDecimalText(v)) return invalid(`not a decimal number: ${shown(v)}`);
    return ok(v.trim().replace(/^[+-]/, ''));
  }),
);

function fractionDigits(value: string): number {
  const text = value.trim();
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Exact comparison of two decimal texts: negative, zero or positive. */
export function compareDecimals(a: string, b: string): number {
  const places = Math.max(fractionDigits(a), fractionDigits(b));
  const x = toMinorUnits(a, places);
  const y = toMinorUnits(b, places);
  return x < y ? -1 : x > y ? 1 : 0;
}

function bound(name: 'min' | 'max'): TransformFactory {
  return (arg) => {
    const limit = requireArgument(name, arg);
    if (!isDecimalText(limit))
      throw new TransformArgumentError(`'${name}:${limit}': not a decimal number`);
    return onText((v) => {
      if (!isDecimalText(v)) return invalid(`not a decimal number: ${shown(v)}`);
      const c = compareDecimals(v, limit);
      if (name === 'min' && c < 0) return invalid(`${v.trim()} is below the minimum ${limit}`);
      if (name === 'max' && c > 0) return invalid(`${v.trim()} is above the maximum ${limit}`);
      return ok(v);
    });
  };
}

/** Seed 002 'min:0|max:999999999'. */
export const min = bound('min');
export const max = bound('max');

/**
 * amount: money as an export prints it, '"1,234.50"' or '-1,234.50' or ' 1234.5 ', to plain
 * decimal text; blank is NULL (an empty debit cell, which default:0 then makes zero).
 * Anything else is left for decimal/round to refuse.
 */
export const amount = noArgument('amount', () =>
  onText((v) => {
    const text = v.trim();
    if (text === '') return ok(null);
    return ok(/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text) ? text.replace(/,/g, '') : text);
  }),
);
