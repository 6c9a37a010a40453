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

    function test_rewardsSplitByStake() public {
        stakeAs(BOB, 100 * SHARE);
        stakeAs(CAROL, 300 * SHARE);
        uint256 reward = mineAs(DAVE, parcel); // half of it goes to the pool
        uint256 toPool = reward - reward / 2;
        assertEq(staking.earned(address(vault), BOB), toPool / 4, "a quarter");
        assertEq(staking.earned(address(vault), CAROL), (toPool * 3) / 4, "three quarters");
        VM.prank(BOB);
        staking.claim(address(vault));
        assertEq(ore.balanceOf(BOB), toPool / 4, "claimed");
        assertEq(staking.earned(address(vault), BOB), 0, "nothing left");
    }

    function test_rewardsWhileNobodyStakesWaitForTheNextStaker() public {
        uint256 reward = mineAs(DAVE, parcel);
        uint256 toPool = reward - reward / 2;
        (,,, uint256 queued) = staking.pools(address(vault));
        assertEq(queued, toPool, "kept in the pool");
        stakeAs(BOB, 10 * SHARE);
        assertEq(staking.earned(address(vault), BOB), toPool, "first staker gets them");
        stakeAs(CAROL, 10 * SHARE);
        assertEq(staking.earned(address(vault), CAROL), 0, "a later staker does not");
    }

    function test_withdrawKeepsRewardsAndExitTakesAll() public {
        stakeAs(BOB, 100 * SHARE);
        uint256 reward = mineAs(DAVE, parcel);
        VM.prank(BOB);
        staking.withdraw(address(vault), 40 * SHARE);
        assertEq(vault.balanceOf(BOB), 240 * SHARE, "shares back");
        assertEq(staking.earned(address(vault), BOB), reward - reward / 2, "rewards kept");
        VM.prank(BOB);
        staking.exit(address(vault));
        assertEq(vault.balanceOf(BOB), 300 * SHARE, "all shares back");
        assertEq(ore.balanceOf(BOB), reward - reward / 2, "rewards paid");
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
        staking.notifyReward(address(vault));
        VM.stopPrank();
    }

    function test_stakesAbove2To96Revert() public {
        HugeShares huge = new HugeShares();
        huge.approve(address(staking), type(uint256).max);
        VM.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 96, uint256(1) << 96));
        staking.stake(address(huge), uint256(1) << 96);
    }

    function test_anyoneMayDonateOnlyWhatTheySent() public {
        mineAs(DAVE, parcel); // dave holds ORE now
        stakeAs(BOB, 10 * SHARE);
        uint256 before = staking.earned(address(vault), BOB);
        VM.prank(DAVE);
        ore.transfer(address(staking), 1 ether);
        assertEq(staking.notifyReward(address(vault)), 1 ether, "credits exactly the donation");
        assertEq(staking.earned(address(vault), BOB) - before, 1 ether, "to the stakers");
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
