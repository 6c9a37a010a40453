import { Interface, type InterfaceAbi, parseEther, ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import { fractionalizerAbi, landRegistryAbi, shareVaultAbi } from '../../../shared/contracts.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { describeChainError, describeCustomError } from './revert-reasons.ts';

/**
 * Errors no player action meets: OpenZeppelin library checks the contracts never trip (clone
 * arguments, approvals from or to the zero address, reentrancy) and the constructor's and the
 * factory's own checks.
 */
const NOT_FROM_PLAYERS = new Set([
  'CloneArgumentsTooLong',
  'FailedDeployment',
  'InsufficientBalance',
  'ERC20InvalidApprover',
  'ERC20InvalidSender',
  'ERC20InvalidSpender',
  'ReentrancyGuardReentrantCall',
  'InvalidAuctionTimes',
  'InvalidStyleVotePeriod',
  'NotFractionalizer',
]);

/** The registry's refusals of a style (its claim refusals are described in claim-errors). */
const STYLE_ERRORS_OF_THE_REGISTRY = (landRegistryAbi as readonly { type: string; name?: string }[]).filter(
  (item) => item.type === 'error' && (item.name === 'NotYourParcel' || item.name === 'UnknownStyle'),
);

describe('describeCustomError', () => {
  it('puts every refusal of the vault and the fractionalizer into words of their own', () => {
    for (const abi of [fractionalizerAbi, shareVaultAbi, STYLE_ERRORS_OF_THE_REGISTRY]) {
      const contract = new Interface(abi as InterfaceAbi);
      contract.forEachError((error) => {
        if (NOT_FROM_PLAYERS.has(error.name)) return;
        const args = error.inputs.map((input) =>
          input.type === 'address' ? ZeroAddress : input.type === 'uint8' ? 0n : 1_700_000_000n,
        );
        const words = describeCustomError(contract.encodeErrorResult(error, args));
        expect(words, error.name).not.toBeNull();
        expect(words, error.name).not.toMatch(/^The contract refused/);
      });
    }
  });

  it('names the valuation a reserve undercuts and when votes count', () => {
    const fractionalizer = new Interface(fractionalizerAbi as InterfaceAbi);
    const vault = new Interface(shareVaultAbi as InterfaceAbi);
    expect(
      describeCustomError(
        fractionalizer.encodeErrorResult('ReserveBelowValuation', [parseEther('0.001'), parseEther('10')]),
      ),
    ).toMatch(/^This reserve is below the offering's valuation of 10 ETH/);
    expect(describeCustomError(vault.encodeErrorResult('NoQuorum', [0n, parseEther('1000')]))).toContain(
      'Votes count from the block after they are cast',
    );
    expect(
      describeCustomError(vault.encodeErrorResult('WrongState', [VaultState.Inactive, VaultState.Locked])),
    ).toContain('vault template');
  });
});

describe('describeChainError', () => {
  it("never passes ethers' reasonless refusals on to the player", () => {
    const simulated = { code: 'CALL_EXCEPTION', shortMessage: 'missing revert data', data: null };
    const mined = { code: 'CALL_EXCEPTION', shortMessage: 'transaction execution reverted', receipt: {} };
    for (const error of [simulated, mined]) {
      const words = describeChainError(error, 'Swapping');
      expect(words).toMatch(/^Swapping failed: /);
      expect(words).not.toMatch(/missing revert data|execution reverted/);
    }
    expect(describeChainError(mined, 'Swapping')).toMatch(/refused when mined/);
  });
});
