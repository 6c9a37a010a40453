import { DECIMALS } from '../../../shared/units.ts';

/** `0x12ab…cdef` for an address; anything else (a guest id) as is. */
export function shortAddress(address: string): string {
  return /^0x[0-9a-fA-F]{40}$/.test(address) ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** Which way an amount is rounded to the digits shown. */
export type Rounding = 'nearest' | 'up' | 'down';

/** Units (18 decimals) in one whole share, ETH or ORE. */
const ONE = 10n ** BigInt(DECIMALS);

/**
 * `units` (18 decimals) as a decimal with `significant` significant digits, trailing zeros
 * dropped; a whole part longer than that is shown whole (1234567 stays 1234567, never 1.235e6).
 */
function toDecimal(units: bigint, significant: number, rounding: Rounding, group: boolean): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / ONE;
  // decimals that give `significant` digits: after the whole part, or after a fraction's zeros
  const leadingZeros = whole > 0n ? 0 : DECIMALS - (abs % ONE).toString().length;
  const wholeDigits = whole > 0n ? whole.toString().length : 0;
  const decimals = Math.min(DECIMALS, Math.max(0, significant - wholeDigits + leadingZeros));
  const step = 10n ** BigInt(DECIMALS - decimals);
  const half = rounding === 'nearest' ? step / 2n : rounding === 'up' ? step - 1n : 0n;
  // rounds the magnitude: 'up' moves a negative amount away from zero
  const rounded = (abs + half) / step;
  const scale = 10n ** BigInt(decimals);
  const wholeText = (rounded / scale).toString();
  const fraction = (rounded % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  const grouped = group ? wholeText.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : wholeText;
  const text = `${grouped}${fraction ? `.${fraction}` : ''}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/**
 * A share, ETH or ORE amount (18-decimal units) for reading: 4 significant digits, thousands
 * separated, trailing zeros dropped. 400 shares → "400", 1234.5 ETH → "1,235", 0.000012345 → "0.00001235".
 */
export function formatAmount(units: bigint, significant = 4): string {
  return toDecimal(units, significant, 'nearest', true);
}

/**
 * An amount pre-filled into an input box: 6 significant digits, no separators (parseAmount reads
 * it back), rounded the way that keeps it valid (a least bid rounds up, a most-allowed down).
 */
export function amountInput(units: bigint, rounding: Rounding = 'nearest'): string {
  return toDecimal(units, 6, rounding, false);
}
