/** 'X.YY' from integer minor units (paisa), so no amount ever passes through a float. */
export function formatMinor(minor: bigint | number): string {
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

export function takaToMinor(taka: number): bigint {
  if (!Number.isSafeInteger(taka)) throw new RangeError(`taka must be an integer: ${taka}`);
  return BigInt(taka) * 100n;
}
