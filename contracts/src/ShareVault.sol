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

/// @title Share vault of one parcel
/// @notice Holds a parcel NFT and is the ERC-20 of its shares. Deployed once as an implementation;
/// each fractionalized parcel gets an EIP-1167 clone initialized by the `Fractionalizer`.
/// Offering, reserve-price votes and buyout follow Fractional v1's TokenVault: the reserve is the
/// share-weighted average of the voters' prices, a buyout needs 25 % of supply voting, bids rise
/// by 5 %, a bid within `auctionExtension` of the end extends the auction by as much.
/// @dev ETH held = totalPaymentsOwed + (Live ? livePrice : 0) + (Ended ? cashPool : 0).
contract ShareVault is ERC20, PullPayments {
    using Strings for int256;

    /// @notice Auction timing, a deployment parameter: minutes on a local chain, days elsewhere.
    struct AuctionTimes {
        /// Seconds from the starting bid to the end.
        uint256 length;
        /// A bid this close to the end pushes the end back by as much, in seconds.
        uint256 extension;
    }

    enum State {
        Inactive,
        Live,
        Ended,
        Redeemed
    }

    /// @notice A new vote lies within [reserve / RESERVE_FACTOR, reserve * RESERVE_FACTOR].
    uint256 public constant RESERVE_FACTOR = 5;
    /// @notice A buyout needs votes from at least this share of supply, in percent.
    uint256 public constant QUORUM_PERCENT = 25;
    /// @notice Each bid beats the last by at least this, in percent.
    uint256 public constant MIN_BID_INCREASE_PERCENT = 5;
    /// @dev Offer prices are quoted in wei per whole share (1e18 units).
    uint256 private constant ONE_SHARE = 1e18;

    /// @notice The factory that may initialize clones (shared by all clones through the code).
    address public immutable fractionalizer;
    LandRegistry public immutable land;
    /// @notice Where holders stake shares (the same for every vault).
    ParcelStaking public immutable staking;
    /// @notice Length of a buyout auction, in seconds.
    uint256 public immutable auctionLength;
    /// @notice A bid this close to the end pushes the end back by as much, in seconds.
    uint256 public immutable auctionExtension;

    /// @notice Highest bidder of the buyout.
    address public winner;
    State public state;
    /// @notice Unix seconds when the auction ends (0 before a buyout).
    uint40 public auctionEnd;
    /// @notice Highest bid, in wei.
    uint256 public livePrice;
    /// @notice Wei left for `cash()` after the auction ended.
    uint256 public cashPool;
    /// @notice Shares whose holders vote a reserve price.
    uint256 public votingTokens;
    /// @notice Σ balance × price over voters (shares × wei).
    uint256 public reserveTotal;
    /// @notice Each holder's vote for the price of the whole parcel, in wei; 0 = not voting.
    mapping(address holder => uint256 weiPrice) public userPrices;

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

    /// @param land_ the parcel registry
    /// @param staking_ the staking contract of every vault's shares
    /// @param auction buyout auction length and extension, in seconds
    constructor(LandRegistry land_, ParcelStaking staking_, AuctionTimes memory auction) ERC20("", "") {
        // Bounded so block.timestamp + length + extensions always fits the uint40 auctionEnd.
        if (auction.length == 0 || auction.length > 365 days || auction.extension > auction.length) {
            revert InvalidAuctionTimes(auction.length, auction.extension);
        }
        fractionalizer = msg.sender;
        land = land_;
        staking = staking_;
        auctionLength = auction.length;
        auctionExtension = auction.extension;
    }

    /// @notice Sets up a fresh clone: mints `supply` shares, `offerAmount` of them kept here for the
    /// primary offering and the rest to the curator, whose vote is `reservePrice_`. The curator,
    /// offer price and parcel id are the clone's immutable arguments (see `_cloneArgs`); the NFT is
    /// transferred in by the fractionalizer right after.
    function initialize(uint256 supply, uint256 reservePrice_, uint256 offerAmount) external {
        // The fractionalizer calls this exactly once, right after creating the clone.
        if (msg.sender != fractionalizer) revert NotFractionalizer();
        address curator_ = curator();
        if (offerAmount > 0) _mint(address(this), offerAmount);
        uint256 curatorShares = supply - offerAmount;
        _mint(curator_, curatorShares);
        // The curator's vote is recorded after the mint so `_update` does not count it twice.
        if (curatorShares > 0) {
            userPrices[curator_] = reservePrice_;
            votingTokens = curatorShares;
            reserveTotal = curatorShares * reservePrice_;
        }
    }

    /// @notice Who fractionalized the parcel; receives the offering proceeds.
    function curator() public view returns (address curator_) {
        (curator_,,) = _cloneArgs();
    }

    /// @notice Wei per whole share of the primary offering.
    function offerPrice() public view returns (uint256 offerPrice_) {
        (, offerPrice_,) = _cloneArgs();
    }

    /// @notice Token id of the parcel this vault holds.
    function parcelId() public view returns (uint256 parcelId_) {
        (,, parcelId_) = _cloneArgs();
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

    /// @notice Share-weighted average of the voters' prices, in wei; 0 when nobody votes.
    function reservePrice() public view returns (uint256) {
        uint256 voting = votingTokens;
        return voting == 0 ? 0 : reserveTotal / voting;
    }

    /// @notice Shares still offered at `offerPrice`.
    function offeredShares() public view returns (uint256) {
        return state == State.Inactive ? balanceOf(address(this)) : 0;
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

    /// @notice Sets the caller's vote for the parcel's reserve price (wei for the whole parcel);
    /// 0 withdraws the vote. A new price must lie within 1/5× to 5× of the others' reserve.
    function updateUserPrice(uint256 price) external {
        _requireState(State.Inactive);
        uint256 old = userPrices[msg.sender];
        if (price == old) revert NotAnUpdate(price);
        uint256 weight = balanceOf(msg.sender);
        if (weight == 0) revert NoShares(msg.sender);
        uint256 voting = votingTokens;
        uint256 total = reserveTotal;
        if (old != 0) {
            // The caller's weight is counted in votingTokens while it votes (kept so by `_update`).
            voting -= weight;
            total -= weight * old;
        }
        if (price != 0 && voting != 0) {
            uint256 others = total / voting;
            uint256 lo = others / RESERVE_FACTOR;
            uint256 hi = others * RESERVE_FACTOR;
            if (price < lo || price > hi) revert ReserveOutOfRange(price, lo, hi);
        }
        if (price != 0) {
            voting += weight;
            total += weight * price;
        }
        userPrices[msg.sender] = price;
        votingTokens = voting;
        reserveTotal = total;
        emit ReserveVoted(msg.sender, price, voting == 0 ? 0 : total / voting);
    }

    /// @notice Starts the buyout with a bid of `msg.value` ≥ the reserve price; needs 25 % of
    /// supply voting. Unsold offered shares go back to the curator.
    function start() external payable nonReentrant {
        _requireState(State.Inactive);
        uint256 supply = totalSupply();
        if (votingTokens * 100 < supply * QUORUM_PERCENT) revert NoQuorum(votingTokens, supply);
        uint256 reserve = reservePrice();
        if (msg.value < reserve) revert BelowReserve(msg.value, reserve);
        state = State.Live;
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
        state = State.Ended;
        cashPool = livePrice;
        address winner_ = winner;
        emit BuyoutWon(winner_, livePrice);
        // transferFrom, not safeTransferFrom: a winner that cannot receive NFTs must not block `cash()`.
        IERC721(address(land)).transferFrom(address(this), winner_, parcelId());
    }

    /// @notice Burns all the caller's shares for their pro-rata part of the winning bid.
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
        state = State.Redeemed;
        emit ParcelRedeemed(msg.sender);
        IERC721(address(land)).transferFrom(address(this), msg.sender, parcelId());
    }

    /// @dev Moves the reserve-price votes with the shares while no buyout runs (Fractional v1).
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (state != State.Inactive) return;
        uint256 fromPrice = userPrices[from];
        uint256 toPrice = userPrices[to];
        if (fromPrice == toPrice) return;
        if (toPrice == 0) {
            votingTokens -= value;
            reserveTotal -= value * fromPrice;
        } else if (fromPrice == 0) {
            votingTokens += value;
            reserveTotal += value * toPrice;
        } else {
            reserveTotal = reserveTotal + value * toPrice - value * fromPrice;
        }
    }

    /// @dev Reads the 36 bytes appended to the clone's code: curator (20) | offerPrice (12) | parcelId (4).
    function _cloneArgs() private view returns (address curator_, uint96 offerPrice_, uint32 parcelId_) {
        bytes memory args = Clones.fetchCloneArgs(address(this));
        assembly ("memory-safe") {
            let head := mload(add(args, 32))
            curator_ := shr(96, head)
            offerPrice_ := and(head, 0xffffffffffffffffffffffff)
            parcelId_ := shr(224, mload(add(args, 64)))
        }
    }

    function _requireState(State expected) private view {
        if (state != expected) revert WrongState(expected, state);
    }
}
