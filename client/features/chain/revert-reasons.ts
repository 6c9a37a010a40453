import { Interface, type InterfaceAbi } from 'ethers';
import {
  fractionalizerAbi,
  landRegistryAbi,
  oreMinerAbi,
  oreTokenAbi,
  parcelStakingAbi,
  shareVaultAbi,
} from '../../../shared/contracts.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { formatCoords, isParcelId, parcelCoords } from '../../../shared/world.ts';
import { describeRevert, revertDataOf } from '../wallet/claim-errors.ts';
import { formatAmount } from '../wallet/format.ts';
import { WalletRefusal } from '../wallet/wallet-errors.ts';

/** The registry's errors of choosing a parcel's style: described here, the claim's in claim-errors. */
const STYLE_ERRORS = new Set(['NotYourParcel', 'UnknownStyle']);

/** Every custom error a player action can meet, by name (selectors are unique per signature). */
const errors = new Interface(
  [fractionalizerAbi, shareVaultAbi, parcelStakingAbi, oreMinerAbi, oreTokenAbi, landRegistryAbi]
    .flatMap((abi) => (abi as readonly { type: string }[]).filter((item) => item.type === 'error'))
    .filter(
      // the same error in two contracts (ZeroAmount, PullPayments' errors) is listed once
      (item, index, all) =>
        all.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) === index,
    ) as InterfaceAbi,
);
const registryErrors = new Set(
  (landRegistryAbi as readonly { type: string; name?: string }[])
    .filter(
      (item) => item.type === 'error' && item.name !== 'Underpaid' && !STYLE_ERRORS.has(item.name ?? ''),
    )
    .map((item) => item.name),
);

/** ShareVault.State in words. */
const VAULT_STATE: Record<VaultState, string> = {
  [VaultState.Inactive]: 'open (no buyout)',
  [VaultState.Live]: 'in a buyout auction',
  [VaultState.Ended]: 'bought out',
  [VaultState.Redeemed]: 'redeemed',
  [VaultState.Locked]: 'the vault template (it holds no parcel)',
};
/** A state a `WrongState` error names, in words. */
const stateText = (state: unknown) => VAULT_STATE[Number(state) as VaultState] ?? 'in another state';

/** Significant digits of amounts in refusals: enough to tell a bid from the least bid it missed. */
const REFUSAL_DIGITS = 6;

function amount(units: unknown): string {
  return formatAmount(units as bigint, REFUSAL_DIGITS);
}

function eth(wei: unknown): string {
  return `${amount(wei)} ETH`;
}

function shares(units: unknown): string {
  return `${amount(units)} shares`;
}

function parcelName(id: unknown): string {
  const n = Number(id as bigint);
  return isParcelId(n) ? `Parcel ${formatCoords(parcelCoords(n))}` : `Parcel #${String(id)}`;
}

function time(seconds: unknown): string {
  return new Date(Number(seconds as bigint) * 1000).toISOString().slice(11, 19);
}

