// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {LandRegistry} from "./LandRegistry.sol";
import {ParcelStaking} from "./ParcelStaking.sol";
import {MAX_VOTE, RESERVE_FACTOR, ShareVault} from "./ShareVault.sol";

/// @title Fractionalizer
/// @notice Turns a parcel into shares: an EIP-1167 clone of one `ShareVault` implementation takes
/// the NFT and mints the shares (a clone costs ~50k gas where a full vault costs millions). The
/// curator, offer price, parcel id and reserve anchor are appended to the clone's code as
/// immutable arguments.
contract Fractionalizer {
    LandRegistry public immutable land;
    /// @notice The vault code every clone delegates to.
    ShareVault public immutable implementation;

    /// @notice Latest vault of each parcel (a parcel may be fractionalized again after a redeem).
    mapping(uint256 parcelId => address vault) public vaultOf;

    event ParcelFractionalized(
        uint256 indexed parcelId,
        address indexed vault,
        address indexed curator,
        uint256 supply,
        uint256 reservePrice,
        uint256 offerPrice,
        uint256 offerAmount
    );

    error NotParcelOwner(uint256 parcelId, address caller);
    error ZeroSupply();
    error ZeroReserve();
    error OfferExceedsSupply(uint256 offerAmount, uint256 supply);
    error OfferPriceTooHigh(uint256 offerPrice);
    /// @notice Supply above what staking and the vote tally count (2^96 - 1 share units).
    error SupplyTooLarge(uint256 supply, uint256 max);
    /// @notice The reserve times RESERVE_FACTOR would exceed MAX_VOTE (see ShareVault.sol).
    error ReserveTooHigh(uint256 reservePrice, uint256 max);
    /// @notice The reserve undercuts what the offering sells the shares at (offer price × supply).
    error ReserveBelowValuation(uint256 reservePrice, uint256 valuation);

    /// @param land_ the parcel registry
    /// @param staking the staking contract of every vault's shares
    /// @param auction buyout auction length and extension of every vault (short on the local chain)
    constructor(LandRegistry land_, ParcelStaking staking, ShareVault.VaultTimes memory auction) {
        land = land_;
        implementation = new ShareVault(land_, staking, auction);
    }

    /// @notice Moves the caller's parcel into a new share vault (approve this contract first).
    /// @param supply shares minted (18 decimals), at most 2^96 - 1 units
    /// @param reservePrice the curator's reserve vote for the whole parcel, in wei: at least the
    /// offering's valuation (offerPrice × supply), and the anchor every later vote stays within
    /// 1/5× to 5× of
    /// @param offerPrice wei per whole share of the primary offering
    /// @param offerAmount shares kept in the vault for the offering; the rest go to the caller
    function fractionalize(
        uint256 parcelId,
        uint256 supply,
        uint256 reservePrice,
        uint256 offerPrice,
        uint256 offerAmount
    ) external returns (address vault) {
        if (land.ownerOf(parcelId) != msg.sender) revert NotParcelOwner(parcelId, msg.sender);
        if (supply == 0) revert ZeroSupply();
        if (supply > type(uint96).max) revert SupplyTooLarge(supply, type(uint96).max);
        if (offerAmount > supply) revert OfferExceedsSupply(offerAmount, supply);
        if (offerPrice > type(uint96).max) revert OfferPriceTooHigh(offerPrice);
        if (reservePrice == 0) revert ZeroReserve();
        uint256 maxReserve = MAX_VOTE / RESERVE_FACTOR;
        if (reservePrice > maxReserve) revert ReserveTooHigh(reservePrice, maxReserve);
        // What all shares cost at the offering price, rounded up as ShareVault.offerCost does.
        uint256 valuation = Math.mulDiv(supply, offerPrice, 1e18, Math.Rounding.Ceil);
        if (reservePrice < valuation) revert ReserveBelowValuation(reservePrice, valuation);
        // offerPrice < 2^96 and reservePrice < 2^80 were checked above; parcel ids are < 2^32
        // (LandRegistry caps the radius).
        bytes memory args =
            abi.encodePacked(msg.sender, uint96(offerPrice), uint32(parcelId), uint80(reservePrice));
        vault = Clones.cloneWithImmutableArgs(address(implementation), args);
        vaultOf[parcelId] = vault;
        ShareVault(vault).initialize(supply, offerAmount);
        emit ParcelFractionalized(parcelId, vault, msg.sender, supply, reservePrice, offerPrice, offerAmount);
        land.transferFrom(msg.sender, vault, parcelId);
    }
}
