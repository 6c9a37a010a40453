/** Units per whole share or ETH (both have 18 decimals). */
const ONE = 10n ** 18n;

/**
 * A decimal amount typed by the player ("12.5") as 18-decimal units; throws a message in words.
 * Written without ethers so the panels stay in the initial bundle without it.
 */
export function parseAmount(text: string, what: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,18}))?$/.exec(text.trim());
  if (!match) throw new Error(`${what}: enter a number such as 12.5`);
  return BigInt(match[1] as string) * ONE + BigInt((match[2] ?? '').padEnd(18, '0'));
}