/** The custom error in ABI-encoded revert `data` in words, or null when it is none of ours. */
export function describeCustomError(data: string): string | null {
  let parsed: ReturnType<Interface['parseError']> = null;
  try {
    parsed = errors.parseError(data);
  } catch {
    parsed = null;
  }
  if (!parsed) return null;
  const a = parsed.args;
  switch (parsed.name) {
    case 'Underpaid':
      return `Underpaid: it costs ${eth(a[0])} but ${eth(a[1])} was sent.`;
    case 'NotParcelOwner':
      return `${parcelName(a[0])} is not yours to fractionalize.`;
    case 'ZeroSupply':
      return 'The share supply must be more than zero.';
    case 'ZeroReserve':
      return 'The reserve price must be more than zero.';
    case 'OfferExceedsSupply':
      return `The offering (${shares(a[0])}) is larger than the supply (${shares(a[1])}).`;
    case 'OfferPriceTooHigh':
      return `The offering price ${eth(a[0])} per share is too high.`;
    case 'SupplyTooLarge':
      return `The share supply ${shares(a[0])} is too large: at most ${shares(a[1])}.`;
    case 'ReserveTooHigh':
      return `The reserve price ${eth(a[0])} is too high: at most ${eth(a[1])}.`;
    case 'ReserveBelowValuation':
      return `This reserve is below the offering's valuation of ${eth(a[1])} (offering price × supply): holders who buy at the offering price must not be bought out for less.`;
    case 'WrongState':
      return `Not possible now: the vault is ${stateText(a[1])}, this needs it ${stateText(a[0])}.`;
    case 'NotAnUpdate':
      return `Your reserve vote is already ${eth(a[0])}.`;
    case 'ReserveOutOfRange':
      return `A reserve vote of ${eth(a[0])} is out of range: it must lie between ${eth(a[1])} and ${eth(a[2])} (a fifth to five times the curator's reserve, never below the offering's valuation).`;
    case 'NoShares':
      return 'You hold no shares of this parcel.';
    case 'OfferingSoldOut':
      return `Only ${shares(a[1])} are left in the offering (${shares(a[0])} asked).`;
    case 'NoQuorum':
      return `No quorum: holders of ${shares(a[0])} of ${shares(a[1])} vote a reserve; a buyout needs 25 %. Votes count from the block after they are cast.`;
    case 'BelowReserve':
      return `The bid of ${eth(a[0])} is below the reserve price of ${eth(a[1])} (votes count from the block after they are cast).`;
    case 'TransferToVault':
      return 'Shares cannot be sent to the vault itself: nobody could get them back.';
    case 'StakeThroughStaking':
      return 'Shares go to the staking contract only by staking them (Stake), which keeps their vote.';
    case 'BidTooLow':
      return `Bid too low: ${eth(a[0])} sent, at least ${eth(a[1])} (5 % over the last bid) needed.`;
    case 'AuctionOver':
      return `The auction ended at ${time(a[0])} UTC: no more bids.`;
    case 'AuctionNotOver':
      return `The auction runs until ${time(a[0])} UTC: it cannot be ended or cashed yet.`;
    case 'NotAllShares':
      return `Redeeming needs every share: you hold ${shares(a[0])} of ${shares(a[1])}.`;
    case 'ZeroAmount':
      return 'The amount must be more than zero.';
    case 'InsufficientStake':
      return `You have only ${shares(a[1])} staked (${shares(a[0])} asked).`;
    case 'NothingToClaim':
      return 'There is nothing to claim yet.';
    case 'NothingToWithdraw':
      return 'There is nothing to withdraw.';
    case 'NotMiner':
      return 'Only the ORE miner credits mined ORE to a staking pool; anyone else adds ORE with fund, which takes it from their own wallet.';
    case 'RewardTokenNotStakeable':
      return 'ORE cannot be staked: only parcel shares earn in staking pools.';
    case 'NothingToRecover':
      return 'The staking contract holds nothing extra of this token: there is nothing to recover or sweep.';
    case 'PoolStillActive':
      return 'This pool is still active: its leftover rewards can be swept only after the parcel left the vault (bought out or redeemed) and every share was unstaked.';
    case 'InvalidRewardPeriod':
      return `A reward period of ${String(a[0])} seconds is invalid: it must lie between 1 second and 30 days.`;
    case 'ParcelUnclaimed':
      return `${parcelName(a[0])} is unclaimed: it has no rig.`;
    case 'MaxRigLevel':
      return `The rig on ${parcelName(a[0])} is at its top level (${String(a[1])}).`;
    case 'NotYourParcel':
      return `${parcelName(a[0])} is not yours: only its owner chooses its style (a co-owned parcel's holders, by vote).`;
    case 'UnknownStyle':
      return `Style ${String(a[0])} in colour ${String(a[1])} is not one the game draws.`;
    case 'ProposalOpen':
      return `A style proposal is open until ${time(a[1])} UTC: vote on it, or propose once it closes.`;
    case 'BelowProposalThreshold':
      return `Proposing a style needs ${shares(a[1])} (1 % of the supply, held or staked); you have ${shares(a[0])}.`;
    case 'NoOpenProposal':
      return 'No style proposal is open.';
    case 'AlreadyVoted':
      return 'You already voted on this style proposal.';
    case 'VotingClosed':
      return `Voting on this style closed at ${time(a[0])} UTC.`;
    case 'VotingNotOver':
      return `Voting on this style runs until ${time(a[0])} UTC: it cannot be settled yet.`;
    case 'NoVotingWeight':
      return 'You hold no shares of this parcel (held or staked) to vote with.';
    case 'ERC20InsufficientBalance':
      return `Not enough tokens: you have ${amount(a[1])}, ${amount(a[2])} needed.`;
    case 'ERC20InvalidReceiver':
      return 'Tokens cannot be sent to the zero address.';
    case 'PaymentFailed':
      return `Paying ${eth(a[1])} to ${String(a[0])} failed: that account refuses ETH.`;
    case 'ERC20InsufficientAllowance':
      return 'The contract was not allowed to move these tokens.';
    default:
      return `The contract refused: ${parsed.name}(${a.map(String).join(', ')}).`;
  }
}

