// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {OreMiner} from "../../src/OreMiner.sol";
import {ParcelStaking} from "../../src/ParcelStaking.sol";
import {ShareVault} from "../../src/ShareVault.sol";
import {FlashBorrower, IUniswapV2Pair, IWETH, UniswapFixture} from "../utils/Uniswap.sol";

/// @dev Borrows shares from the pool by a flash swap, stakes them, submits its own solution for the
/// parcel and exits, all in one transaction: the old accumulator paid it the stakers' half at once.
contract FlashStaker is FlashBorrower {
    ParcelStaking public immutable staking;
    OreMiner public immutable miner;
    uint256 public immutable parcel;

    constructor(IUniswapV2Pair pair_, ShareVault vault_, IWETH weth_, OreMiner miner_, uint256 parcel_)
        FlashBorrower(pair_, IERC20(address(vault_)), weth_)
    {
        miner = miner_;
        staking = miner_.staking();
        parcel = parcel_;
    }

    function _onBorrowed(uint256 amount, bytes memory data) internal override {
        shares.approve(address(staking), amount);
        staking.stake(address(shares), amount);
        miner.mine(parcel, abi.decode(data, (uint256)));
        staking.exit(address(shares));
    }
}

/// @dev A share token from before the staking contract refused direct transfers, naming a curator.
contract LegacyShares is ERC20 {
    address public immutable curator;

    constructor(address curator_) ERC20("Legacy", "OLD") {
        curator = curator_;
        _mint(msg.sender, 1000);
    }
}

