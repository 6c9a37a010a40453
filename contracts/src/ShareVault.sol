// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {LandRegistry} from "./LandRegistry.sol";
import {ParcelStaking} from "./ParcelStaking.sol";
import {PullPayments} from "./PullPayments.sol";
import {StyleVote} from "./StyleVote.sol";

/// @dev A vote lies within [anchor / RESERVE_FACTOR, anchor × RESERVE_FACTOR] (and at or above the
/// offering's valuation), the anchor being the curator's reserve at fractionalization.
uint256 constant RESERVE_FACTOR = 5;
/// @dev Highest vote, in wei (~1.2 million ETH): the tally packs votes in 80 bits.
uint256 constant MAX_VOTE = type(uint80).max;

/// @title Share vault of one parcel
/// @notice Holds a parcel NFT and is the ERC-20 of its shares. Deployed once as an implementation;
/// each fractionalized parcel gets an EIP-1167 clone initialized by the `Fractionalizer`.
/// Offering, reserve-price votes and buyout follow Fractional v1's TokenVault: the reserve is the
/// weight-averaged price of the voters, a buyout needs 25 % of supply voting, bids rise by 5 %, a
/// bid within `auctionExtension` of the end extends the auction by as much.
/// Against borrowed votes (flash swaps from the parcel's pool): a start counts the votes and the
/// reserve as they stood at the end of the previous block, so weight that is borrowed and returned
/// inside one transaction never counts. A holder's weight is their balance plus their shares
/// staked in `staking` (staking keeps the vote); shares in a Uniswap pair or any other contract
/// that never votes count for nobody. Every vote lies in a range fixed at fractionalization: within
/// 1/5× to 5× of the curator's reserve (the anchor) and never below the offering's valuation.
/// The holders also vote on the parcel's look (`StyleVote`), with the same weight.
/// @dev ETH held = totalPaymentsOwed + (Live ? livePrice : 0) + (Ended ? cashPool : 0).
/// Shares: supply = Σ balances, and staking's balance = Σ stakes of this vault (shares reach
/// staking only as a stake it pulls). While Inactive: votingTokens = Σ over voters of (balance +
/// staked) and reserveTotal = Σ over voters of (balance + staked) × price.
contract ShareVault is ERC20, PullPayments, StyleVote {
    using Strings for int256;

    /// @notice Auction and style vote timing, a deployment parameter: minutes on a local chain,
    /// days elsewhere.
    struct VaultTimes {
        /// Seconds from the starting bid to the end.
        uint256 length;
        /// A bid this close to the end pushes the end back by as much, in seconds.
        uint256 extension;
        /// Seconds a style proposal is open for votes.
        uint256 styleVote;
    }

    /// @dev Locked: the implementation itself, which holds no parcel and takes no calls.
    enum State {
        Inactive,
        Live,
        Ended,
        Redeemed,
        Locked
    }

    /// @dev The vote tally now and as a start in `countedBlock` counts it; one slot with the state,
    /// which every transfer reads anyway, so a transfer that moves votes finds it warm.
    struct Tally {
        State state;
        /// Block of the last change of the tally.
        uint48 countedBlock;
        /// Σ weight of the voters now (≤ supply < 2^96).
        uint96 votingWeight;
        /// Σ weight of the voters at the end of the block before `countedBlock`.
        uint96 votingBefore;
    }

    /// @dev Σ weight × price of the voters now (< 2^96 × 2^80), and the reserve price at the end of
    /// the block before `countedBlock` (a vote < 2^80); one slot.
    struct ReserveTally {
        uint176 total;
        uint80 before;
    }

    /// @dev A holder's vote; `staked` mirrors their stake in `staking` while they vote (0 otherwise).
    struct Voter {
        uint80 price;
        uint96 staked;
    }

    /// @notice The factory that may initialize clones (shared by all clones through the code).
    address public immutable fractionalizer;
    LandRegistry public immutable land;
    /// @notice Where holders stake shares (the same for every vault); staked shares keep their vote.
    ParcelStaking public immutable staking;
    /// @notice Length of a buyout auction, in seconds.
    uint256 public immutable auctionLength;
    /// @notice A bid this close to the end pushes the end back by as much, in seconds.
    uint256 public immutable auctionExtension;

    /// @notice A buyout needs votes from at least this share of supply, in percent.
    uint256 public constant QUORUM_PERCENT = 25;
    /// @notice Each bid beats the last by at least this, in percent.
    uint256 public constant MIN_BID_INCREASE_PERCENT = 5;
    /// @dev Offer prices are quoted in wei per whole share (1e18 units).
    uint256 private constant ONE_SHARE = 1e18;

    /// @notice Highest bidder of the buyout.
    address public winner;
    /// @notice Unix seconds when the auction ends (0 before a buyout).
    uint40 public auctionEnd;
    /// @notice Highest bid, in wei.
    uint256 public livePrice;
    /// @notice Wei left for `cash()` after the auction ended.
    uint256 public cashPool;
    Tally private _tally;
    ReserveTally private _reserve;
    mapping(address holder => Voter) private _voters;

    event ReserveVoted(address indexed holder, uint256 price, uint256 reservePrice);
    event SharesBought(address indexed buyer, uint256 amount, uint256 cost);
    event BuyoutStarted(address indexed bidder, uint256 price, uint256 auctionEnd);
    event BidPlaced(address indexed bidder, uint256 price, uint256 auctionEnd);
    event BuyoutWon(address indexed winner, uint256 price);
    event SharesCashed(address indexed holder, uint256 shares, uint256 amount);
    event ParcelRedeemed(address indexed holder);

    error NotFractionalizer();
    error WrongState(State expected, State actual);
    error NotAnUpdate(uint256 price);
    error ReserveOutOfRange(uint256 price, uint256 min, uint256 max);
    error NoShares(address holder);
    error OfferingSoldOut(uint256 requested, uint256 remaining);
    error Underpaid(uint256 price, uint256 paid);
    error NoQuorum(uint256 votingTokens, uint256 supply);
    error BelowReserve(uint256 bid, uint256 reservePrice);
    error BidTooLow(uint256 bid, uint256 minimum);
    error AuctionOver(uint256 auctionEnd);
    error AuctionNotOver(uint256 auctionEnd);
    error NotAllShares(uint256 balance, uint256 supply);
    error ZeroAmount();
    error InvalidAuctionTimes(uint256 length, uint256 extension);
    /// @notice Shares sent to the vault itself would belong to nobody.
    error TransferToVault();
    /// @notice Shares reach the staking contract only through its `stake` (which keeps their vote).
    error StakeThroughStaking();

    /// @param land_ the parcel registry
    /// @param staking_ the staking contract of every vault's shares
    /// @param auction buyout auction length and extension and the style vote's length, in seconds
    constructor(LandRegistry land_, ParcelStaking staking_, VaultTimes memory auction)
        ERC20("", "")
        StyleVote(auction.styleVote)
    {
        // Bounded so block.timestamp + length + extensions always fits the uint40 auctionEnd.
        if (auction.length == 0 || auction.length > 365 days || auction.extension > auction.length) {
            revert InvalidAuctionTimes(auction.length, auction.extension);
        }
        fractionalizer = msg.sender;
        land = land_;
        staking = staking_;
        auctionLength = auction.length;
        auctionExtension = auction.extension;
        // The implementation itself never holds a parcel: nothing may start, bid or initialize on it.
        _tally.state = State.Locked;
    }

    /// @notice Sets up a fresh clone: mints `supply` shares, `offerAmount` of them kept here for the
    /// primary offering and the rest to the curator, whose vote is the anchor. The curator, offer
    /// price, parcel id and anchor are the clone's immutable arguments (see `_cloneArgs`); the
    /// Fractionalizer checked them and the supply, and transfers the NFT in right after.
    function initialize(uint256 supply, uint256 offerAmount) external {
        // The fractionalizer calls this exactly once, right after creating the clone.
        if (msg.sender != fractionalizer) revert NotFractionalizer();
        _requireState(State.Inactive);
        (address curator_,,, uint80 anchor_) = _cloneArgs();
        if (offerAmount > 0) _mint(address(this), offerAmount);
        uint256 curatorShares = supply - offerAmount;
        _mint(curator_, curatorShares);
        // Recorded after the mints, which therefore moved no votes. The curator's vote counts
        // from the next block, as every vote does.
        _tally = Tally({
            state: State.Inactive,
            countedBlock: uint48(block.number),
            votingWeight: uint96(curatorShares),
            votingBefore: 0
        });
        if (curatorShares > 0) {
            _voters[curator_].price = anchor_;
            // curatorShares < 2^96 and anchor < 2^80 (checked by the Fractionalizer)
            _reserve.total = uint176(curatorShares * anchor_);
        }
    }

    /// @notice Who fractionalized the parcel; receives the offering proceeds.
    function curator() public view returns (address curator_) {
        (curator_,,,) = _cloneArgs();
    }

    /// @notice Wei per whole share of the primary offering.
    function offerPrice() public view returns (uint256 offerPrice_) {
        (, offerPrice_,,) = _cloneArgs();
    }

    /// @notice Token id of the parcel this vault holds.
    function parcelId() public view returns (uint256 parcelId_) {
        (,, parcelId_,) = _cloneArgs();
    }

    /// @notice The curator's reserve at fractionalization, in wei: every vote lies within
    /// 1/RESERVE_FACTOR× to RESERVE_FACTOR× of it.
    function anchor() public view returns (uint256 anchor_) {
        (,,, anchor_) = _cloneArgs();
    }

    /// @notice "Parcel x,y shares".
    function name() public view override returns (string memory) {
        (int256 x, int256 y) = land.coordsOf(parcelId());
        return string.concat("Parcel ", x.toStringSigned(), ",", y.toStringSigned(), " shares");
    }

    /// @notice "P<x>_<y>", e.g. "P-3_7".
    function symbol() public view override returns (string memory) {
        (int256 x, int256 y) = land.coordsOf(parcelId());
        return string.concat("P", x.toStringSigned(), "_", y.toStringSigned());
    }

    /// @notice Inactive (open), Live (auction), Ended (bought out), Redeemed; Locked: the implementation.
    function state() public view returns (State) {
        return _tally.state;
    }

    /// @notice Weight (balance + staked) of the holders who vote, now.
    function votingTokens() external view returns (uint256) {
        return _tally.votingWeight;
    }

    /// @notice Σ weight × price over the voters now (shares × wei).
    function reserveTotal() external view returns (uint256) {
        return _reserve.total;
    }

    /// @notice Each holder's vote for the price of the whole parcel, in wei; 0 = not voting.
    function userPrices(address holder) external view returns (uint256) {
        return _voters[holder].price;
    }

    /// @notice Shares that vote for `holder` when they vote: their balance plus their stake.
    function votingWeightOf(address holder) public view returns (uint256) {
        Voter memory voter = _voters[holder];
        return balanceOf(holder) + (voter.price != 0 ? voter.staked : _stakeOf(holder));
    }

    /// @notice Weight-averaged vote of the voters now, in wei; 0 when nobody votes. A start counts
    /// it from the next block (`countedTally`).
    function reservePrice() public view returns (uint256) {
        return _average(_reserve.total, _tally.votingWeight);
    }

    /// @notice The voting weight and reserve a start in the current block counts: the tally at the
    /// end of the previous block, so nothing borrowed within a transaction or a block counts.
    function countedTally() public view returns (uint256 votes, uint256 reserve) {
        Tally memory tally = _tally;
        if (tally.countedBlock == block.number) return (tally.votingBefore, _reserve.before);
        return (tally.votingWeight, _average(_reserve.total, tally.votingWeight));
    }

    /// @notice What all shares cost at the offering price, in wei: no vote (so no reserve) is lower.
    function valuation() public view returns (uint256) {
        return offerCost(totalSupply());
    }

    /// @notice The lowest and highest vote allowed, in wei.
    function voteRange() public view returns (uint256 min, uint256 max) {
        uint256 anchor_ = anchor();
        min = Math.max(anchor_ / RESERVE_FACTOR, valuation());
        max = anchor_ * RESERVE_FACTOR;
    }

    /// @notice Shares still offered at `offerPrice`.
    function offeredShares() public view returns (uint256) {
        return _tally.state == State.Inactive ? balanceOf(address(this)) : 0;
    }

    /// @notice Cost in wei of `amount` offered shares (rounded up).
    function offerCost(uint256 amount) public view returns (uint256) {
        return Math.mulDiv(amount, offerPrice(), ONE_SHARE, Math.Rounding.Ceil);
    }

    /// @notice Buys `amount` shares of the primary offering at `offerPrice`; the curator is credited
    /// the cost and the buyer any excess (pull payments).
    function buyShares(uint256 amount) external payable nonReentrant {
        _requireState(State.Inactive);
        if (amount == 0) revert ZeroAmount();
        uint256 remaining = balanceOf(address(this));
        if (amount > remaining) revert OfferingSoldOut(amount, remaining);
        uint256 cost = offerCost(amount);
        if (msg.value < cost) revert Underpaid(cost, msg.value);
        _transfer(address(this), msg.sender, amount);
        _credit(curator(), cost);
        _credit(msg.sender, msg.value - cost);
        emit SharesBought(msg.sender, amount, cost);
    }

    /// @notice Sets the caller's vote for the parcel's reserve price (wei for the whole parcel) with
    /// their balance plus their stake as weight; 0 withdraws the vote. A vote lies in `voteRange()`
    /// and counts for a start from the next block.
    function updateUserPrice(uint256 price) external {
        _requireState(State.Inactive);
        Voter memory voter = _voters[msg.sender];
        uint256 old = voter.price;
        if (price == old) revert NotAnUpdate(price);
        // A holder who starts voting brings their stake along; from then on `_update` keeps it.
        uint256 staked = old != 0 ? voter.staked : _stakeOf(msg.sender);
        uint256 weight = balanceOf(msg.sender) + staked;
        if (price != 0) {
            if (weight == 0) revert NoShares(msg.sender);
            (uint256 min, uint256 max) = voteRange();
            if (price < min || price > max) revert ReserveOutOfRange(price, min, max);
            // price ≤ max < 2^80; staked ≤ supply < 2^96
            _voters[msg.sender] = Voter({price: uint80(price), staked: uint96(staked)});
        } else {
            delete _voters[msg.sender];
        }
        _moveVotes(weight, old, price);
        emit ReserveVoted(msg.sender, price, reservePrice());
    }

    /// @notice Starts the buyout with a bid of `msg.value` ≥ the counted reserve; needs 25 % of
    /// supply voting, both as counted at the end of the previous block (`countedTally`). Unsold
    /// offered shares go back to the curator.
    function start() external payable nonReentrant {
        _requireState(State.Inactive);
        uint256 supply = totalSupply();
        (uint256 votes, uint256 reserve) = countedTally();
        if (votes * 100 < supply * QUORUM_PERCENT) revert NoQuorum(votes, supply);
        if (msg.value < reserve) revert BelowReserve(msg.value, reserve);
        _tally.state = State.Live;
        uint256 end_ = block.timestamp + auctionLength;
        auctionEnd = uint40(end_);
        livePrice = msg.value;
        winner = msg.sender;
        uint256 unsold = balanceOf(address(this));
        // State is Live, so `_update` leaves the votes alone.
        if (unsold > 0) _transfer(address(this), curator(), unsold);
        emit BuyoutStarted(msg.sender, msg.value, end_);
    }

    /// @notice Outbids the current winner by at least 5 %; the previous winner is refunded by pull
    /// payment. A bid within `auctionExtension` of the end extends the auction by as much.
    function bid() external payable nonReentrant {
        _requireState(State.Live);
        uint256 end_ = auctionEnd;
        if (block.timestamp >= end_) revert AuctionOver(end_);
        uint256 minimum = Math.mulDiv(livePrice, 100 + MIN_BID_INCREASE_PERCENT, 100, Math.Rounding.Ceil);
        if (msg.value < minimum) revert BidTooLow(msg.value, minimum);
        uint256 extension = auctionExtension;
        if (end_ - block.timestamp <= extension) {
            end_ += extension;
            auctionEnd = uint40(end_);
        }
        _credit(winner, livePrice);
        livePrice = msg.value;
        winner = msg.sender;
        emit BidPlaced(msg.sender, msg.value, end_);
    }

    /// @notice Ends the auction after its end time: the NFT goes to the winner and the winning bid
    /// becomes the pool that share holders `cash()` from.
    function end() external nonReentrant {
        _requireState(State.Live);
        uint256 end_ = auctionEnd;
        if (block.timestamp < end_) revert AuctionNotOver(end_);
        _tally.state = State.Ended;
        cashPool = livePrice;
        address winner_ = winner;
        emit BuyoutWon(winner_, livePrice);
        // transferFrom, not safeTransferFrom: a winner that cannot receive NFTs must not block `cash()`.
        IERC721(address(land)).transferFrom(address(this), winner_, parcelId());
    }

    /// @notice Burns all the caller's shares for their pro-rata part of the winning bid (staked
    /// shares: withdraw them from staking first).
    function cash() external nonReentrant {
        _requireState(State.Ended);
        uint256 shares = balanceOf(msg.sender);
        if (shares == 0) revert NoShares(msg.sender);
        uint256 pool = cashPool;
        // shares ≤ totalSupply, so amount ≤ pool; the last holder receives exactly what is left.
        uint256 amount = Math.mulDiv(pool, shares, totalSupply());
        _burn(msg.sender, shares);
        cashPool = pool - amount;
        emit SharesCashed(msg.sender, shares, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert PaymentFailed(msg.sender, amount);
    }

    /// @notice The holder of every share burns them and takes the NFT.
    function redeem() external nonReentrant {
        _requireState(State.Inactive);
        uint256 supply = totalSupply();
        uint256 balance = balanceOf(msg.sender);
        if (balance != supply) revert NotAllShares(balance, supply);
        _burn(msg.sender, balance);
        _tally.state = State.Redeemed;
        emit ParcelRedeemed(msg.sender);
        IERC721(address(land)).transferFrom(address(this), msg.sender, parcelId());
    }

    /// @dev Refuses shares to the vault and unpulled shares to staking; while no buyout runs, moves
    /// the votes with the shares (Fractional v1), except that a stake or a withdrawal leaves the
    /// weight with the staker.
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this) && from != address(0)) revert TransferToVault();
        address staking_ = address(staking);
        if (to == staking_ && msg.sender != staking_) revert StakeThroughStaking();
        super._update(from, to, value);
        if (_tally.state != State.Inactive) return;
        // value ≤ a balance ≤ supply < 2^96 in the casts below
        if (to == staking_) {
            // A stake: the staker's weight stays; a voter's mirror of it grows.
            Voter storage staker = _voters[from];
            if (staker.price != 0) staker.staked += uint96(value);
            return;
        }
        if (from == staking_) {
            // Staking's balance is exactly its stakes, so shares leave it only to the staker withdrawing.
            Voter storage staker = _voters[to];
            if (staker.price != 0) staker.staked -= uint96(value);
            return;
        }
        uint256 fromPrice = _voters[from].price;
        uint256 toPrice = _voters[to].price;
        if (fromPrice != toPrice) _moveVotes(value, fromPrice, toPrice);
        _moveStyleVotes(from, to, value);
    }

    function _styleWeightOf(address holder) internal view override returns (uint256) {
        return votingWeightOf(holder);
    }

    function _styleSupply() internal view override returns (uint256) {
        return totalSupply();
    }

    /// @dev Holders vote on the look while no buyout runs.
    function _requireStyleVoting() internal view override {
        _requireState(State.Inactive);
    }

    function _checkStyle(uint256 style, uint256 palette) internal view override {
        land.checkStyle(style, palette);
    }

    function _applyStyle(uint256 style, uint256 palette) internal override {
        land.setStyle(parcelId(), style, palette);
    }

    /// @dev Moves `weight` from a vote at `fromPrice` to a vote at `toPrice` (0: not voting). On the
    /// tally's first change in a block, first keeps the tally as it stood at the end of the previous
    /// block, which is what a start in this block counts.
    function _moveVotes(uint256 weight, uint256 fromPrice, uint256 toPrice) private {
        Tally memory tally = _tally;
        ReserveTally memory reserve = _reserve;
        if (tally.countedBlock != block.number) {
            tally.countedBlock = uint48(block.number);
            tally.votingBefore = tally.votingWeight;
            // an average of votes, each < 2^80
            reserve.before = uint80(_average(reserve.total, tally.votingWeight));
        }
        uint256 voting = tally.votingWeight;
        uint256 total = reserve.total;
        if (fromPrice != 0) {
            voting -= weight;
            total -= weight * fromPrice;
        }
        if (toPrice != 0) {
            voting += weight;
            total += weight * toPrice;
        }
        // Σ weight ≤ supply < 2^96 and each vote < 2^80: the sums fit their fields.
        tally.votingWeight = uint96(voting);
        reserve.total = uint176(total);
        _tally = tally;
        _reserve = reserve;
    }

    /// @dev Shares `holder` has staked of this vault.
    function _stakeOf(address holder) private view returns (uint256 amount) {
        (amount,,) = staking.stakes(address(this), holder);
    }

    function _average(uint256 total, uint256 voting) private pure returns (uint256) {
        return voting == 0 ? 0 : total / voting;
    }

    /// @dev Reads the 46 bytes appended to the clone's code:
    /// curator (20) | offerPrice (12) | parcelId (4) | anchor (10).
    function _cloneArgs()
        private
        view
        returns (address curator_, uint96 offerPrice_, uint32 parcelId_, uint80 anchor_)
    {
        bytes memory args = Clones.fetchCloneArgs(address(this));
        // Packed fields narrower than a word have no abi.decode form.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let head := mload(add(args, 32))
            curator_ := shr(96, head)
            offerPrice_ := and(head, 0xffffffffffffffffffffffff)
            let tail := mload(add(args, 64))
            parcelId_ := shr(224, tail)
            anchor_ := and(shr(144, tail), 0xffffffffffffffffffff)
        }
    }

    function _requireState(State expected) private view {
        State actual = _tally.state;
        if (actual != expected) revert WrongState(expected, actual);
    }
}