function isRegistryError(data: string): boolean {
  try {
    const name = new Interface(landRegistryAbi as InterfaceAbi).parseError(data)?.name;
    return name !== undefined && registryErrors.has(name);
  } catch {
    return false;
  }
}

/** Selector of Solidity's Error(string), the revert of `require(cond, "reason")`. */
const ERROR_STRING_SELECTOR = '0x08c379a0';

/** The router's refusals when an output falls below the minimum the player's slippage limit set. */
const SLIPPAGE_REASONS = /^UniswapV2Router: INSUFFICIENT_(OUTPUT|A|B)_AMOUNT$/;

/** Codes ethers gives when the JSON-RPC endpoint (the chain or the game server) does not answer. */
const UNREACHABLE = new Set(['NETWORK_ERROR', 'SERVER_ERROR', 'TIMEOUT']);

/**
 * Why `action` (a verb phrase, "Buying shares") failed, in words: the decoded custom error of
 * any Fracterra contract, a Uniswap reason string, a missing balance, or a chain that is away.
 */
export function describeChainError(error: unknown, action: string): string {
  // the wallet held it back (wrong network) or the player rejected it: its own words
  if (error instanceof WalletRefusal) return `${action}: ${error.message}`;
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const data = revertDataOf(error);
  if (data && !data.startsWith(ERROR_STRING_SELECTOR)) {
    return isRegistryError(data) ? describeRevert(data) : (describeCustomError(data) ?? describeRevert(data));
  }
  // ethers decodes Error(string) reverts (Uniswap's) into `reason`
  if (typeof record.reason === 'string' && record.reason) {
    const reason = record.reason.replace(/^UniswapV2(Router|Library|Pair)?: /, 'the pool refused: ');
    const why = SLIPPAGE_REASONS.test(record.reason)
      ? ' (the pool price is further from your quote than your slippage limit allows; quote again or allow more)'
      : '';
    return `${action} failed: ${reason}${why}.`;
  }
  if (record.code === 'INSUFFICIENT_FUNDS') return `${action} failed: not enough ETH in your wallet.`;
  // a refusal with no reason ("missing revert data", "transaction execution reverted"): ethers' words never reach a player
  if (record.code === 'CALL_EXCEPTION') {
    return record.receipt
      ? `${action} failed: it was refused when mined (the chain changed after it was checked, say another player acted first). Only its gas was spent; try again.`
      : `${action} failed: the contract refused it without a reason (often too little ETH or too few tokens for it). Nothing was sent.`;
  }
  if (typeof record.code === 'string' && UNREACHABLE.has(record.code)) {
    return `${action} failed: the chain does not answer. Nothing was sent; try again when it is back.`;
  }
  const message = record.shortMessage ?? record.message ?? String(error);
  if (/fetch|ECONNREFUSED|socket|network/i.test(String(message))) {
    return `${action} failed: the chain does not answer. Nothing was sent; try again when it is back.`;
  }
  return `${action} failed: ${String(message)}`;
}
