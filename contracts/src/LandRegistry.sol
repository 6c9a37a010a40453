// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {PullPayments} from "./PullPayments.sol";

/// @dev Structure styles a parcel may carry (0: the generated look), as `shared/structures.ts` draws them.
uint256 constant STYLE_COUNT = 5;
/// @dev Palette entries a parcel may be painted in (0: its owner's colour), as `shared/structures.ts` has them.
uint256 constant PALETTE_COUNT = 9;

/// @title Fracterra land
/// @notice One ERC-721 token per parcel of the square map x, y ∈ [-radius, radius]. The token id is
/// `(x + radius) * (2 * radius + 1) + (y + radius)`, the same formula as `shared/world.ts`.
/// Unclaimed parcels are sold at a price by ring; proceeds and overpayments are pull payments.
contract LandRegistry is ERC721, ERC2981, PullPayments {
    using Strings for int256;
    using Strings for uint256;

    /// @notice A parcel's look: `style` < STYLE_COUNT, `palette` < PALETTE_COUNT.
    struct Style {
        uint8 style;
        uint8 palette;
    }

    /// @notice Royalty on secondary sales, in basis points, paid to the treasury (EIP-2981).
    uint96 public constant ROYALTY_BPS = 250;
    /// @notice Rings up to this (inclusive) cost 4× base.
    uint256 public constant CENTRE_RING = 10;
    /// @notice Rings up to this (inclusive) cost 2× base.
    uint256 public constant INNER_RING = 50;

    /// @notice Half the side of the map, in parcels.
    int256 public immutable radius;
    /// @notice Parcels along one side: 2 * radius + 1.
    uint256 public immutable side;
    /// @notice Price of a parcel beyond the inner ring, in wei.
    uint256 public immutable basePrice;
    /// @notice Receives the sale proceeds (by pull payment) and royalties.
    address public immutable treasury;
    /// @notice Hash of the block before each parcel's claim: unknown until shortly before the
    /// claim, it seeds the parcel's first mining challenge (OreMiner), so nobody mines a parcel
    /// ahead of its claim.
    mapping(uint256 parcelId => bytes32) public claimSeed;
    /// @notice The structure style and palette colour each parcel's owner chose (0, 0: the defaults).
    /// A parcel's share vault sets them by its holders' vote (`ShareVault.settleStyle`).
    mapping(uint256 parcelId => Style) public styleOf;

    event ParcelClaimed(uint256 indexed parcelId, address indexed owner, int256 x, int256 y, uint256 price);
    event ParcelStyled(uint256 indexed parcelId, address indexed owner, uint256 style, uint256 palette);

    error OffMap(int256 x, int256 y);
    error NotAParcel(uint256 parcelId);
    error AlreadyClaimed(uint256 parcelId);
    error Underpaid(uint256 price, uint256 paid);
    error InvalidRadius(int256 radius);
    error ZeroTreasury();
    error NotYourParcel(uint256 parcelId, address caller);
    error UnknownStyle(uint256 style, uint256 palette);

    /// @param radius_ half the side of the map (1 ≤ radius < 2^15, so every id fits 32 bits)
    /// @param basePrice_ price of an outer parcel in wei
    /// @param treasury_ receiver of proceeds and royalties
    constructor(int256 radius_, uint256 basePrice_, address treasury_) ERC721("Fracterra Parcel", "PARCEL") {
        if (radius_ < 1 || radius_ > type(int16).max) revert InvalidRadius(radius_);
        if (treasury_ == address(0)) revert ZeroTreasury();
        radius = radius_;
        side = uint256(2 * radius_ + 1);
        basePrice = basePrice_;
        treasury = treasury_;
        _setDefaultRoyalty(treasury_, ROYALTY_BPS);
    }

    /// @notice Buys the unclaimed parcel (x, y) at its ring price; any excess is credited to the
    /// caller as a pull payment.
    /// @return parcelId the minted token id
    function claim(int256 x, int256 y) external payable nonReentrant returns (uint256 parcelId) {
        parcelId = parcelIdOf(x, y);
        if (_ownerOf(parcelId) != address(0)) revert AlreadyClaimed(parcelId);
        uint256 price = priceOf(x, y);
        if (msg.value < price) revert Underpaid(price, msg.value);
        _credit(treasury, price);
        _credit(msg.sender, msg.value - price);
        claimSeed[parcelId] = blockhash(block.number - 1);
        _safeMint(msg.sender, parcelId);
        emit ParcelClaimed(parcelId, msg.sender, x, y, price);
    }

    /// @notice The owner of parcel `parcelId` (a player, or the parcel's share vault after its
    /// holders' vote) sets what stands on it: a structure style and a palette colour.
    function setStyle(uint256 parcelId, uint256 style, uint256 palette) external {
        if (_ownerOf(parcelId) != msg.sender) revert NotYourParcel(parcelId, msg.sender);
        checkStyle(style, palette);
        // both below their counts (< 256), checked above
        styleOf[parcelId] = Style({style: uint8(style), palette: uint8(palette)});
        emit ParcelStyled(parcelId, msg.sender, style, palette);
    }

    /// @notice Reverts with `UnknownStyle` unless `style` < STYLE_COUNT and `palette` < PALETTE_COUNT.
    function checkStyle(uint256 style, uint256 palette) public pure {
        if (style >= STYLE_COUNT || palette >= PALETTE_COUNT) revert UnknownStyle(style, palette);
    }

    /// @notice Price in wei of parcel (x, y): 4× base within ring 10, 2× within ring 50, else base.
    function priceOf(int256 x, int256 y) public view returns (uint256) {
        uint256 ring = ringOf(x, y);
        if (ring <= CENTRE_RING) return basePrice * 4;
        if (ring <= INNER_RING) return basePrice * 2;
        return basePrice;
    }

    /// @notice Chebyshev distance of (x, y) from the centre; reverts off the map.
    function ringOf(int256 x, int256 y) public view returns (uint256) {
        _checkOnMap(x, y);
        uint256 ax = _abs(x);
        uint256 ay = _abs(y);
        return ax > ay ? ax : ay;
    }

    /// @notice Token id of parcel (x, y); reverts with `OffMap` outside the map.
    function parcelIdOf(int256 x, int256 y) public view returns (uint256) {
        _checkOnMap(x, y);
        // Both terms are in [0, 2 * radius] after the check, so the casts are exact.
        return uint256(x + radius) * side + uint256(y + radius);
    }

    /// @notice Coordinates of token id `parcelId`; reverts with `NotAParcel` beyond the map.
    function coordsOf(uint256 parcelId) public view returns (int256 x, int256 y) {
        if (parcelId >= side * side) revert NotAParcel(parcelId);
        // parcelId / side and parcelId % side are < side < 2^16, so they fit int256.
        x = int256(parcelId / side) - radius;
        y = int256(parcelId % side) - radius;
    }

    /// @notice True when parcel `parcelId` has been claimed.
    function exists(uint256 parcelId) external view returns (bool) {
        return _ownerOf(parcelId) != address(0);
    }

    /// @notice On-chain metadata: name with coordinates, ring, and an SVG image, as a JSON data URI.
    function tokenURI(uint256 parcelId) public view override returns (string memory) {
        _requireOwned(parcelId);
        (int256 x, int256 y) = coordsOf(parcelId);
        string memory coords = string.concat(x.toStringSigned(), ",", y.toStringSigned());
        string memory ring = ringOf(x, y).toString();
        string memory svg = string.concat(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#2f6b3a"/>',
            '<text x="50" y="45" font-size="14" text-anchor="middle" fill="#fff">',
            coords,
            '</text><text x="50" y="70" font-size="10" text-anchor="middle" fill="#cde">ring ',
            ring,
            "</text></svg>"
        );
        string memory json = string.concat(
            '{"name":"Parcel ',
            coords,
            '","description":"A parcel of Fracterra land.","attributes":[{"trait_type":"x","value":',
            x.toStringSigned(),
            '},{"trait_type":"y","value":',
            y.toStringSigned(),
            '},{"trait_type":"ring","value":',
            ring,
            '}],"image":"data:image/svg+xml;base64,',
            Base64.encode(bytes(svg)),
            '"}'
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }

    /// @inheritdoc ERC721
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, ERC2981) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    function _checkOnMap(int256 x, int256 y) private view {
        if (x < -radius || x > radius || y < -radius || y > radius) revert OffMap(x, y);
    }

    function _abs(int256 v) private pure returns (uint256) {
        // v is on the map (|v| < 2^15), so negation cannot overflow.
        return uint256(v < 0 ? -v : v);
    }
}
