// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ShareVault} from "../../src/ShareVault.sol";
import {StyleVote} from "../../src/StyleVote.sol";
import {FlashBorrower, IUniswapV2Pair, IWETH, UniswapFixture} from "../utils/Uniswap.sol";

/// @notice Borrows shares from the parcel's pool and, in the same call, proposes style `style`
/// (when not 0) or else votes `support` with them.
contract StyleAttacker is FlashBorrower {
    ShareVault public immutable vault;
    /// Votes for while the borrowed shares were held.
    uint256 public yesWhileBorrowed;

    constructor(IUniswapV2Pair pair_, ShareVault vault_, IWETH weth_) FlashBorrower(pair_, vault_, weth_) {
        vault = vault_;
    }

    function _onBorrowed(uint256, bytes memory data) internal override {
        (uint256 style, bool support) = abi.decode(data, (uint256, bool));
        if (style != 0) vault.proposeStyle(style, 1);
        else vault.voteStyle(support);
        (,,,,, yesWhileBorrowed,) = vault.styleProposal();
    }
}

/// @notice The attacks on the style vote, tried against the real Uniswap V2 pair, and refused.
contract StyleAttacksTest is UniswapFixture {
    uint256 internal constant SUPPLY = 1000 * SHARE;
    ShareVault internal vault;
    uint256 internal parcel;
    IUniswapV2Pair internal pair;
    StyleAttacker internal attacker;

    /// Alice pools 500 shares, keeps 400 and gives Bob 100.
    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, 6, 6);
        vault = fractionalizeParcel(ALICE, parcel, SUPPLY, 10 ether, 0, 0);
        pair = seedPool(ALICE, vault, 500 * SHARE, 5 ether);
        VM.prank(ALICE);
        vault.transfer(BOB, 100 * SHARE);
        attacker = new StyleAttacker(pair, vault, weth);
    }

    function tally() internal view returns (uint256 yes, uint256 no) {
        (,,,,, yes, no) = vault.styleProposal();
    }

    function styleOfParcel() internal view returns (uint256 style) {
        (style,) = land.styleOf(parcel);
    }

    /// The pool's shares (half the supply) vote for a proposal Alice's 400 oppose: they leave with
    /// the loan, and the proposal fails.
    function test_flashBorrowedSharesLeaveNoVoteBehind() public {
        VM.prank(BOB);
        vault.proposeStyle(4, 4);
        VM.prank(ALICE);
        vault.voteStyle(false);
        attacker.borrow{value: 1 ether}(499 * SHARE, abi.encode(uint256(0), true));
        assertEq(attacker.yesWhileBorrowed(), 599 * SHARE, "for, while borrowed");
        (uint256 yes, uint256 no) = tally();
        assertEq(yes, 100 * SHARE, "only Bob's own shares are for");
        assertEq(no, 400 * SHARE, "Alice against");
        VM.warp(block.timestamp + STYLE_VOTE_PERIOD);
        vault.settleStyle();
        assertEq(styleOfParcel(), 0, "not restyled");
    }

    /// A proposal made with borrowed shares has no backing once they are back: any holder of the
    /// threshold replaces it, so a borrower cannot block the parcel's proposals.
    function test_aFlashBorrowedProposalLapses() public {
        attacker.borrow{value: 1 ether}(100 * SHARE, abi.encode(uint256(3), false));
        (uint256 yes,) = tally();
        assertEq(yes, 0, "no backing left");
        VM.expectEmit(true, false, false, true);
        emit StyleVote.StyleSettled(1, false, 0, 0);
        VM.prank(BOB);
        vault.proposeStyle(2, 2);
        (uint256 id, uint256 style,,,,,) = vault.styleProposal();
        assertEq(id, 2, "replaced");
        assertEq(style, 2, "Bob's proposal");
    }

    /// Voting, handing the shares to an accomplice and voting again counts them once.
    function test_sharesVoteOnceWhoeverHoldsThem() public {
        VM.prank(BOB);
        vault.proposeStyle(1, 1);
        VM.prank(ALICE);
        vault.voteStyle(false);
        VM.prank(ALICE);
        vault.transfer(CAROL, 400 * SHARE);
        VM.prank(CAROL);
        vault.voteStyle(false);
        VM.prank(CAROL);
        vault.transfer(DAVE, 400 * SHARE);
        VM.prank(DAVE);
        vault.voteStyle(false);
        (uint256 yes, uint256 no) = tally();
        assertEq(no, 400 * SHARE, "the 400 count once");
        assertEq(yes, 100 * SHARE, "Bob");
        VM.prank(DAVE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.AlreadyVoted.selector, DAVE, 1));
        vault.voteStyle(false);
    }

    /// After the deadline nobody votes, and shares moved then change nothing.
    function test_noVotesAfterTheDeadline() public {
        VM.prank(BOB);
        vault.proposeStyle(1, 1);
        uint256 deadline = block.timestamp + STYLE_VOTE_PERIOD;
        VM.warp(deadline);
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.VotingClosed.selector, deadline));
        vault.voteStyle(false);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.VotingClosed.selector, deadline));
        attacker.borrow{value: 1 ether}(400 * SHARE, abi.encode(uint256(0), false));
        VM.prank(BOB);
        vault.transfer(DAVE, 100 * SHARE);
        (uint256 yes,) = tally();
        assertEq(yes, 100 * SHARE, "Bob's vote as it closed");
        vault.settleStyle();
        assertEq(styleOfParcel(), 1, "passed");
    }

    /// Non-holders and dust holders cannot propose, and an open proposal with real backing blocks
    /// the next until it closes.
    function test_proposalSpamIsRefused() public {
        VM.prank(DAVE);
        VM.expectRevert(abi.encodeWithSelector(StyleVote.BelowProposalThreshold.selector, 0, 10 * SHARE));
        vault.proposeStyle(1, 1);
        VM.prank(BOB);
        vault.transfer(CAROL, 10 * SHARE - 1);
        VM.prank(CAROL);
        VM.expectRevert(
            abi.encodeWithSelector(StyleVote.BelowProposalThreshold.selector, 10 * SHARE - 1, 10 * SHARE)
        );
        vault.proposeStyle(1, 1);
        VM.prank(BOB);
        vault.proposeStyle(1, 1);
        VM.prank(ALICE);
        VM.expectRevert(
            abi.encodeWithSelector(StyleVote.ProposalOpen.selector, 1, block.timestamp + STYLE_VOTE_PERIOD)
        );
        vault.proposeStyle(2, 2);
    }

    /// The pair holds half the supply and never votes; a liquidity provider's pooled shares are not
    /// theirs to vote.
    function test_poolSharesNeverVote() public {
        assertEq(vault.votingWeightOf(ALICE), 400 * SHARE, "Alice's pooled 500 are not hers");
        VM.prank(ALICE);
        vault.proposeStyle(1, 1);
        (uint256 yes,) = tally();
        assertEq(yes, 400 * SHARE, "only what she holds");
        buyFromPool(CAROL, vault, 1 ether);
        (yes,) = tally();
        assertEq(yes, 400 * SHARE, "a buy from the pool moves no vote");
    }
}