/// @notice Attacks on the staking rewards, each refused: flash-staking around a solution, sandwiching
/// another miner's solution, sniping rewards that waited in an empty pool, crediting someone else's
/// ORE to a chosen pool, and leaving tokens stuck in the staking contract.
contract RewardAttacksTest is UniswapFixture {
    address internal constant MALLORY = address(0xBAD);
    ShareVault internal vault;
    uint256 internal parcel;
    IUniswapV2Pair internal pair;

    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, 20, -20);
        // Offer price 0: holders pick up their shares for free; carol opens a deep pool.
        vault = fractionalizeParcel(ALICE, parcel, 1000 * SHARE, 1 ether, 0, 900 * SHARE);
        VM.prank(BOB);
        vault.buyShares(100 * SHARE);
        VM.prank(CAROL);
        vault.buyShares(600 * SHARE);
        pair = seedPool(CAROL, vault, 600 * SHARE, 60 ether);
        VM.startPrank(BOB);
        vault.approve(address(staking), type(uint256).max);
        staking.stake(address(vault), 100 * SHARE);
        VM.stopPrank();
        VM.deal(MALLORY, 100 ether);
    }

    /// The parcel's half of a level-1 solution.
    function poolReward() internal pure returns (uint256) {
        return REWARD_PER_LEVEL - REWARD_PER_LEVEL / 2;
    }

    function test_flashStakeAroundItsOwnSolutionEarnsNothing() public {
        mineAs(DAVE, parcel); // a stream already runs for bob
        VM.warp(block.timestamp + 10 minutes);
        FlashStaker attacker = new FlashStaker(pair, vault, weth, miner, parcel);
        uint256 nonce = solve(parcel, address(attacker));
        uint256 bobBefore = staking.earned(address(vault), BOB);
        // 500 borrowed shares against bob's 100: the old pool would have paid it 5/6 of the reward.
        VM.prank(MALLORY);
        attacker.borrow{value: 10 ether}(500 * SHARE, abi.encode(nonce));
        uint256 fromStaking = ore.balanceOf(address(attacker)) - REWARD_PER_LEVEL / 2;
        assertLe(fromStaking, poolReward() / 1000, "less than 0.1 % of the stakers' half");
        assertEq(fromStaking, 0, "in fact nothing: it held its stake for no time");
        assertEq(vault.balanceOf(address(attacker)), 0, "the borrowed shares went back");
        VM.warp(block.timestamp + REWARD_PERIOD);
        // bob earns both rewards by the end of the stream (less the first one's 10 minutes already counted)
        assertApproxEq(staking.earned(address(vault), BOB), 2 * poolReward(), 2, "all of it to the real staker");
        assertGe(staking.earned(address(vault), BOB), bobBefore, "never less");
    }

    function test_sandwichingAnotherMinersSolutionEarnsNothing() public {
        uint256 bought = buyFromPool(MALLORY, vault, 50 ether);
        VM.startPrank(MALLORY);
        vault.approve(address(staking), bought);
        staking.stake(address(vault), bought); // front-run: in the block before dave's solution lands
        VM.stopPrank();
        VM.warp(block.timestamp + SOLUTION_INTERVAL);
        uint256 nonce = solve(parcel, DAVE);
        VM.prank(DAVE);
        miner.mine(parcel, nonce);
        VM.prank(MALLORY);
        staking.exit(address(vault)); // back-run, same block
        assertEq(ore.balanceOf(MALLORY), 0, "the reward had not started streaming");
        VM.warp(block.timestamp + REWARD_PERIOD);
        assertApproxEq(staking.earned(address(vault), BOB), poolReward(), 1, "all of it to bob");
    }

    function test_aTinyStakeCannotTakeRewardsThatWaitedInAnEmptyPool() public {
        VM.prank(BOB);
        staking.exit(address(vault));
        for (uint256 i = 0; i < 5; i++) {
            mineAs(DAVE, parcel);
        }
        uint256 waiting = staking.rewardsLeft(address(vault));
        assertEq(waiting, 5 * poolReward(), "five rewards wait");
        buyFromPool(MALLORY, vault, 1 ether);
        VM.startPrank(MALLORY);
        vault.approve(address(staking), 1);
        staking.stake(address(vault), 1);
        staking.exit(address(vault));
        VM.stopPrank();
        assertEq(ore.balanceOf(MALLORY), 0, "1 wei staked for no time earns nothing");
        assertEq(staking.rewardsLeft(address(vault)), waiting, "still waiting");
        VM.prank(BOB);
        staking.stake(address(vault), 100 * SHARE);
        VM.warp(block.timestamp + REWARD_PERIOD);
        assertApproxEq(staking.earned(address(vault), BOB), waiting, 1, "streamed to the staker who stayed");
    }

    function test_onlyTheMinerCreditsAPoolAndOreSentStraightCannotBeRedirected() public {
        mineAs(DAVE, parcel); // dave holds 5 ORE
        uint256 parcel2 = claimParcel(MALLORY, -20, 20);
        ShareVault malloryVault = fractionalizeParcel(MALLORY, parcel2, 10 * SHARE, 1 ether, 0, 0);
        // dave sends ORE straight to the staking contract by mistake
        VM.prank(DAVE);
        ore.transfer(address(staking), 1 ether);
        VM.startPrank(MALLORY);
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.NotMiner.selector, MALLORY));
        staking.notifyReward(address(malloryVault), 1 ether);
        // fund pulls from the caller only: mallory has no ORE to fund with
        VM.expectRevert();
        staking.fund(address(malloryVault), 1 ether);
        VM.stopPrank();
        assertEq(staking.rewardsLeft(address(malloryVault)), 0, "nothing credited to mallory's pool");
        // the stray ORE belongs to no pool: anyone may burn it, nobody may take it
        uint256 supply = ore.totalSupply();
        VM.prank(MALLORY);
        assertEq(staking.recover(address(ore)), 1 ether, "the stray ORE");
        assertEq(ore.totalSupply(), supply - 1 ether, "burnt");
        assertEq(ore.balanceOf(MALLORY), 0, "not taken");
        assertEq(ore.balanceOf(address(staking)), staking.accountedRewards(), "owed ORE untouched");
        // a donor who funds in one call cannot be front-run: the ORE moves with the credit
        VM.startPrank(DAVE);
        ore.approve(address(staking), 1 ether);
        staking.fund(address(vault), 1 ether);
        VM.stopPrank();
        assertEq(staking.rewardsLeft(address(vault)), poolReward() + 1 ether, "to the pool dave chose");
    }

    function test_sharesSentStraightGoToTheCurator() public {
        LegacyShares legacy = new LegacyShares(CAROL);
        legacy.approve(address(staking), 600);
        staking.stake(address(legacy), 600);
        legacy.transfer(address(staking), 40); // a mistaken transfer
        VM.prank(MALLORY);
        assertEq(staking.recover(address(legacy)), 40, "only the excess");
        assertEq(legacy.balanceOf(CAROL), 40, "to the curator");
        (uint256 staked,,) = staking.stakes(address(legacy), address(this));
        assertEq(staked, 600, "stakes untouched");
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.NothingToRecover.selector, address(legacy)));
        staking.recover(address(legacy));
        staking.exit(address(legacy));
        assertEq(legacy.balanceOf(address(this)), 960, "the stake comes back whole");
    }

    function test_aRedeemedVaultsLeftoverStreamGoesToTheParcelsOwner() public {
        uint256 parcel2 = claimParcel(DAVE, -30, 30);
        ShareVault solo = fractionalizeParcel(DAVE, parcel2, 100 * SHARE, 1 ether, 0, 0);
        VM.startPrank(DAVE);
        solo.approve(address(staking), type(uint256).max);
        staking.stake(address(solo), 100 * SHARE);
        VM.stopPrank();
        mineAs(CAROL, parcel2);
        VM.warp(block.timestamp + REWARD_PERIOD / 2);
        VM.startPrank(DAVE);
        staking.exit(address(solo)); // half streamed and claimed
        VM.expectRevert(abi.encodeWithSelector(ParcelStaking.PoolStillActive.selector, address(solo)));
        staking.sweep(address(solo));
        solo.redeem();
        VM.stopPrank();
        uint256 left = staking.rewardsLeft(address(solo));
        assertApproxEq(left, poolReward() / 2, 1, "the unstreamed half");
        uint256 before = ore.balanceOf(DAVE);
        VM.prank(MALLORY);
        assertEq(staking.sweep(address(solo)), left, "swept");
        assertEq(ore.balanceOf(DAVE) - before, left, "to the parcel's owner");
        assertEq(ore.balanceOf(address(staking)), staking.accountedRewards(), "nothing owed is missing");
    }

    function test_aLeftoverStreamFollowsTheParcelIntoItsNewVault() public {
        uint256 parcel2 = claimParcel(DAVE, -31, 31);
        ShareVault first = fractionalizeParcel(DAVE, parcel2, 100 * SHARE, 1 ether, 0, 0);
        mineAs(CAROL, parcel2); // waits in the empty pool
        VM.prank(DAVE);
        first.redeem();
        ShareVault second = fractionalizeParcel(DAVE, parcel2, 100 * SHARE, 1 ether, 0, 0);
        staking.sweep(address(first));
        assertEq(staking.rewardsLeft(address(first)), 0, "moved out");
        assertEq(staking.rewardsLeft(address(second)), poolReward(), "into the parcel's current pool");
    }
}
