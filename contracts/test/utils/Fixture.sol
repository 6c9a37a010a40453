// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fractionalizer} from "../../src/Fractionalizer.sol";
import {LandRegistry} from "../../src/LandRegistry.sol";
import {OreMiner} from "../../src/OreMiner.sol";
import {OreToken} from "../../src/OreToken.sol";
import {ParcelStaking} from "../../src/ParcelStaking.sol";
import {ShareVault} from "../../src/ShareVault.sol";
import {Test} from "./Test.sol";

/// @notice The whole deployment as scripts/deploy.ts builds it, with an easy target (a solution
/// every ~4 nonces) so tests find nonces by a short loop.
abstract contract Fixture is Test {
    int256 internal constant RADIUS = 150;
    uint256 internal constant BASE_PRICE = 0.01 ether;
    uint256 internal constant AUCTION_LENGTH = 1 days;
    uint256 internal constant AUCTION_EXTENSION = 15 minutes;
    uint256 internal constant STYLE_VOTE_PERIOD = 3 days;
    uint256 internal constant REWARD_PER_LEVEL = 10 ether;
    uint256 internal constant RIG_BASE_COST = 20 ether;
    uint256 internal constant MAX_RIG_LEVEL = 5;
    uint256 internal constant SOLUTION_INTERVAL = 60;
    /// Four solutions' worth of time between retargets.
    uint256 internal constant RETARGET_PERIOD = 4 * SOLUTION_INTERVAL;
    uint256 internal constant REWARD_PERIOD = 1 hours;
    uint256 internal constant SHARE = 1e18;

    address internal constant TREASURY = address(0x7EA5);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant DAVE = address(0xDA7E);

    LandRegistry internal land;
    Fractionalizer internal fractionalizer;
    OreMiner internal miner;
    OreToken internal ore;
    ParcelStaking internal staking;

    function setUp() public virtual {
        land = new LandRegistry(RADIUS, BASE_PRICE, TREASURY);
        miner = _deployMiner(minerConfig());
        fractionalizer = miner.fractionalizer();
        ore = miner.ore();
        staking = miner.staking();
        VM.deal(ALICE, 1000 ether);
        VM.deal(BOB, 1000 ether);
        VM.deal(CAROL, 1000 ether);
        VM.deal(DAVE, 1000 ether);
    }

    function minerConfig() internal pure returns (OreMiner.Config memory) {
        return OreMiner.Config({
            initialTarget: type(uint256).max / 4,
            solutionInterval: SOLUTION_INTERVAL,
            retargetPeriod: RETARGET_PERIOD,
            rewardPerLevel: REWARD_PER_LEVEL,
            rigBaseCost: RIG_BASE_COST,
            maxRigLevel: MAX_RIG_LEVEL,
            rewardPeriod: REWARD_PERIOD,
            liquiditySeed: 0
        });
    }

    function auctionTimes() internal pure returns (ShareVault.VaultTimes memory) {
        return ShareVault.VaultTimes({length: AUCTION_LENGTH, extension: AUCTION_EXTENSION, styleVote: STYLE_VOTE_PERIOD});
    }

    /// @dev Overridden where a test needs a miner with test hooks.
    function _deployMiner(OreMiner.Config memory config) internal virtual returns (OreMiner) {
        return new OreMiner(land, config, auctionTimes());
    }

    function claimParcel(address who, int256 x, int256 y) internal returns (uint256 parcelId) {
        uint256 price = land.priceOf(x, y);
        VM.prank(who);
        parcelId = land.claim{value: price}(x, y);
    }

    function fractionalizeParcel(
        address curator,
        uint256 parcelId,
        uint256 supply,
        uint256 reservePrice,
        uint256 offerPrice,
        uint256 offerAmount
    ) internal returns (ShareVault vault) {
        VM.startPrank(curator);
        land.approve(address(fractionalizer), parcelId);
        vault = ShareVault(fractionalizer.fractionalize(parcelId, supply, reservePrice, offerPrice, offerAmount));
        VM.stopPrank();
    }

    /// @dev First nonce whose digest meets the current target for `who` on `parcelId`.
    function solve(uint256 parcelId, address who) internal view returns (uint256 nonce) {
        bytes32 current = miner.challenge(parcelId);
        uint256 target = miner.getMiningTarget();
        while (uint256(keccak256(abi.encodePacked(current, who, nonce))) > target) nonce++;
    }

    /// @dev First nonce whose digest misses the current target.
    function miss(uint256 parcelId, address who) internal view returns (uint256 nonce) {
        bytes32 current = miner.challenge(parcelId);
        uint256 target = miner.getMiningTarget();
        while (uint256(keccak256(abi.encodePacked(current, who, nonce))) <= target) nonce++;
    }

    /// @dev Mines one solution, one solution interval after the last, so the target stays put.
    function mineAs(address who, uint256 parcelId) internal returns (uint256 reward) {
        VM.warp(block.timestamp + SOLUTION_INTERVAL);
        uint256 nonce = solve(parcelId, who);
        VM.prank(who);
        reward = miner.mine(parcelId, nonce);
    }
}
