/**
 * Amounts of money and plain numbers as the estimate and its table print them: fixed
 * decimals, no locale, so the output is the same on every machine.
 */

/** Rounds half up to cents, ignoring binary floating-point noise (16.425 → 16.43). */
export function roundCents(usd: number): number {
  return Math.round(Number((usd * 100).toPrecision(12))) / 100;
}

/** `1` → `1`, `0.25` → `0.25`, `1.5` → `1.5`: no locale, no trailing zeros. */
export function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** `16.43` → `16.43`, `0` → `0.00`. Fixed two decimals, no locale. */
export function formatUsd(usd: number): string {
  return roundCents(usd).toFixed(2);
}

/** A unit price with at least two decimals and no rounding: `0.5` → `$0.50`, `0.045` → `$0.045`. */
export function formatUnitPrice(usd: number): string {
  const [whole, frac = ''] = num(usd).split('.');
  return `$${whole}.${frac.padEnd(2, '0')}`;
}
