import { ONE_ETH } from '../../../shared/units.ts';

/** `0x12ab…cdef` for an address; anything else (a guest id) as is. */
export function shortAddress(address: string): string {
  return /^0x[0-9a-fA-F]{40}$/.test(address) ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** Wei as ETH with up to `decimals` decimals, trailing zeros dropped: 40000000000000000n → "0.04". */
export function formatEth(wei: bigint, decimals = 4): string {
  const negative = wei < 0n;
  const abs = negative ? -wei : wei;
  const scale = 10n ** BigInt(decimals);
  const rounded = (abs * scale + ONE_ETH / 2n) / ONE_ETH;
  const whole = rounded / scale;
  const fraction = (rounded % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
