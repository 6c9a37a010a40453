// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fractionalizer} from "../src/Fractionalizer.sol";
import {PullPayments} from "../src/PullPayments.sol";
import {MAX_VOTE, RESERVE_FACTOR, ShareVault} from "../src/ShareVault.sol";
import {Fixture} from "./utils/Fixture.sol";

contract FractionalizerTest is Fixture {
    function test_fractionalizeClonesAVaultThatHoldsTheParcel() public {
        uint256 id = claimParcel(ALICE, 3, -7);
        VM.prank(ALICE);
        land.approve(address(fractionalizer), id);
        VM.expectEmit(true, false, true, true);
        emit Fractionalizer.ParcelFractionalized(id, address(0), ALICE, 1000 * SHARE, 10 ether, 0.01 ether, 400 * SHARE);
        VM.prank(ALICE);
        ShareVault vault =
            ShareVault(fractionalizer.fractionalize(id, 1000 * SHARE, 10 ether, 0.01 ether, 400 * SHARE));
        assertEq(fractionalizer.vaultOf(id), address(vault), "vaultOf");
        assertEq(land.ownerOf(id), address(vault), "vault holds the NFT");
        assertEq(vault.totalSupply(), 1000 * SHARE, "supply");
        assertEq(vault.balanceOf(ALICE), 600 * SHARE, "curator shares");
        assertEq(vault.offeredShares(), 400 * SHARE, "offered");
        assertEq(vault.curator(), ALICE, "curator");
        assertEq(vault.offerPrice(), 0.01 ether, "offer price");
        assertEq(vault.parcelId(), id, "parcel id");
        assertEq(vault.reservePrice(), 10 ether, "curator's reserve vote");
        assertEq(vault.votingTokens(), 600 * SHARE, "voting tokens");
        assertEq(vault.name(), "Parcel 3,-7 shares", "name");
        assertEq(vault.symbol(), "P3_-7", "symbol");
        assertEq(vault.auctionLength(), AUCTION_LENGTH, "auction length");
        assertEq(vault.anchor(), 10 ether, "the curator's reserve anchors the votes");
        // An EIP-1167 clone: 45 bytes of proxy plus the 46 bytes of immutable arguments.
        assertEq(address(vault).code.length, 45 + 46, "clone, not a full deployment");
    }

    function test_fractionalizeReverts() public {
        uint256 id = claimParcel(ALICE, 20, 20);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.NotParcelOwner.selector, id, BOB));
        fractionalizer.fractionalize(id, 1, 1, 0, 0);
        VM.startPrank(ALICE);
        land.approve(address(fractionalizer), id);
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.ZeroSupply.selector));
        fractionalizer.fractionalize(id, 0, 1, 0, 0);
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.ZeroReserve.selector));
        fractionalizer.fractionalize(id, 1, 0, 0, 0);
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.OfferExceedsSupply.selector, 2, 1));
        fractionalizer.fractionalize(id, 1, 1, 0, 2);
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.OfferPriceTooHigh.selector, uint256(1) << 96));
        fractionalizer.fractionalize(id, 1, 1, uint256(1) << 96, 1);
        VM.stopPrank();
    }

    function test_fractionalizeCapsSupplyAndBoundsTheReserve() public {
        uint256 id = claimParcel(ALICE, 21, 21);
        VM.startPrank(ALICE);
        land.approve(address(fractionalizer), id);
        uint256 maxSupply = type(uint96).max;
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.SupplyTooLarge.selector, maxSupply + 1, maxSupply));
        fractionalizer.fractionalize(id, maxSupply + 1, 1 ether, 0, 0);
        uint256 maxReserve = MAX_VOTE / RESERVE_FACTOR;
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.ReserveTooHigh.selector, maxReserve + 1, maxReserve));
        fractionalizer.fractionalize(id, 1000 * SHARE, maxReserve + 1, 0, 0);
        // 1000 shares at 0.01 ETH: the offering values the parcel at 10 ETH, so no reserve below it.
        VM.expectRevert(abi.encodeWithSelector(Fractionalizer.ReserveBelowValuation.selector, 10 ether - 1, 10 ether));
        fractionalizer.fractionalize(id, 1000 * SHARE, 10 ether - 1, 0.01 ether, 400 * SHARE);
        // The edges are accepted: the whole uint96 supply, and a reserve of exactly the valuation.
        ShareVault vault = ShareVault(fractionalizer.fractionalize(id, maxSupply, maxReserve, 0, 0));
        VM.stopPrank();
        assertEq(vault.totalSupply(), maxSupply, "largest supply");
        assertEq(vault.reserveTotal(), maxSupply * maxReserve, "its tally fits");
        uint256 id2 = claimParcel(ALICE, 22, 22);
        ShareVault atValuation = fractionalizeParcel(ALICE, id2, 1000 * SHARE, 10 ether, 0.01 ether, 400 * SHARE);
        assertEq(atValuation.anchor(), 10 ether, "anchor");
        assertEq(atValuation.valuation(), 10 ether, "valuation");
    }

    function test_onlyTheFractionalizerInitializes() public {
        ShareVault vault = fractionalizeParcel(ALICE, claimParcel(ALICE, 1, 1), 100, 1 ether, 0, 0);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NotFractionalizer.selector));
        vault.initialize(100, 0);
        ShareVault implementation = fractionalizer.implementation();
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NotFractionalizer.selector));
        implementation.initialize(100, 0);
    }

    /// The implementation is locked from its constructor: not even the fractionalizer can
    /// initialize it, and a buyout cannot start on it (a bid there would be stuck).
    function test_theImplementationIsLocked() public {
        ShareVault implementation = fractionalizer.implementation();
        assertTrue(implementation.state() == ShareVault.State.Locked, "locked");
        bytes memory locked = abi.encodeWithSelector(
            ShareVault.WrongState.selector, ShareVault.State.Inactive, ShareVault.State.Locked
        );
        VM.prank(address(fractionalizer));
        VM.expectRevert(locked);
        implementation.initialize(100, 0);
        VM.prank(BOB);
        VM.expectRevert(locked);
        implementation.start{value: 1 ether}();
        VM.prank(BOB);
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Live, ShareVault.State.Locked)
        );
        implementation.bid{value: 1 ether}();
        VM.prank(BOB);
        VM.expectRevert(locked);
        implementation.updateUserPrice(1 ether);
        assertEq(address(implementation).balance, 0, "no ETH stuck");
    }

    function test_auctionTimesAreBounded() public {
        VM.expectRevert(abi.encodeWithSelector(ShareVault.InvalidAuctionTimes.selector, 0, 0));
        new Fractionalizer(land, staking, ShareVault.VaultTimes(0, 0, 1 hours));
        VM.expectRevert(abi.encodeWithSelector(ShareVault.InvalidAuctionTimes.selector, 366 days, 0));
        new Fractionalizer(land, staking, ShareVault.VaultTimes(366 days, 0, 1 hours));
        VM.expectRevert(abi.encodeWithSelector(ShareVault.InvalidAuctionTimes.selector, 1 hours, 2 hours));
        new Fractionalizer(land, staking, ShareVault.VaultTimes(1 hours, 2 hours, 1 hours));
    }
}

