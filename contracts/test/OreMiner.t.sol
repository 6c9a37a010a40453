// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {LandRegistry} from "../src/LandRegistry.sol";
import {OreMiner} from "../src/OreMiner.sol";
import {OreToken} from "../src/OreToken.sol";
import {ParcelStaking} from "../src/ParcelStaking.sol";
import {ShareVault} from "../src/ShareVault.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev OreMiner with test hooks to put a parcel on a given challenge and target (the shared vectors).
contract OreMinerHarness is OreMiner {
    mapping(uint256 parcelId => bool) private _forced;
    mapping(uint256 parcelId => bytes32) private _forcedChallenge;

    constructor(LandRegistry land_, Config memory config, ShareVault.VaultTimes memory auction)
        OreMiner(land_, config, auction)
    {}

    function forceChallenge(uint256 parcelId, bytes32 value) external {
        _forced[parcelId] = true;
        _forcedChallenge[parcelId] = value;
    }

    function forceTarget(uint256 value) external {
        _miningTarget = value;
    }

    function challenge(uint256 parcelId) public view override returns (bytes32) {
        return _forced[parcelId] ? _forcedChallenge[parcelId] : super.challenge(parcelId);
    }
}

contract OreMinerTest is Fixture {
    uint256 internal parcel;

    function _deployMiner(OreMiner.Config memory config) internal override returns (OreMiner) {
        return new OreMinerHarness(land, config, auctionTimes());
    }

    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, 5, 5);
    }

    function test_constructorRejectsBadConfig() public {
        OreMiner.Config memory config = minerConfig();
        config.initialTarget = 0;
        VM.expectRevert(abi.encodeWithSelector(OreMiner.InvalidConfig.selector));
        new OreMiner(land, config, auctionTimes());
        config = minerConfig();
        config.initialTarget = miner.MAX_TARGET() + 1;
        VM.expectRevert(abi.encodeWithSelector(OreMiner.InvalidConfig.selector));
        new OreMiner(land, config, auctionTimes());
        config = minerConfig();
        config.retargetPeriod = SOLUTION_INTERVAL - 1;
        VM.expectRevert(abi.encodeWithSelector(OreMiner.InvalidConfig.selector));
        new OreMiner(land, config, auctionTimes());
        config = minerConfig();
        config.rewardPeriod = 0;
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.InvalidRewardPeriod.selector, 0));
        new OreMiner(land, config, auctionTimes());
        config = minerConfig();
        config.maxRigLevel = 65;
        VM.expectRevert(abi.encodeWithSelector(OreMiner.InvalidConfig.selector));
        new OreMiner(land, config, auctionTimes());
    }

    function test_liquiditySeedIsMintedOnceToTheDeployer() public {
        assertEq(ore.totalSupply(), 0, "no seed: no ORE before the first solution");
        OreMiner.Config memory config = minerConfig();
        config.liquiditySeed = 1000 ether;
        VM.prank(DAVE);
        OreMiner seeded = new OreMiner(land, config, auctionTimes());
        assertEq(seeded.ore().balanceOf(DAVE), 1000 ether, "to the deployer");
        assertEq(seeded.ore().totalSupply(), 1000 ether, "and nothing else");
    }

    function test_claimedParcelsStartAtRigLevelOne() public view {
        assertEq(miner.rigLevel(parcel), 1, "starter rig");
        assertEq(miner.rigLevel(parcel + 1), 0, "unclaimed");
    }

    function test_mineSplitsRewardBetweenMinerAndOwner() public {
        uint256 nonce = solve(parcel, BOB);
        bytes32 digest = keccak256(abi.encodePacked(miner.challenge(parcel), BOB, nonce));
        bytes32 next = keccak256(abi.encodePacked(digest, blockhash(block.number - 1)));
        VM.expectEmit(true, true, true, true);
        emit OreMiner.SolutionAccepted(parcel, BOB, digest, REWARD_PER_LEVEL, next);
        VM.prank(BOB);
        assertEq(miner.mine(parcel, nonce), REWARD_PER_LEVEL, "level 1 reward");
        assertEq(ore.balanceOf(BOB), REWARD_PER_LEVEL / 2, "miner half");
        assertEq(ore.balanceOf(ALICE), REWARD_PER_LEVEL / 2, "owner half");
        assertEq(miner.challenge(parcel), next, "challenge rotated to the digest and the last block hash");
        assertEq(miner.solutions(), 1, "counted");
    }

    function test_fractionalizedParcelRewardsGoToItsPool() public {
        ShareVault vault = fractionalizeParcel(ALICE, parcel, 100 * SHARE, 1 ether, 0, 0);
        mineAs(BOB, parcel);
        assertEq(ore.balanceOf(address(vault)), 0, "not to the vault itself");
        assertEq(ore.balanceOf(address(staking)), REWARD_PER_LEVEL / 2, "to the staking pool");
        (, uint256 unstreamed,,,,) = staking.pools(address(vault));
        assertEq(unstreamed, REWARD_PER_LEVEL / 2, "waiting for the vault's stakers");
    }

    function test_mineReverts() public {
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(OreMiner.ParcelUnclaimed.selector, parcel + 1));
        miner.mine(parcel + 1, 0);
        uint256 nonce = miss(parcel, BOB);
        bytes32 digest = keccak256(abi.encodePacked(miner.challenge(parcel), BOB, nonce));
        uint256 target = miner.getMiningTarget();
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(OreMiner.AboveTarget.selector, digest, target));
        miner.mine(parcel, nonce);
    }

    function test_aSolutionIsNotAcceptedTwice() public {
        uint256 nonce = solve(parcel, BOB);
        VM.prank(BOB);
        miner.mine(parcel, nonce);
        bytes32 replay = keccak256(abi.encodePacked(miner.challenge(parcel), BOB, nonce));
        // Make the replay fail for certain: the target sits just below its digest on the new challenge.
        OreMinerHarness(address(miner)).forceTarget(uint256(replay) - 1);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(OreMiner.AboveTarget.selector, replay, uint256(replay) - 1));
        miner.mine(parcel, nonce);
    }

    /// The vectors of shared/pow-vectors.json, which shared/pow.ts checks too: each digest is
    /// accepted at target = digest and rejected at target = digest - 1.
    function test_sharedVectorsAgreeWithTheContract() public {
        OreMinerHarness harness = OreMinerHarness(address(miner));
        string memory json = VM.readFile("shared/pow-vectors.json");
        uint256 checked;
        for (uint256 i = 0; VM.keyExistsJson(json, _key(i, "")); i++) {
            bytes32 challenge = VM.parseJsonBytes32(json, _key(i, ".challenge"));
            address who = VM.parseJsonAddress(json, _key(i, ".miner"));
            uint256 nonce = uint256(VM.parseJsonBytes32(json, _key(i, ".nonce")));
            bytes32 digest = VM.parseJsonBytes32(json, _key(i, ".digest"));
            assertEq(keccak256(abi.encodePacked(challenge, who, nonce)), digest, "vector digest");
            // The zero address sends no transactions (and cannot receive ORE): its vector is hash-only.
            if (who == address(0)) continue;
            if (uint256(digest) > 0) {
                harness.forceChallenge(parcel, challenge);
                harness.forceTarget(uint256(digest) - 1);
                VM.prank(who);
                VM.expectRevert(abi.encodeWithSelector(OreMiner.AboveTarget.selector, digest, uint256(digest) - 1));
                harness.mine(parcel, nonce);
            }
            harness.forceChallenge(parcel, challenge);
            harness.forceTarget(uint256(digest));
            VM.prank(who);
            harness.mine(parcel, nonce);
            checked++;
        }
        assertGe(checked, 4, "vectors read");
    }

    function test_buildRigBurnsEscalatingCost() public {
        for (uint256 i = 0; i < 12; i++) {
            mineAs(BOB, parcel);
        }
        uint256 balance = ore.balanceOf(BOB); // 12 × 5 ORE = 60
        VM.prank(BOB);
        assertEq(miner.buildRig(parcel), 2, "level 2");
        assertEq(ore.balanceOf(BOB), balance - RIG_BASE_COST, "20 ORE burnt");
        assertEq(miner.rigCost(2), 2 * RIG_BASE_COST, "next level costs twice");
        VM.prank(BOB);
        miner.buildRig(parcel);
        assertEq(miner.rigLevel(parcel), 3, "level 3");
        assertEq(ore.totalSupply(), 12 * REWARD_PER_LEVEL - 3 * RIG_BASE_COST, "supply shrank by the burns");
        assertEq(mineAs(CAROL, parcel), 3 * REWARD_PER_LEVEL, "reward scales with level");
    }

    function test_buildRigReverts() public {
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(OreMiner.ParcelUnclaimed.selector, parcel + 1));
        miner.buildRig(parcel + 1);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, BOB, 0, RIG_BASE_COST));
        miner.buildRig(parcel);
        // Mine enough ORE to reach the maximum level: 20 + 40 + 80 + 160 = 300 ORE.
        for (uint256 i = 0; i < 60; i++) {
            mineAs(BOB, parcel);
        }
        VM.startPrank(BOB);
        for (uint256 level = 1; level < MAX_RIG_LEVEL; level++) {
            miner.buildRig(parcel);
        }
        VM.expectRevert(abi.encodeWithSelector(OreMiner.MaxRigLevel.selector, parcel, MAX_RIG_LEVEL));
        miner.buildRig(parcel);
        VM.stopPrank();
    }

    function test_onlyTheMinerMintsAndBurns() public {
        VM.expectRevert(abi.encodeWithSelector(OreToken.NotMiner.selector, address(this)));
        ore.mint(address(this), 1);
        VM.expectRevert(abi.encodeWithSelector(OreToken.NotMiner.selector, address(this)));
        ore.burn(ALICE, 1);
    }

    function test_retargetsOncePerPeriod() public {
        // Start below MAX_TARGET so a doubling is not capped.
        uint256 before = miner.MAX_TARGET() / 8;
        OreMinerHarness(address(miner)).forceTarget(before);
        // mineAs waits one interval per solution: three solutions end before the period does.
        for (uint256 i = 0; i < 3; i++) {
            mineAs(BOB, parcel);
        }
        assertEq(miner.getMiningTarget(), before, "not yet");
        // The fourth comes a whole period late: four solutions in twice the wanted time.
        VM.warp(block.timestamp + RETARGET_PERIOD);
        mineAs(BOB, parcel);
        assertEq(miner.getMiningTarget(), before * 2, "doubled");
        assertEq(miner.periodStart(), block.timestamp, "a new period");
        assertEq(miner.periodStartSolutions(), 4, "counted from the fourth");
    }

    /// The step is bounded to ×4 / ÷4, monotonic in the elapsed time and in the solutions counted,
    /// and stays in [1, MAX_TARGET].
    function testFuzz_retargetIsBounded(uint256 current, uint256 elapsed, uint256 moreElapsed, uint256 count)
        public
        view
    {
        current = bound(current, 1, miner.MAX_TARGET());
        elapsed = bound(elapsed, 0, 365 days);
        moreElapsed = bound(moreElapsed, elapsed, 366 days);
        count = bound(count, 1, 1e9);
        uint256 next = miner.nextTarget(current, elapsed, count);
        assertLe(next, miner.MAX_TARGET(), "capped");
        assertGe(next, 1, "never zero");
        assertLe(next, current * 4, "at most x4");
        assertGe(next, current / 4, "at least /4");
        assertLe(next, miner.nextTarget(current, moreElapsed, count), "slower periods never make it harder");
        assertGe(next, miner.nextTarget(current, elapsed, count + 1), "more solutions never make it easier");
        uint256 expected = count * SOLUTION_INTERVAL;
        if (elapsed >= expected / 4 && elapsed <= expected * 4 && current <= miner.MAX_TARGET() / 4) {
            assertEq(next, Math.mulDiv(current, elapsed, expected), "proportional inside the bounds");
        }
    }

    function _key(uint256 i, string memory field) private pure returns (string memory) {
        return string.concat(".vectors[", _itoa(i), "]", field);
    }

    function _itoa(uint256 i) private pure returns (string memory) {
        return i < 10 ? string(abi.encodePacked(bytes1(uint8(48 + i)))) : string.concat(_itoa(i / 10), _itoa(i % 10));
    }
}
