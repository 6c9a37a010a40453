import { DECIMALS } from '../../../shared/units.ts';

/**
 * A decimal amount typed by the player ("12.5") as 18-decimal units; throws a message in words.
 * Written without ethers so the panels stay in the initial bundle without it.
 */
export function parseAmount(text: string, what: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(text.trim());
  if (!match) throw new Error(`${what}: enter a number such as 12.5`);
  // the digits of the whole part, then of the fraction padded to DECIMALS places: units
  return BigInt(`${match[1]}${(match[2] ?? '').padEnd(DECIMALS, '0')}`);
}
