import { Interface } from 'ethers';
import { landRegistryAbi } from '../../../shared/contracts.ts';
import { formatCoords, isParcelId, parcelCoords } from '../../../shared/world.ts';
import { formatAmount } from './format.ts';
import { findInError, WalletRefusal } from './wallet-errors.ts';

const registry = new Interface(landRegistryAbi);

function parcelName(id: bigint): string {
  const n = Number(id);
  return isParcelId(n) ? `Parcel ${formatCoords(parcelCoords(n))}` : `Parcel #${id}`;
}

/** The LandRegistry custom error in `data` (ABI-encoded revert data) in words. */
export function describeRevert(data: string): string {
  let parsed: ReturnType<Interface['parseError']>;
  try {
    parsed = registry.parseError(data);
  } catch {
    parsed = null;
  }
  if (!parsed) return `The transaction reverted (revert data ${data.slice(0, 10) || 'empty'}).`;
  const args = parsed.args;
  switch (parsed.name) {
    case 'AlreadyClaimed':
      return `${parcelName(args[0] as bigint)} is already claimed.`;
    case 'Underpaid':
      return `Underpaid: the parcel costs ${formatAmount(args[0] as bigint, 6)} ETH but ${formatAmount(args[1] as bigint, 6)} ETH was sent.`;
    case 'OffMap':
      return `Parcel ${args[0]},${args[1]} is off the map.`;
    default:
      return `The contract refused: ${parsed.name}(${args.map(String).join(', ')}).`;
  }
}

/** Hex revert data carried somewhere in an ethers or JSON-RPC error, or null. */
export function revertDataOf(error: unknown): string | null {
  return (
    findInError(
      error,
      (record) =>
        typeof record.data === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(record.data) ? record.data : undefined,
      (record) => [record.data, record.error, record.info, record.cause],
    ) ?? null
  );
}

/** Why a claim failed, in words: the wallet's refusal, or the decoded custom error when the contract reverted. */
export function describeClaimError(error: unknown): string {
  if (error instanceof WalletRefusal) return error.message;
  const data = revertDataOf(error);
  if (data) return describeRevert(data);
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  if (record.code === 'INSUFFICIENT_FUNDS') return 'Not enough ETH in your wallet for this claim.';
  // "missing revert data" / "transaction execution reverted": ethers' words never reach a player
  if (record.code === 'CALL_EXCEPTION')
    return 'The claim was refused without a reason (often too little ETH for the price and gas).';
  const message = record.shortMessage ?? record.message ?? String(error);
  return `The claim failed: ${String(message)}`;
}
