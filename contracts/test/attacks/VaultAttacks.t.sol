// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fractionalizer} from "../../src/Fractionalizer.sol";
import {ShareVault} from "../../src/ShareVault.sol";
import {FlashBorrower, IUniswapV2Pair, IWETH, UniswapFixture} from "../utils/Uniswap.sol";

/// @notice Borrows shares from the parcel's pool, then (in the same call) votes `price` with them
/// when it is not 0 and starts the buyout with `bid` wei when that is not 0.
contract BuyoutAttacker is FlashBorrower {
    ShareVault public immutable vault;
    /// What a start would have counted while the borrowed shares voted.
    uint256 public countedVotes;
    uint256 public countedReserve;

    constructor(IUniswapV2Pair pair_, ShareVault vault_, IWETH weth_) FlashBorrower(pair_, vault_, weth_) {
        vault = vault_;
    }

    function _onBorrowed(uint256, bytes memory data) internal override {
        (uint256 price, uint256 bid) = abi.decode(data, (uint256, uint256));
        if (price != 0) vault.updateUserPrice(price);
        (countedVotes, countedReserve) = vault.countedTally();
        if (bid != 0) {
            weth.withdraw(bid);
            vault.start{value: bid}();
        }
    }
}

/// @notice The attacks of the contracts trust issue on the vault, each tried with shares
/// flash-borrowed from the real Uniswap V2 pair, and refused.
contract VaultAttacksTest is UniswapFixture {
    uint256 internal constant SUPPLY = 1000 * SHARE;
    uint256 internal constant ANCHOR = 10 ether;
    ShareVault internal vault;
    IUniswapV2Pair internal pair;
    BuyoutAttacker internal attacker;

    /// Alice fractionalizes with no offering, opens a pool with 400 shares and stakes the other
    /// 600: before the fix, nobody voted any more (pool and staked shares did not vote).
    function setUp() public override {
        super.setUp();
        vault = fractionalizeParcel(ALICE, claimParcel(ALICE, 5, 5), SUPPLY, ANCHOR, 0, 0);
        pair = seedPool(ALICE, vault, 400 * SHARE, 4 ether);
        stake(ALICE, 600 * SHARE);
        attacker = new BuyoutAttacker(pair, vault, weth);
        VM.deal(address(attacker), 100 ether);
        nextBlock();
    }

    function nextBlock() internal {
        VM.roll(block.number + 1);
    }

    function stake(address who, uint256 amount) internal {
        VM.startPrank(who);
        vault.approve(address(staking), amount);
        staking.stake(address(vault), amount);
        VM.stopPrank();
    }

    /// @dev Borrows 399 of the pool's 400 shares; votes `price` and starts at `bid` with them.
    function attack(uint256 price, uint256 bid) internal {
        attacker.borrow(399 * SHARE, abi.encode(price, bid));
    }

    // --- 1. borrowed votes start a buyout ---

    function test_stakedSharesKeepTheirVoteAndPoolSharesHaveNone() public view {
        assertEq(vault.balanceOf(ALICE), 0, "everything pooled or staked");
        assertEq(vault.votingTokens(), 600 * SHARE, "the staked 600 still vote");
        assertEq(vault.votingWeightOf(ALICE), 600 * SHARE, "Alice's weight");
        assertEq(vault.votingWeightOf(address(pair)), 400 * SHARE, "the pair holds shares ...");
        assertEq(vault.userPrices(address(pair)), 0, "... but never votes");
        (uint256 votes, uint256 reserve) = vault.countedTally();
        assertEq(votes, 600 * SHARE, "counted votes");
        assertEq(reserve, ANCHOR, "counted reserve");
    }

    function test_borrowedVotesCannotStartBelowTheCountedReserve() public {
        (uint256 min,) = vault.voteRange();
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BelowReserve.selector, min, ANCHOR));
        attack(min, min);
        assertTrue(vault.state() == ShareVault.State.Inactive, "no buyout");
    }

    /// With Alice's vote withdrawn nobody votes: borrowed weight alone is no quorum.
    function test_borrowedVotesAloneAreNoQuorum() public {
        VM.prank(ALICE);
        vault.updateUserPrice(0);
        nextBlock();
        (uint256 min,) = vault.voteRange();
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NoQuorum.selector, 0, SUPPLY));
        attack(min, min);
    }

    /// The borrowed weight would drag the reserve from 10 ETH to ~6.8 ETH now; the start counts 10.
    function test_borrowedWeightDoesNotDragTheReserveDown() public {
        (uint256 min,) = vault.voteRange();
        uint256 dragged = (600 * SHARE * ANCHOR + 399 * SHARE * min) / (999 * SHARE);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BelowReserve.selector, dragged, ANCHOR));
        attack(min, dragged);
    }

    /// Voting with borrowed shares in one block leaves nothing for the next: they went back.
    function test_aBorrowedVoteLeavesNoWeightBehind() public {
        VM.prank(ALICE);
        vault.updateUserPrice(0);
        (uint256 min,) = vault.voteRange();
        attack(min, 0);
        assertEq(vault.userPrices(address(attacker)), min, "the vote is recorded ...");
        assertEq(vault.votingTokens(), 0, "... with no weight once the shares are back");
        nextBlock();
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NoQuorum.selector, 0, SUPPLY));
        attack(0, min);
    }

    /// The control: shares really bought and voted in an earlier block do count.
    function test_sharesHeldBeforeTheBlockCount() public {
        uint256 bought = buyFromPool(CAROL, vault, 2 ether);
        (uint256 min,) = vault.voteRange();
        VM.prank(CAROL);
        vault.updateUserPrice(min);
        (uint256 votes, uint256 reserve) = vault.countedTally();
        assertEq(votes, 600 * SHARE, "Carol's vote counts from the next block");
        assertEq(reserve, ANCHOR, "reserve as before");
        VM.prank(CAROL);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BelowReserve.selector, min, ANCHOR));
        vault.start{value: min}();
        nextBlock();
        uint256 counted = (600 * SHARE * ANCHOR + bought * min) / (600 * SHARE + bought);
        (, reserve) = vault.countedTally();
        assertEq(reserve, counted, "now it counts");
        VM.prank(CAROL);
        vault.start{value: counted}();
        assertTrue(vault.state() == ShareVault.State.Live, "started");
    }

    /// However many shares are borrowed and whatever they vote, a start counts the same tally.
    function testFuzz_borrowedWeightNeverChangesTheCountedTally(uint256 amount, uint256 price) public {
        amount = bound(amount, 1, 399 * SHARE);
        (uint256 min, uint256 max) = vault.voteRange();
        price = bound(price, min, max);
        (uint256 votes, uint256 reserve) = vault.countedTally();
        attacker.borrow(amount, abi.encode(price, 0));
        assertEq(vault.votingTokens(), 600 * SHARE, "the weight went back with the shares");
        assertEq(attacker.countedVotes(), votes, "counted votes while borrowed");
        assertEq(attacker.countedReserve(), reserve, "counted reserve while borrowed");
    }

    // --- 2. vote ransom ---

    /// No voter at all (a fully offered parcel): a first vote of 1 share unit cannot set an
    /// absurd price that locks everyone else out.
    function test_aTinyFirstVoteCannotHoldTheVoteToRansom() public {
        ShareVault open = fractionalizeParcel(ALICE, claimParcel(ALICE, 6, 6), SUPPLY, ANCHOR, 0.001 ether, SUPPLY);
        VM.prank(BOB);
        open.buyShares{value: 1}(1);
        (uint256 min, uint256 max) = open.voteRange();
        assertEq(min, 2 ether, "anchor / 5 (valuation 1 ETH)");
        assertEq(max, 50 ether, "anchor x 5");
        VM.startPrank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, uint256(1) << 200, min, max));
        open.updateUserPrice(uint256(1) << 200);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, type(uint256).max, min, max));
        open.updateUserPrice(type(uint256).max);
        open.updateUserPrice(max);
        VM.stopPrank();
        // The range is the anchor's, not the first voter's: the others vote anywhere in it.
        VM.startPrank(CAROL);
        open.buyShares{value: 1 ether}(300 * SHARE);
        open.updateUserPrice(min);
        VM.stopPrank();
        nextBlock();
        (uint256 votes, uint256 reserve) = open.countedTally();
        assertEq(votes, 300 * SHARE + 1, "quorum reached");
        assertEq(reserve, (300 * SHARE * min + max) / (300 * SHARE + 1), "one unit barely moves it");
        VM.prank(DAVE);
        open.start{value: reserve}();
        assertTrue(open.state() == ShareVault.State.Live, "the buyout can start");
    }

    /// A borrowed vote at the top of the range leaves the range where it was.
    function test_aBorrowedVoteCannotMoveTheRange() public {
        (uint256 min, uint256 max) = vault.voteRange();
        attack(max, 0);
        assertEq(vault.reservePrice(), ANCHOR, "the borrowed weight went back with the shares");
        (uint256 minAfter, uint256 maxAfter) = vault.voteRange();
        assertEq(minAfter, min, "min");
        assertEq(maxAfter, max, "max");
        VM.prank(ALICE);
        vault.updateUserPrice(min);
        assertEq(vault.reservePrice(), min, "Alice still votes anywhere in range");
    }

    // --- 5. stuck shares ---

    function test_sharesCannotBeSentToTheVaultOrStraightToStaking() public {
        uint256 bought = buyFromPool(BOB, vault, 1 ether);
        VM.startPrank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.TransferToVault.selector));
        vault.transfer(address(vault), bought);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.StakeThroughStaking.selector));
        vault.transfer(address(staking), bought);
        vault.approve(CAROL, bought);
        VM.stopPrank();
        VM.startPrank(CAROL);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.TransferToVault.selector));
        vault.transferFrom(BOB, address(vault), bought);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.StakeThroughStaking.selector));
        vault.transferFrom(BOB, address(staking), bought);
        VM.stopPrank();
        assertEq(vault.balanceOf(BOB), bought, "Bob keeps his shares");
        assertEq(vault.offeredShares(), 0, "no offering stock appeared");
        // After a start, too: shares at the vault could never be cashed.
        VM.prank(DAVE);
        vault.start{value: ANCHOR}();
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.TransferToVault.selector));
        vault.transfer(address(vault), bought);
    }

    // --- 6. curator rug ---

    /// A curator who sells 40 % at a 10 ETH valuation can neither anchor nor vote the reserve
    /// below it, nor start there, not even with the pool's shares borrowed on top.
    function test_theCuratorCannotUndercutHerOffering() public {
        uint256 id = claimParcel(ALICE, 7, 7);
        VM.startPrank(ALICE);
        land.approve(address(fractionalizer), id);
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.ReserveBelowValuation.selector, 0.001 ether, ANCHOR));
        fractionalizer.fractionalize(id, SUPPLY, 0.001 ether, 0.01 ether, 400 * SHARE);
        VM.stopPrank();
        ShareVault sold = fractionalizeParcel(ALICE, id, SUPPLY, ANCHOR, 0.01 ether, 400 * SHARE);
        VM.prank(BOB);
        sold.buyShares{value: 4 ether}(400 * SHARE);
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, 0.001 ether, ANCHOR, 5 * ANCHOR));
        sold.updateUserPrice(0.001 ether);
        // Alice keeps 300 voting shares, a quorum on her own, and pools the other 300.
        IUniswapV2Pair soldPair = seedPool(ALICE, sold, 300 * SHARE, 3 ether);
        BuyoutAttacker curatorBot = new BuyoutAttacker(soldPair, sold, weth);
        VM.deal(address(curatorBot), 1 ether);
        nextBlock();
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BelowReserve.selector, 0.001 ether, ANCHOR));
        curatorBot.borrow(299 * SHARE, abi.encode(ANCHOR, 0.001 ether));
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BelowReserve.selector, 0.001 ether, ANCHOR));
        sold.start{value: 0.001 ether}();
    }
}
