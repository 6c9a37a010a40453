/**
 * Wallet refusals in words. No ethers here: the wallet service in the initial bundle uses them.
 */

/** EIP-1193: the player rejected the request in their wallet. */
export const USER_REJECTED = 4001;
/** EIP-3326: the wallet does not know the chain it was asked to switch to. */
export const UNRECOGNIZED_CHAIN = 4902;

/**
 * A request the wallet (or the player in it) refused, or one not sent because the wallet is on
 * another network. Nothing was sent; the message is fit to show as it is.
 */
export class WalletRefusal extends Error {
  override name = 'WalletRefusal';
}

/**
 * Whether `error` carries EIP-1193 error `code`. Some wallets nest the code of a failed switch
 * (`data.originalError.code` under a generic -32603) or wrap the wallet's error (`cause`, `error`).
 */
export function hasRpcCode(error: unknown, code: number): boolean {
  return (
    findInError(
      error,
      (record) => (record.code === code ? true : undefined),
      (record) => [
        (record.data as Record<string, unknown> | undefined)?.originalError,
        record.cause,
        record.error,
      ],
    ) ?? false
  );
}

type ErrorRecord = Record<string, unknown>;

/**
 * The first defined `pick` of `error` or of an error nested in it, breadth first through
 * `nested` (each object visited once): wallets and ethers wrap what matters at varying depths.
 */
export function findInError<T>(
  error: unknown,
  pick: (record: ErrorRecord) => T | undefined,
  nested: (record: ErrorRecord) => unknown[],
): T | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    const record = next as ErrorRecord;
    const found = pick(record);
    if (found !== undefined) return found;
    queue.push(...nested(record));
  }
  return undefined;
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return String(record.shortMessage ?? record.message ?? error);
}

/** Networks a player's wallet is commonly on, by chain id. */
const CHAIN_NAMES: Record<number, string> = {
  1: 'Ethereum',
  10: 'OP Mainnet',
  137: 'Polygon',
  8453: 'Base',
  42161: 'Arbitrum One',
  11155111: 'Sepolia',
};

/** "Ethereum (chain 1)", or "chain 5000" for a network not named here. */
export function chainLabel(chainId: number): string {
  const name = CHAIN_NAMES[chainId];
  return name ? `${name} (chain ${chainId})` : `chain ${chainId}`;
}

/** What the wrong-network prompt says, and why a transaction was not sent. */
export function wrongNetworkMessage(walletChainId: number, gameChainId: number): string {
  return `Wrong network: ${chainLabel(walletChainId)}; switch to chain ${gameChainId}.`;
}

/** Why transactions are held back now (a browser wallet on another network than the game's), or null. */
export function networkProblem(walletChainId: number | null, gameChainId: number | undefined): string | null {
  if (walletChainId === null || gameChainId === undefined || walletChainId === gameChainId) return null;
  return wrongNetworkMessage(walletChainId, gameChainId);
}
