// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Share-weighted vote on a co-owned parcel's look
/// @notice The holders of a parcel's shares choose its structure style and palette colour: a holder
/// with at least PROPOSAL_THRESHOLD_PERCENT of the supply proposes (and votes for it), holders vote
/// for or against until the deadline, and once it has passed anyone settles it: more votes for than
/// against (a simple majority of the votes cast) restyles the parcel.
/// Against borrowed votes: a ballot's weight moves with the shares, as the reserve vote's does
/// (`_moveStyleVotes`, called by the token on every transfer while votes are open), so shares
/// borrowed and given back within a transaction leave no weight behind, and shares sold or sent
/// away take their weight along: every share counts once, for the holder of it when voting closes.
/// The weight of a holder is what the token says (balance plus stake); a holder votes once per
/// proposal; the pair of a Uniswap pool never votes, so pool shares count for nobody.
/// Against proposal spam: one proposal is open at a time, only a holder of the threshold proposes,
/// and an open proposal whose votes for fell below the threshold (borrowed shares given back,
/// its backers sold) may be replaced.
/// @dev yes = Σ over holders whose ballot is for the open proposal of their weight; no alike.
abstract contract StyleVote {
    /// @dev The open (or last) proposal, one slot.
    struct StyleProposal {
        /// 1, 2, …; 0 before the first.
        uint32 id;
        uint8 style;
        uint8 palette;
        /// Unix seconds when voting closes.
        uint40 deadline;
        /// Counted and, when passed, applied.
        bool settled;
    }

    /// @dev Votes for and against the open proposal, in share units (≤ supply < 2^96); one slot.
    struct StyleTally {
        uint96 yes;
        uint96 no;
    }

    /// @dev A holder's ballot: the proposal it is for and which way.
    struct StyleBallot {
        uint32 proposal;
        bool support;
    }

    /// @notice A holder needs this share of supply (balance plus stake), in percent, to propose.
    uint256 public constant PROPOSAL_THRESHOLD_PERCENT = 1;

    /// @notice Seconds a style proposal is open for votes.
    uint256 public immutable styleVotePeriod;

    StyleProposal private _style;
    StyleTally private _styleTally;
    mapping(address holder => StyleBallot) private _styleBallots;

    event StyleProposed(
        uint256 indexed proposal, address indexed proposer, uint256 style, uint256 palette, uint256 deadline
    );
    event StyleVoted(uint256 indexed proposal, address indexed holder, bool support, uint256 weight);
    /// @notice Voting on `proposal` closed (or it lapsed, replaced): `passed` means it was applied.
    event StyleSettled(uint256 indexed proposal, bool passed, uint256 yes, uint256 no);

    error InvalidStyleVotePeriod(uint256 period);
    error ProposalOpen(uint256 proposal, uint256 deadline);
    error BelowProposalThreshold(uint256 weight, uint256 threshold);
    error NoOpenProposal();
    error AlreadyVoted(address holder, uint256 proposal);
    error VotingClosed(uint256 deadline);
    error VotingNotOver(uint256 deadline);
    error NoVotingWeight(address holder);

    /// @param period seconds each proposal is open for votes (at most a year)
    constructor(uint256 period) {
        if (period == 0 || period > 365 days) revert InvalidStyleVotePeriod(period);
        styleVotePeriod = period;
    }

    /// @notice The open (or last) proposal and its tally now.
    function styleProposal()
        external
        view
        returns (uint256 id, uint256 style, uint256 palette, uint256 deadline, bool settled, uint256 yes, uint256 no)
    {
        StyleProposal memory p = _style;
        StyleTally memory t = _styleTally;
        return (p.id, p.style, p.palette, p.deadline, p.settled, t.yes, t.no);
    }

    /// @notice The proposal `holder` last voted on (0: none) and which way.
    function styleBallotOf(address holder) external view returns (uint256 proposal, bool support) {
        StyleBallot memory ballot = _styleBallots[holder];
        return (ballot.proposal, ballot.support);
    }

    /// @notice Weight a proposal needs: PROPOSAL_THRESHOLD_PERCENT of the supply (at least 1 unit).
    function proposalThreshold() public view returns (uint256) {
        uint256 threshold = (_styleSupply() * PROPOSAL_THRESHOLD_PERCENT) / 100;
        return threshold == 0 ? 1 : threshold;
    }

    /// @notice Proposes `style` with `palette` and votes for it with the caller's weight. Settles a
    /// proposal whose voting closed first; replaces an open one only when its votes for fell below
    /// the threshold.
    function proposeStyle(uint256 style, uint256 palette) external {
        _requireStyleVoting();
        _checkStyle(style, palette);
        StyleProposal memory p = _style;
        uint256 threshold = proposalThreshold();
        if (p.id != 0 && !p.settled) {
            if (block.timestamp >= p.deadline) {
                _settle(p);
            } else {
                StyleTally memory t = _styleTally;
                if (t.yes >= threshold) revert ProposalOpen(p.id, p.deadline);
                emit StyleSettled(p.id, false, t.yes, t.no);
            }
        }
        uint256 weight = _styleWeightOf(msg.sender);
        if (weight < threshold) revert BelowProposalThreshold(weight, threshold);
        uint256 deadline = block.timestamp + styleVotePeriod;
        uint32 id = p.id + 1;
        // style and palette are below their counts (< 256); deadline < 2^40 for ~35,000 years;
        // weight ≤ supply < 2^96
        _style = StyleProposal({
            id: id, style: uint8(style), palette: uint8(palette), deadline: uint40(deadline), settled: false
        });
        _styleTally = StyleTally({yes: uint96(weight), no: 0});
        _styleBallots[msg.sender] = StyleBallot({proposal: id, support: true});
        emit StyleProposed(id, msg.sender, style, palette, deadline);
        emit StyleVoted(id, msg.sender, true, weight);
    }

    /// @notice Votes for (`support`) or against the open proposal with the caller's weight, once.
    function voteStyle(bool support) external {
        _requireStyleVoting();
        StyleProposal memory p = _style;
        if (p.id == 0 || p.settled) revert NoOpenProposal();
        if (block.timestamp >= p.deadline) revert VotingClosed(p.deadline);
        if (_styleBallots[msg.sender].proposal == p.id) revert AlreadyVoted(msg.sender, p.id);
        uint256 weight = _styleWeightOf(msg.sender);
        if (weight == 0) revert NoVotingWeight(msg.sender);
        _styleBallots[msg.sender] = StyleBallot({proposal: p.id, support: support});
        StyleTally memory t = _styleTally;
        // Σ weight ≤ supply < 2^96
        if (support) t.yes += uint96(weight);
        else t.no += uint96(weight);
        _styleTally = t;
        emit StyleVoted(p.id, msg.sender, support, weight);
    }

    /// @notice Counts the proposal once voting closed and applies it when more voted for than
    /// against; anyone may call it.
    function settleStyle() external {
        StyleProposal memory p = _style;
        if (p.id == 0 || p.settled) revert NoOpenProposal();
        if (block.timestamp < p.deadline) revert VotingNotOver(p.deadline);
        _settle(p);
    }

    /// @dev Moves `value` shares' weight from `from`'s ballot to `to`'s while voting is open; the
    /// token calls it on every transfer that moves weight between holders.
    function _moveStyleVotes(address from, address to, uint256 value) internal {
        StyleProposal memory p = _style;
        if (p.settled || block.timestamp >= p.deadline) return; // also before the first: deadline 0
        uint256 fromSide = _sideOf(from, p.id);
        uint256 toSide = _sideOf(to, p.id);
        if (fromSide == toSide) return;
        StyleTally memory t = _styleTally;
        // value ≤ a balance ≤ supply < 2^96; a voter's shares are in the side they voted
        if (fromSide == 1) t.yes -= uint96(value);
        else if (fromSide == 2) t.no -= uint96(value);
        if (toSide == 1) t.yes += uint96(value);
        else if (toSide == 2) t.no += uint96(value);
        _styleTally = t;
    }

    /// @dev Weight of `holder` in a vote (balance plus stake).
    function _styleWeightOf(address holder) internal view virtual returns (uint256);

    /// @dev Shares in existence.
    function _styleSupply() internal view virtual returns (uint256);

    /// @dev Reverts unless proposals and votes are taken now.
    function _requireStyleVoting() internal view virtual;

    /// @dev Reverts unless `style` and `palette` exist.
    function _checkStyle(uint256 style, uint256 palette) internal view virtual;

    /// @dev Restyles the parcel.
    function _applyStyle(uint256 style, uint256 palette) internal virtual;

    function _settle(StyleProposal memory p) private {
        _style.settled = true;
        StyleTally memory t = _styleTally;
        bool passed = t.yes > t.no;
        emit StyleSettled(p.id, passed, t.yes, t.no);
        if (passed) _applyStyle(p.style, p.palette);
    }

    /// @dev 1: `holder` voted for proposal `id`, 2: against, 0: not on it.
    function _sideOf(address holder, uint32 id) private view returns (uint256) {
        StyleBallot memory ballot = _styleBallots[holder];
        if (ballot.proposal != id) return 0;
        return ballot.support ? 1 : 2;
    }
}