contract ShareVaultTest is Fixture {
    ShareVault internal vault;
    uint256 internal parcel;

    uint256 internal constant SUPPLY = 1000 * SHARE;
    uint256 internal constant OFFERED = 400 * SHARE;
    uint256 internal constant OFFER_PRICE = 0.01 ether; // wei per whole share
    uint256 internal constant RESERVE = 10 ether;

    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, -40, 12);
        vault = fractionalizeParcel(ALICE, parcel, SUPPLY, RESERVE, OFFER_PRICE, OFFERED);
        // Votes count for a start from the block after they are cast.
        nextBlock();
    }

    function nextBlock() internal {
        VM.roll(block.number + 1);
    }

    // --- offering ---

    function test_buySharesCreditsCuratorAndExcess() public {
        VM.prank(BOB);
        vault.buyShares{value: 2 ether}(100 * SHARE);
        assertEq(vault.balanceOf(BOB), 100 * SHARE, "bought");
        assertEq(vault.offeredShares(), 300 * SHARE, "left");
        assertEq(vault.payments(ALICE), 1 ether, "curator proceeds");
        assertEq(vault.payments(BOB), 1 ether, "excess");
        uint256 before = ALICE.balance;
        vault.withdrawPayments(payable(ALICE));
        assertEq(ALICE.balance - before, 1 ether, "curator withdrew");
    }

    function test_offerCostRoundsUp() public view {
        assertEq(vault.offerCost(1), 1, "one unit costs at least a wei");
        assertEq(vault.offerCost(SHARE), OFFER_PRICE, "a whole share");
    }

    function test_buySharesReverts() public {
        VM.startPrank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ZeroAmount.selector));
        vault.buyShares(0);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.OfferingSoldOut.selector, OFFERED + 1, OFFERED));
        vault.buyShares{value: 100 ether}(OFFERED + 1);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.Underpaid.selector, OFFER_PRICE, OFFER_PRICE - 1));
        vault.buyShares{value: OFFER_PRICE - 1}(SHARE);
        VM.stopPrank();
    }

    // --- reserve votes ---

    function test_votesAverageByShares() public {
        VM.prank(BOB);
        vault.buyShares{value: 2 ether}(200 * SHARE);
        VM.prank(BOB);
        vault.updateUserPrice(40 ether);
        // (600 × 10 + 200 × 40) / 800 = 17.5
        assertEq(vault.reservePrice(), 17.5 ether, "weighted average");
        VM.prank(BOB);
        vault.updateUserPrice(20 ether);
        assertEq(vault.reservePrice(), 12.5 ether, "updated vote");
        VM.prank(BOB);
        vault.updateUserPrice(0);
        assertEq(vault.reservePrice(), RESERVE, "vote withdrawn");
        assertEq(vault.votingTokens(), 600 * SHARE, "only the curator votes");
    }

    function test_voteReverts() public {
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NoShares.selector, BOB));
        vault.updateUserPrice(1 ether);
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NotAnUpdate.selector, RESERVE));
        vault.updateUserPrice(RESERVE);
        VM.prank(BOB);
        vault.buyShares{value: 1 ether}(100 * SHARE);
        // The anchor allows 2 to 50 ETH; the offering's 10 ETH valuation raises the floor.
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, 10 ether - 1, 10 ether, 50 ether));
        vault.updateUserPrice(10 ether - 1);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, 50 ether + 1, 10 ether, 50 ether));
        vault.updateUserPrice(50 ether + 1);
    }

    /// A sole voter, or the first voter after everyone withdrew, is bound by the anchor too.
    function test_theRangeHoldsWithoutOtherVoters() public {
        VM.prank(ALICE);
        vault.updateUserPrice(0);
        assertEq(vault.votingTokens(), 0, "nobody votes");
        (uint256 min, uint256 max) = vault.voteRange();
        assertEq(min, 10 ether, "the valuation");
        assertEq(max, 50 ether, "5x the anchor");
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, 1000 ether, min, max));
        vault.updateUserPrice(1000 ether);
        VM.prank(ALICE);
        vault.updateUserPrice(max);
        assertEq(vault.reservePrice(), max, "sole voter at the top of the range");
    }

    /// Any price outside the anchored range is refused, any inside it accepted.
    function testFuzz_votesLieInTheAnchoredRange(uint256 price) public {
        VM.prank(BOB);
        vault.buyShares{value: 1 ether}(100 * SHARE);
        (uint256 min, uint256 max) = vault.voteRange();
        // half the runs inside the range, half anywhere
        if (price % 2 == 0) price = bound(price, min, max);
        VM.assume(price != 0);
        VM.prank(BOB);
        if (price < min || price > max) {
            VM.expectRevert(abi.encodeWithSelector(ShareVault.ReserveOutOfRange.selector, price, min, max));
            vault.updateUserPrice(price);
        } else {
            vault.updateUserPrice(price);
            assertEq(vault.userPrices(BOB), price, "accepted");
        }
    }

    function test_transfersMoveVotes() public {
        VM.prank(ALICE);
        vault.transfer(BOB, 100 * SHARE); // voter → non-voter
        assertEq(vault.votingTokens(), 500 * SHARE, "weight left with the shares");
        VM.prank(BOB);
        vault.updateUserPrice(20 ether);
        VM.prank(BOB);
        vault.transfer(ALICE, 50 * SHARE); // voter → voter at another price
        // Alice 550 × 10, Bob 50 × 20: (5500 + 1000) / 600
        assertEq(vault.reserveTotal(), 550 * SHARE * 10 ether + 50 * SHARE * 20 ether, "reserve total");
        VM.prank(CAROL);
        vault.buyShares{value: 1 ether}(100 * SHARE);
        VM.prank(CAROL);
        vault.transfer(BOB, 100 * SHARE); // non-voter → voter
        assertEq(vault.votingTokens(), 700 * SHARE, "weight joins the voter");
    }

    function stake(address who, uint256 amount) internal {
        VM.startPrank(who);
        vault.approve(address(staking), amount);
        staking.stake(address(vault), amount);
        VM.stopPrank();
    }

    /// A co-owner never chooses between yield and governance: a stake keeps its holder's vote.
    function test_stakedSharesKeepTheirVote() public {
        stake(ALICE, 200 * SHARE);
        assertEq(vault.votingTokens(), 600 * SHARE, "staking moved no weight");
        assertEq(vault.votingWeightOf(ALICE), 600 * SHARE, "balance + staked");
        // Bob stakes before he votes: his vote brings the stake along.
        VM.prank(BOB);
        vault.buyShares{value: 1 ether}(100 * SHARE);
        stake(BOB, 60 * SHARE);
        assertEq(vault.votingWeightOf(BOB), 100 * SHARE, "a non-voter's weight counts the stake too");
        VM.prank(BOB);
        vault.updateUserPrice(20 ether);
        assertEq(vault.votingTokens(), 700 * SHARE, "Bob's 40 held + 60 staked");
        assertEq(vault.reserveTotal(), 600 * SHARE * RESERVE + 100 * SHARE * 20 ether, "reserve total");
        VM.prank(BOB);
        staking.withdraw(address(vault), 60 * SHARE);
        VM.prank(ALICE);
        staking.withdraw(address(vault), 200 * SHARE);
        assertEq(vault.votingTokens(), 700 * SHARE, "withdrawals moved no weight");
        stake(BOB, 30 * SHARE);
        VM.prank(BOB);
        vault.updateUserPrice(0);
        assertEq(vault.votingTokens(), 600 * SHARE, "Bob's whole weight, stake included, left with his vote");
        assertEq(vault.reserveTotal(), 600 * SHARE * RESERVE, "and his price");
    }

    /// Votes, transfers and stakes in a block count for a start from the next block only.
    function test_votesCountFromTheNextBlock() public {
        VM.prank(ALICE);
        vault.transfer(BOB, 500 * SHARE); // Alice's weight falls to 100: below quorum now
        (uint256 votes, uint256 reserve) = vault.countedTally();
        assertEq(votes, 600 * SHARE, "the start still counts the previous block");
        assertEq(reserve, RESERVE, "reserve of the previous block");
        VM.prank(BOB);
        vault.updateUserPrice(50 ether);
        (votes, reserve) = vault.countedTally();
        assertEq(votes, 600 * SHARE, "unchanged within the block");
        assertEq(vault.votingTokens(), 600 * SHARE, "now: 100 + 500");
        nextBlock();
        (votes, reserve) = vault.countedTally();
        assertEq(votes, 600 * SHARE, "counted");
        assertEq(reserve, (100 * SHARE * RESERVE + 500 * SHARE * 50 ether) / (600 * SHARE), "Bob's vote counts now");
    }

    function testFuzz_reserveIsTheWeightedAverageOfVoters(uint256 a, uint256 b, uint256 bobPrice, uint256 moved)
        public
    {
        a = bound(a, 1, 200) * SHARE;
        b = bound(b, 1, 200) * SHARE;
        VM.prank(BOB);
        vault.buyShares{value: 100 ether}(a);
        VM.prank(CAROL);
        vault.buyShares{value: 100 ether}(b);
        bobPrice = bound(bobPrice, RESERVE, RESERVE * 5);
        VM.prank(BOB);
        vault.updateUserPrice(bobPrice);
        moved = bound(moved, 0, a);
        VM.prank(BOB);
        vault.transfer(CAROL, moved);
        uint256 bobShares = a - moved;
        uint256 voting = 600 * SHARE + bobShares;
        assertEq(vault.votingTokens(), voting, "voting tokens");
        assertEq(vault.reserveTotal(), 600 * SHARE * RESERVE + bobShares * bobPrice, "reserve total");
        assertEq(vault.reservePrice(), (600 * SHARE * RESERVE + bobShares * bobPrice) / voting, "average");
    }

    // --- buyout ---

    function test_startNeedsQuorumAndReserve() public {
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BelowReserve.selector, RESERVE - 1, RESERVE));
        vault.start{value: RESERVE - 1}();
        // The curator sells all but 200 shares to a non-voter: 200 / 1000 < 25 %.
        VM.prank(ALICE);
        vault.transfer(CAROL, 400 * SHARE);
        nextBlock();
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NoQuorum.selector, 200 * SHARE, SUPPLY));
        vault.start{value: RESERVE}();
    }

    function test_startClosesTheOfferingAndFreezesVotes() public {
        VM.prank(BOB);
        vault.start{value: RESERVE}();
        assertTrue(vault.state() == ShareVault.State.Live, "live");
        assertEq(vault.balanceOf(ALICE), SUPPLY, "unsold shares back to the curator");
        assertEq(vault.offeredShares(), 0, "offering closed");
        assertEq(vault.auctionEnd(), block.timestamp + AUCTION_LENGTH, "end");
        assertEq(vault.winner(), BOB, "winner");
        VM.prank(CAROL);
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Inactive, ShareVault.State.Live)
        );
        vault.buyShares{value: 1 ether}(SHARE);
        VM.prank(ALICE);
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Inactive, ShareVault.State.Live)
        );
        vault.updateUserPrice(11 ether);
        VM.prank(ALICE);
        vault.transfer(CAROL, SHARE); // no vote bookkeeping while live
        assertEq(vault.votingTokens(), 600 * SHARE, "votes frozen");
    }

    function test_bidRulesAndRefunds() public {
        VM.prank(BOB);
        vault.start{value: RESERVE}();
        VM.prank(CAROL);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.BidTooLow.selector, 10.5 ether - 1, 10.5 ether));
        vault.bid{value: 10.5 ether - 1}();
        uint256 end = vault.auctionEnd();
        VM.prank(CAROL);
        vault.bid{value: 10.5 ether}();
        assertEq(vault.auctionEnd(), end, "an early bid does not extend");
        assertEq(vault.payments(BOB), RESERVE, "outbid bidder refunded by pull payment");
        VM.warp(end - 10 minutes);
        VM.prank(DAVE);
        vault.bid{value: 12 ether}();
        assertEq(vault.auctionEnd(), end + AUCTION_EXTENSION, "a late bid extends by the extension");
        assertEq(vault.payments(CAROL), 10.5 ether, "second refund");
        VM.warp(end + AUCTION_EXTENSION);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.AuctionOver.selector, end + AUCTION_EXTENSION));
        vault.bid{value: 20 ether}();
    }

    function test_endCashAndConservation() public {
        VM.prank(BOB);
        vault.buyShares{value: 1 ether}(100 * SHARE);
        VM.prank(CAROL);
        vault.start{value: RESERVE}();
        VM.prank(DAVE);
        vault.bid{value: 11 ether}();
        VM.expectRevert(abi.encodeWithSelector(ShareVault.AuctionNotOver.selector, vault.auctionEnd()));
        vault.end();
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Ended, ShareVault.State.Live)
        );
        vault.cash();
        VM.warp(vault.auctionEnd());
        vault.end();
        assertEq(land.ownerOf(parcel), DAVE, "winner holds the parcel");
        assertEq(vault.cashPool(), 11 ether, "winning bid to cash out");

        uint256 bobBefore = BOB.balance;
        VM.prank(BOB);
        vault.cash();
        assertEq(BOB.balance - bobBefore, 1.1 ether, "10 % of shares, 10 % of the bid");
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NoShares.selector, BOB));
        vault.cash();
        uint256 aliceBefore = ALICE.balance;
        VM.prank(ALICE);
        vault.cash();
        assertEq(ALICE.balance - aliceBefore, 9.9 ether, "the rest");
        assertEq(vault.totalSupply(), 0, "all shares burnt");
        assertEq(vault.cashPool(), 0, "pool empty");
        assertEq(address(vault).balance, vault.totalPaymentsOwed(), "only pull payments remain");
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Live, ShareVault.State.Ended)
        );
        vault.end();
    }

    function testFuzz_cashIsProRataAndExact(uint256 bobShares, uint256 carolShares, uint256 bidWei) public {
        bobShares = bound(bobShares, 1, OFFERED / 2);
        carolShares = bound(carolShares, 1, OFFERED / 2);
        bidWei = bound(bidWei, RESERVE, 1_000_000 ether);
        VM.deal(DAVE, bidWei);
        VM.prank(BOB);
        vault.buyShares{value: 100 ether}(bobShares);
        VM.prank(CAROL);
        vault.buyShares{value: 100 ether}(carolShares);
        VM.prank(DAVE);
        vault.start{value: bidWei}();
        VM.warp(vault.auctionEnd());
        vault.end();
        uint256 paid;
        address[3] memory holders = [BOB, CAROL, ALICE];
        for (uint256 i = 0; i < 3; i++) {
            uint256 shares = vault.balanceOf(holders[i]);
            uint256 supply = vault.totalSupply();
            uint256 pool = vault.cashPool();
            uint256 before = holders[i].balance;
            VM.prank(holders[i]);
            vault.cash();
            uint256 got = holders[i].balance - before;
            assertEq(got, (pool * shares) / supply, "pro rata, rounded down");
            paid += got;
        }
        assertEq(paid, bidWei, "the bid is paid out exactly");
    }

    function test_redeemByTheHolderOfAllShares() public {
        VM.prank(ALICE);
        vault.buyShares{value: 4 ether}(OFFERED);
        VM.prank(ALICE);
        vault.transfer(BOB, 1);
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(ShareVault.NotAllShares.selector, SUPPLY - 1, SUPPLY));
        vault.redeem();
        VM.prank(BOB);
        vault.transfer(ALICE, 1);
        VM.prank(ALICE);
        vault.redeem();
        assertEq(land.ownerOf(parcel), ALICE, "parcel back");
        assertEq(vault.totalSupply(), 0, "shares burnt");
        assertTrue(vault.state() == ShareVault.State.Redeemed, "redeemed");
        VM.prank(ALICE);
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Inactive, ShareVault.State.Redeemed)
        );
        vault.redeem();
    }

    function test_bidBeforeStartAndCashToARefusingHolderRevert() public {
        VM.prank(ALICE);
        vault.transfer(address(this), SHARE); // this test contract has no receive()
        VM.expectRevert(
            abi.encodeWithSelector(ShareVault.WrongState.selector, ShareVault.State.Live, ShareVault.State.Inactive)
        );
        vault.bid{value: RESERVE}();
        VM.prank(BOB);
        vault.start{value: RESERVE}();
        VM.warp(vault.auctionEnd());
        vault.end();
        uint256 amount = RESERVE / 1000;
        VM.expectRevert(abi.encodeWithSelector(PullPayments.PaymentFailed.selector, address(this), amount));
        vault.cash();
    }

    function test_withdrawPaymentsNeedsABalance() public {
        VM.expectRevert(abi.encodeWithSelector(PullPayments.NothingToWithdraw.selector, BOB));
        vault.withdrawPayments(payable(BOB));
    }
}
