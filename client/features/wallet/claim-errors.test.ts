import { Interface, parseEther } from 'ethers';
import { describe, expect, it } from 'vitest';
import { landRegistryAbi } from '../../../shared/contracts.ts';
import { parcelId } from '../../../shared/world.ts';
import { describeClaimError, describeRevert, revertDataOf } from './claim-errors.ts';

const registry = new Interface(landRegistryAbi);

describe('claim errors', () => {
  it('names each LandRegistry custom error in words', () => {
    const id = parcelId(-150, 150);
    expect(describeRevert(registry.encodeErrorResult('AlreadyClaimed', [id]))).toBe(
      'Parcel -150,150 is already claimed.',
    );
    expect(
      describeRevert(registry.encodeErrorResult('Underpaid', [parseEther('0.04'), parseEther('0.01')])),
    ).toBe('Underpaid: the parcel costs 0.04 ETH but 0.01 ETH was sent.');
    expect(describeRevert(registry.encodeErrorResult('OffMap', [151, -3]))).toBe(
      'Parcel 151,-3 is off the map.',
    );
  });

  it('says so when the revert data is no known error', () => {
    expect(describeRevert('0xdeadbeef')).toBe('The transaction reverted (revert data 0xdeadbeef).');
    expect(describeRevert('0x')).toBe('The transaction reverted (revert data 0x).');
  });

  it('finds revert data nested in ethers and JSON-RPC errors', () => {
    const data = registry.encodeErrorResult('AlreadyClaimed', [7]);
    expect(revertDataOf({ code: 'CALL_EXCEPTION', data })).toBe(data);
    expect(revertDataOf({ info: { error: { code: 3, message: 'execution reverted', data } } })).toBe(data);
    expect(revertDataOf({ error: { data: '0x' } })).toBeNull();
    expect(revertDataOf('nope')).toBeNull();
    expect(describeClaimError({ error: { data } })).toMatch(/already claimed/);
  });

  it('explains errors without revert data', () => {
    expect(describeClaimError({ code: 'INSUFFICIENT_FUNDS' })).toBe(
      'Not enough ETH in your wallet for this claim.',
    );
    expect(describeClaimError(new Error('socket hang up'))).toBe('The claim failed: socket hang up');
    const reasonless = describeClaimError({ code: 'CALL_EXCEPTION', shortMessage: 'missing revert data' });
    expect(reasonless).toMatch(/^The claim was refused without a reason/);
    expect(reasonless).not.toMatch(/missing revert data/);
  });
});
