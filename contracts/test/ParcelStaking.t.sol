// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ParcelStaking} from "../src/ParcelStaking.sol";
import {ShareVault} from "../src/ShareVault.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev A share token with more than 2^96 units in circulation.
contract HugeShares is ERC20 {
    constructor() ERC20("Huge", "HUGE") {
        _mint(msg.sender, uint256(1) << 100);
    }
}

contract ParcelStakingTest is Fixture {
    ShareVault internal vault;
    uint256 internal parcel;

    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, 70, 70);
        // Offer price 0: shares are free to pick up in the tests.
        vault = fractionalizeParcel(ALICE, parcel, 1000 * SHARE, 1 ether, 0, 900 * SHARE);
        address[3] memory holders = [BOB, CAROL, DAVE];
        for (uint256 i = 0; i < 3; i++) {
            VM.startPrank(holders[i]);
            vault.buyShares(300 * SHARE);
            vault.approve(address(staking), type(uint256).max);
            VM.stopPrank();
        }
    }

    function stakeAs(address who, uint256 amount) internal {
        VM.prank(who);
        staking.stake(address(vault), amount);
    }

    /// Waits until every stream of the pool has run dry.
    function streamOut() internal {
        VM.warp(block.timestamp + REWARD_PERIOD);
    }

    function test_rewardsStreamOverThePeriodSplitByStake() public {
        stakeAs(BOB, 100 * SHARE);
        stakeAs(CAROL, 300 * SHARE);
        uint256 reward = mineAs(DAVE, parcel); // half of it goes to the pool
        uint256 toPool = reward - reward / 2;
        assertEq(staking.earned(address(vault), BOB), 0, "nothing at once");
        assertEq(staking.rewardRate(address(vault)), toPool / REWARD_PERIOD, "ORE wei per second");
        (,, uint40 finish,,,) = staking.pools(address(vault));
        assertEq(finish, block.timestamp + REWARD_PERIOD, "runs one period");
        VM.warp(block.timestamp + REWARD_PERIOD / 4);
        assertApproxEq(staking.earned(address(vault), BOB), toPool / 16, 1, "a quarter of a quarter");
        streamOut();
        assertApproxEq(staking.earned(address(vault), BOB), toPool / 4, 1, "a quarter");
        assertApproxEq(staking.earned(address(vault), CAROL), (toPool * 3) / 4, 1, "three quarters");
        assertEq(staking.rewardRate(address(vault)), 0, "ran dry");
        assertEq(staking.rewardsLeft(address(vault)), 0, "all released");
        uint256 bobs = staking.earned(address(vault), BOB);
        VM.prank(BOB);
        staking.claim(address(vault));
        assertEq(ore.balanceOf(BOB), bobs, "claimed");
        assertEq(staking.earned(address(vault), BOB), 0, "nothing left");
    }

    function test_aNewRewardJoinsWhatIsLeftAndTheStreamRestarts() public {
        stakeAs(BOB, 100 * SHARE);
        uint256 reward = mineAs(DAVE, parcel);
        uint256 toPool = reward - reward / 2;
        VM.warp(block.timestamp + REWARD_PERIOD / 2 - SOLUTION_INTERVAL);
        mineAs(DAVE, parcel); // half a period after the first
        assertApproxEq(staking.earned(address(vault), BOB), toPool / 2, 1, "half of the first streamed");
        assertApproxEq(staking.rewardsLeft(address(vault)), toPool / 2 + toPool, 1, "the rest and the new");
        (,, uint40 finish,,,) = staking.pools(address(vault));
        assertEq(finish, block.timestamp + REWARD_PERIOD, "restarted over a whole period");
        streamOut();
        assertApproxEq(staking.earned(address(vault), BOB), 2 * toPool, 1, "both, in the end");
    }

    function test_rewardsWhileNobodyStakesWaitThenStreamToTheStakers() public {
        uint256 reward = mineAs(DAVE, parcel);
        uint256 toPool = reward - reward / 2;
        assertEq(staking.rewardsLeft(address(vault)), toPool, "kept in the pool");
        assertEq(staking.rewardRate(address(vault)), 0, "not streaming to nobody");
        VM.warp(block.timestamp + 2 * REWARD_PERIOD);
        stakeAs(BOB, 10 * SHARE);
        assertEq(staking.earned(address(vault), BOB), 0, "not paid at once");
        assertEq(staking.rewardRate(address(vault)), toPool / REWARD_PERIOD, "streaming from the first stake");
        VM.warp(block.timestamp + REWARD_PERIOD / 2);
        stakeAs(CAROL, 10 * SHARE);
        streamOut();
        assertApproxEq(staking.earned(address(vault), BOB), (toPool * 3) / 4, 2, "alone, then half");
        assertApproxEq(staking.earned(address(vault), CAROL), toPool / 4, 2, "half of the second half");
    }

    function test_theStreamWaitsWhenEveryoneLeaves() public {
        stakeAs(BOB, 10 * SHARE);
        uint256 reward = mineAs(DAVE, parcel);
        uint256 toPool = reward - reward / 2;
        VM.warp(block.timestamp + REWARD_PERIOD / 2);
        VM.prank(BOB);
        staking.withdraw(address(vault), 10 * SHARE);
        VM.warp(block.timestamp + 3 * REWARD_PERIOD);
        assertApproxEq(staking.rewardsLeft(address(vault)), toPool / 2, 1, "the unstreamed half waits");
        stakeAs(CAROL, 10 * SHARE);
        streamOut();
        assertApproxEq(staking.earned(address(vault), BOB), toPool / 2, 1, "bob's half");
        assertApproxEq(staking.earned(address(vault), CAROL), toPool / 2, 1, "the rest streamed to carol");
    }

    function test_withdrawKeepsRewardsAndExitTakesAll() public {
        stakeAs(BOB, 100 * SHARE);
        uint256 reward = mineAs(DAVE, parcel);
        streamOut();
        VM.prank(BOB);
        staking.withdraw(address(vault), 40 * SHARE);
        assertEq(vault.balanceOf(BOB), 240 * SHARE, "shares back");
        uint256 bobs = staking.earned(address(vault), BOB);
        assertApproxEq(bobs, reward - reward / 2, 1, "rewards kept");
        VM.prank(BOB);
        staking.exit(address(vault));
        assertEq(vault.balanceOf(BOB), 300 * SHARE, "all shares back");
        assertEq(ore.balanceOf(BOB), bobs, "rewards paid");
        (uint256 amount,,) = staking.stakes(address(vault), BOB);
        assertEq(amount, 0, "no stake left");
    }

    function test_exitWithoutRewardsReturnsTheStake() public {
        stakeAs(BOB, 5 * SHARE);
        VM.prank(BOB);
        staking.exit(address(vault));
        assertEq(vault.balanceOf(BOB), 300 * SHARE, "stake returned");
        assertEq(ore.balanceOf(BOB), 0, "no rewards to pay");
    }

    function test_reverts() public {
        VM.startPrank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.ZeroAmount.selector));
        staking.stake(address(vault), 0);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.ZeroAmount.selector));
        staking.withdraw(address(vault), 0);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.InsufficientStake.selector, 1, 0));
        staking.withdraw(address(vault), 1);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.NothingToClaim.selector));
        staking.claim(address(vault));
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.NothingToClaim.selector));
        staking.exit(address(vault));
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.ZeroAmount.selector));
        staking.fund(address(vault), 0);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.RewardTokenNotStakeable.selector));
        staking.stake(address(ore), 1);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.NothingToRecover.selector, address(ore)));
        staking.recover(address(ore));
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.PoolStillActive.selector, address(vault)));
        staking.sweep(address(vault));
        VM.stopPrank();
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.InvalidRewardPeriod.selector, 31 days));
        new ParcelStaking(ore, land, 31 days);
    }

    function test_stakesAbove2To96Revert() public {
        HugeShares huge = new HugeShares();
        huge.approve(address(staking), type(uint256).max);
        VM.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, uint256(1) << 96));
        staking.stake(address(huge), uint256(1) << 96);
    }

    function test_fundPullsTheOreIntoTheStream() public {
        mineAs(DAVE, parcel); // dave holds ORE now; the pool waits with the parcel's half
        stakeAs(BOB, 10 * SHARE);
        uint256 left = staking.rewardsLeft(address(vault));
        VM.startPrank(DAVE);
        ore.approve(address(staking), 1 ether);
        staking.fund(address(vault), 1 ether);
        VM.stopPrank();
        assertEq(staking.rewardsLeft(address(vault)), left + 1 ether, "joins the stream");
        assertEq(ore.balanceOf(address(staking)), staking.accountedRewards(), "pulled and owed");
        streamOut();
        assertApproxEq(staking.earned(address(vault), BOB), left + 1 ether, 1, "to the stakers");
    }

    /// Σ paid + Σ still claimable never exceeds what arrived, and the shortfall (dust) is at most
    /// one wei per staker per reward plus the remainder carried to the next reward (< 1 wei per
    /// whole share staked).
    function testFuzz_accumulatorDustIsBounded(uint256 bobStake, uint256 carolStake, uint256 daveStake, uint8 rewards)
        public
    {
        bobStake = bound(bobStake, 1, 300 * SHARE);
        carolStake = bound(carolStake, 1, 300 * SHARE);
        daveStake = bound(daveStake, 1, 300 * SHARE);
        uint256 count = bound(rewards, 1, 12);
        stakeAs(BOB, bobStake);
        stakeAs(CAROL, carolStake);
        stakeAs(DAVE, daveStake);
        uint256 minted;
        for (uint256 i = 0; i < count; i++) {
            uint256 reward = mineAs(ALICE, parcel);
            minted += reward - reward / 2;
        }
        streamOut();
        uint256 claimable =
            staking.earned(address(vault), BOB) + staking.earned(address(vault), CAROL) + staking.earned(address(vault), DAVE);
        assertLe(claimable, minted, "never more than minted to the pool");
        uint256 carried = (bobStake + carolStake + daveStake) / 1e18 + 1;
        assertGe(claimable + 3 * count + carried, minted, "dust bounded");
        address[3] memory stakers = [BOB, CAROL, DAVE];
        for (uint256 i = 0; i < 3; i++) {
            VM.prank(stakers[i]);
            staking.exit(address(vault));
        }
        assertLe(ore.balanceOf(BOB) + ore.balanceOf(CAROL) + ore.balanceOf(DAVE), minted, "paid <= minted");
        assertEq(ore.balanceOf(address(staking)), staking.accountedRewards(), "staking holds what it owes");
    }
}
