// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Fractionalizer} from "../src/Fractionalizer.sol";
import {LandRegistry, PALETTE_COUNT, STYLE_COUNT} from "../src/LandRegistry.sol";
import {ShareVault} from "../src/ShareVault.sol";
import {StyleVote} from "../src/StyleVote.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @notice A whole parcel's owner restyles it directly; a co-owned parcel's holders by vote.
contract StyleVoteTest is Fixture {
    uint256 internal constant SUPPLY = 1000 * SHARE;
    ShareVault internal vault;
    uint256 internal parcel;

    /// Alice keeps 600 shares, Bob 300, Carol 100 (no offering).
    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, 9, -9);
        vault = fractionalizeParcel(ALICE, parcel, SUPPLY, 10 ether, 0, 0);
        VM.startPrank(ALICE);
        vault.transfer(BOB, 300 * SHARE);
        vault.transfer(CAROL, 100 * SHARE);
        VM.stopPrank();
    }

    function propose(address who, uint256 style, uint256 palette) internal {
        VM.prank(who);
        vault.proposeStyle(style, palette);
    }

    function vote(address who, bool support) internal {
        VM.prank(who);
        vault.voteStyle(support);
    }

    function tally() internal view returns (uint256 yes, uint256 no) {
        (,,,,, yes, no) = vault.styleProposal();
    }

    function pastDeadline() internal {
        VM.warp(block.timestamp + STYLE_VOTE_PERIOD);
    }

    function styleOf(uint256 id) internal view returns (uint256 style, uint256 palette) {
        (style, palette) = land.styleOf(id);
    }

    // --- a whole parcel ---

    function test_theOwnerOfAWholeParcelSetsItsStyle() public {
        uint256 id = claimParcel(BOB, 1, 2);
        VM.expectEmit(true, true, false, true);
        emit LandRegistry.ParcelStyled(id, BOB, 3, 7);
        VM.prank(BOB);
        land.setStyle(id, 3, 7);
        (uint256 style, uint256 palette) = styleOf(id);
        assertEq(style, 3, "style");
        assertEq(palette, 7, "palette");
    }

    function test_onlyTheOwnerSetsAKnownStyle() public {
        uint256 id = claimParcel(BOB, 1, 2);
        VM.prank(CAROL);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.NotYourParcel.selector, id, CAROL));
        land.setStyle(id, 1, 1);
        VM.startPrank(BOB);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.UnknownStyle.selector, STYLE_COUNT, 0));
        land.setStyle(id, STYLE_COUNT, 0);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.UnknownStyle.selector, 0, PALETTE_COUNT));
        land.setStyle(id, 0, PALETTE_COUNT);
        VM.stopPrank();
        // the curator of a co-owned parcel no longer owns it: only its vault does
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.NotYourParcel.selector, parcel, ALICE));
        land.setStyle(parcel, 1, 1);
    }

    // --- a co-owned parcel ---

    function test_aMajorityOfTheVotesCastRestylesTheParcel() public {
        VM.expectEmit(true, true, false, true);
        emit StyleVote.StyleProposed(1, BOB, 2, 5, block.timestamp + STYLE_VOTE_PERIOD);
        propose(BOB, 2, 5);
        vote(CAROL, true);
        (uint256 yes, uint256 no) = tally();
        assertEq(yes, 400 * SHARE, "Bob and Carol for");
        assertEq(no, 0, "none against");
        VM.expectRevert(abi.encodeWithSelector(StyleVote.VotingNotOver.selector, block.timestamp + STYLE_VOTE_PERIOD));
        vault.settleStyle();
        pastDeadline();
        VM.expectEmit(true, false, false, true);
        emit StyleVote.StyleSettled(1, true, 400 * SHARE, 0);
        VM.prank(DAVE); // anyone settles
        vault.settleStyle();
        (uint256 style, uint256 palette) = styleOf(parcel);
        assertEq(style, 2, "style applied");
        assertEq(palette, 5, "palette applied");
        VM.expectRevert(abi.encodeWithSelector(StyleVote.NoOpenProposal.selector));
        vault.settleStyle();
    }

    function test_moreVotesAgainstLeaveTheStyle() public {
        propose(BOB, 2, 5);
        vote(ALICE, false);
        pastDeadline();
        vault.settleStyle();
        (uint256 style, uint256 palette) = styleOf(parcel);
        assertEq(style + palette, 0, "unchanged");
    }

    function test_aTieIsNoMajority() public {
        VM.prank(ALICE);
        vault.transfer(BOB, 200 * SHARE); // Alice 400, Bob 500, Carol 100
        propose(BOB, 1, 1);
        vote(ALICE, false);
        vote(CAROL, false);
        pastDeadline();
        VM.expectEmit(true, false, false, true);
        emit StyleVote.StyleSettled(1, false, 500 * SHARE, 500 * SHARE);
        vault.settleStyle();
    }

    function test_oneProposalAtATime() public {
        propose(BOB, 1, 1);
        uint256 deadline = block.timestamp + STYLE_VOTE_PERIOD;
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.ProposalOpen.selector, 1, deadline));
        vault.proposeStyle(2, 2);
        // once voting closed, the next proposal settles the last (here: passed) first
        pastDeadline();
        propose(ALICE, 2, 2);
        (uint256 style,) = styleOf(parcel);
        assertEq(style, 1, "the closed proposal was applied");
        (uint256 id, uint256 nextStyle,,, bool settled, uint256 yes,) = vault.styleProposal();
        assertEq(id, 2, "second proposal");
        assertEq(nextStyle, 2, "its style");
        assertTrue(!settled, "open");
        assertEq(yes, 600 * SHARE, "Alice's weight");
    }

    function test_proposalsAndVotesAreChecked() public {
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.NoOpenProposal.selector));
        vault.voteStyle(true);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.UnknownStyle.selector, STYLE_COUNT, 0));
        vault.proposeStyle(STYLE_COUNT, 0);
        VM.prank(DAVE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.BelowProposalThreshold.selector, 0, 10 * SHARE));
        vault.proposeStyle(1, 1);
        propose(BOB, 1, 1);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.AlreadyVoted.selector, BOB, 1));
        vault.voteStyle(false);
        VM.prank(DAVE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.NoVotingWeight.selector, DAVE));
        vault.voteStyle(true);
        pastDeadline();
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.VotingClosed.selector, block.timestamp));
        vault.voteStyle(false);
    }

    function test_weightMovesWithTheSharesUntilVotingCloses() public {
        propose(BOB, 1, 1);
        vote(ALICE, false);
        VM.prank(BOB);
        vault.transfer(DAVE, 100 * SHARE); // from a voter for to a non-voter
        (uint256 yes, uint256 no) = tally();
        assertEq(yes, 200 * SHARE, "Bob's sold shares left his vote");
        VM.prank(ALICE);
        vault.transfer(BOB, 100 * SHARE); // from against to for
        (yes, no) = tally();
        assertEq(yes, 300 * SHARE, "for");
        assertEq(no, 500 * SHARE, "against");
        pastDeadline();
        VM.prank(ALICE);
        vault.transfer(BOB, 500 * SHARE);
        (yes, no) = tally();
        assertEq(yes, 300 * SHARE, "frozen once voting closed");
        assertEq(no, 500 * SHARE, "frozen");
    }

    function test_stakedSharesKeepTheirStyleVote() public {
        VM.startPrank(CAROL);
        vault.approve(address(staking), 100 * SHARE);
        staking.stake(address(vault), 60 * SHARE);
        VM.stopPrank();
        propose(BOB, 1, 1);
        vote(CAROL, true);
        (uint256 yes,) = tally();
        assertEq(yes, 400 * SHARE, "Carol's 40 held and 60 staked count");
        VM.startPrank(CAROL);
        staking.stake(address(vault), 40 * SHARE);
        staking.withdraw(address(vault), 100 * SHARE);
        VM.stopPrank();
        (yes,) = tally();
        assertEq(yes, 400 * SHARE, "staking and withdrawing move no votes");
    }

    function test_noStyleVotesDuringABuyout() public {
        propose(BOB, 1, 1);
        VM.prank(BOB);
        vault.updateUserPrice(10 ether); // Alice's 200 and Bob's 300 of 1000 vote: a quorum
        VM.roll(block.number + 1);
        VM.prank(DAVE);
        vault.start{value: 10 ether}();
        bytes memory live = abi.encodeWithSelector(
            ShareVault.WrongState.selector, ShareVault.State.Inactive, ShareVault.State.Live
        );
        VM.prank(ALICE);
        VM.expectRevert(live);
        vault.voteStyle(false);
        VM.prank(ALICE);
        VM.expectRevert(live);
        vault.proposeStyle(2, 2);
    }

    function test_theVotePeriodIsBounded() public {
        VM.expectRevert(abi.encodeWithSelector(StyleVote.InvalidStyleVotePeriod.selector, 0));
        new Fractionalizer(land, staking, ShareVault.VaultTimes(1 hours, 0, 0));
        VM.expectRevert(abi.encodeWithSelector(StyleVote.InvalidStyleVotePeriod.selector, 366 days));
        new Fractionalizer(land, staking, ShareVault.VaultTimes(1 hours, 0, 366 days));
    }

    /// Whatever the holders do with their shares while voting is open, the tally is the weight of
    /// the holders on each side: every share counts once.
    function testFuzz_theTallyIsTheVotersWeight(uint256 seed) public {
        propose(BOB, 1, 1);
        vote(ALICE, false);
        address[4] memory holders = [ALICE, BOB, CAROL, DAVE];
        for (uint256 i = 0; i < 12; i++) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            address from = holders[r % 4];
            address to = holders[(r >> 8) % 4];
            uint256 amount = bound(r >> 16, 0, vault.balanceOf(from));
            VM.prank(from);
            vault.transfer(to, amount);
            if ((r >> 128) % 5 == 0) {
                (uint256 ballot,) = vault.styleBallotOf(to);
                if (ballot != 1 && vault.balanceOf(to) > 0) vote(to, (r >> 136) % 2 == 0);
            }
        }
        uint256 yes;
        uint256 no;
        for (uint256 i = 0; i < 4; i++) {
            (uint256 ballot, bool support) = vault.styleBallotOf(holders[i]);
            if (ballot != 1) continue;
            if (support) yes += vault.balanceOf(holders[i]);
            else no += vault.balanceOf(holders[i]);
        }
        (uint256 tallyYes, uint256 tallyNo) = tally();
        assertEq(tallyYes, yes, "for");
        assertEq(tallyNo, no, "against");
        assertLe(tallyYes + tallyNo, SUPPLY, "never more than the supply");
    }
}
