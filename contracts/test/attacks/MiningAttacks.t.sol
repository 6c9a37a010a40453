// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OreMiner} from "../../src/OreMiner.sol";
import {Fixture} from "../utils/Fixture.sol";

/// @notice Attempts to mine ahead, each refused: solutions precomputed for a parcel's first
/// challenge before its claim, solutions precomputed for the challenge after one's own solution,
/// and a burst of solutions to swing the target.
contract MiningAttacksTest is Fixture {
    /// A solution every ~4096 nonces, so a nonce found for the wrong challenge almost surely misses.
    uint256 internal constant HARD_TARGET = type(uint256).max >> 12;

    function _deployMiner(OreMiner.Config memory config) internal override returns (OreMiner) {
        config.initialTarget = HARD_TARGET;
        return new OreMiner(land, config, auctionTimes());
    }

    /// First nonce meeting the target for `who` on `challenge` (what a miner ahead would compute).
    function solveFor(bytes32 challenge, address who) internal view returns (uint256 nonce) {
        uint256 target = miner.getMiningTarget();
        while (uint256(keccak256(abi.encodePacked(challenge, who, nonce))) > target) nonce++;
    }

    function refused(uint256 parcelId, address who, uint256 nonce) internal {
        bytes32 digest = keccak256(abi.encodePacked(miner.challenge(parcelId), who, nonce));
        VM.prank(who);
        VM.expectRevert(abi.encodeWithSelector(OreMiner.AboveTarget.selector, digest, HARD_TARGET));
        miner.mine(parcelId, nonce);
    }

    function test_aParcelCannotBeMinedAheadOfItsClaim() public {
        uint256 parcelId = land.parcelIdOf(40, 40);
        // Before the claim: the challenge an attacker could know (and mine against) at deployment.
        bytes32 knownAtDeploy = miner.challenge(parcelId);
        uint256 ahead = solveFor(knownAtDeploy, BOB);
        VM.roll(block.number + 100);
        bytes32 seed = keccak256("the hash of the block before the claim");
        VM.setBlockhash(block.number - 1, seed);
        claimParcel(BOB, 40, 40);
        assertEq(land.claimSeed(parcelId), seed, "the claim recorded the last block's hash");
        assertEq(
            miner.challenge(parcelId),
            keccak256(abi.encodePacked(address(miner), parcelId, seed)),
            "the first challenge mixes the seed in"
        );
        refused(parcelId, BOB, ahead);
    }

    function test_theNextChallengeCannotBeMinedAheadOfTheSolutionsBlock() public {
        uint256 parcelId = claimParcel(BOB, 41, 41);
        uint256 nonce = solve(parcelId, BOB);
        bytes32 digest = keccak256(abi.encodePacked(miner.challenge(parcelId), BOB, nonce));
        // Before the solution lands, the miner knows its digest: under the old rule that was the
        // next challenge, so it could mine the next solution before sending this one.
        uint256 ahead = solveFor(digest, BOB);
        VM.roll(block.number + 1);
        bytes32 lastBlock = keccak256("the hash of the block before the solution's");
        VM.setBlockhash(block.number - 1, lastBlock);
        VM.prank(BOB);
        miner.mine(parcelId, nonce);
        assertEq(
            miner.challenge(parcelId), keccak256(abi.encodePacked(digest, lastBlock)), "digest and block hash"
        );
        VM.roll(block.number + 1);
        refused(parcelId, BOB, ahead);
    }
}

/// @notice With the fixture's easy target: a burst of solutions moves the target one bounded step.
contract RetargetBurstTest is Fixture {
    function test_aBurstOfSolutionsMovesTheTargetOneBoundedStep() public {
        uint256 parcelId = claimParcel(BOB, 42, 42);
        uint256 start = miner.getMiningTarget();
        // A period at the wanted pace: four solutions in four intervals leave the target as it is.
        for (uint256 i = 0; i < 4; i++) {
            mineAs(BOB, parcelId);
        }
        assertEq(miner.getMiningTarget(), start, "on pace");
        // A burst: forty solutions within one second. Retargeting every four solutions, as before,
        // would have made the target 4^10 times harder; now the period is not over yet.
        for (uint256 i = 0; i < 40; i++) {
            uint256 nonce = solve(parcelId, BOB);
            VM.prank(BOB);
            miner.mine(parcelId, nonce);
        }
        assertEq(miner.getMiningTarget(), start, "no step within a period");
        VM.warp(block.timestamp + RETARGET_PERIOD);
        mineAs(BOB, parcelId);
        assertEq(miner.getMiningTarget(), start / 4, "one step, bounded to /4");
    }
}
