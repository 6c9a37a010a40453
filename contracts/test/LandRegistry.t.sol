// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {LandRegistry} from "../src/LandRegistry.sol";
import {PullPayments} from "../src/PullPayments.sol";
import {Test} from "./utils/Test.sol";

/// @dev Accepts no ERC-721 tokens (no onERC721Received), so a safe mint to it must revert.
contract NoReceiver {}

/// @dev Refuses ETH: a pull payment to it fails.
contract RejectsEth {
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return this.onERC721Received.selector;
    }
}

contract LandRegistryTest is Test {
    int256 internal constant R = 150;
    uint256 internal constant BASE = 0.01 ether;
    address internal constant TREASURY = address(0x7EA5);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    LandRegistry internal land;

    function setUp() public {
        land = new LandRegistry(R, BASE, TREASURY);
        VM.deal(ALICE, 100 ether);
        VM.deal(BOB, 100 ether);
    }

    function test_constructorRejectsBadArguments() public {
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.InvalidRadius.selector, int256(0)));
        new LandRegistry(0, BASE, TREASURY);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.ZeroTreasury.selector));
        new LandRegistry(R, BASE, address(0));
    }

    /// Same vectors as shared/world.ts: corners, centre and a ring boundary.
    function test_parcelIdMatchesSharedFormula() public view {
        assertEq(land.parcelIdOf(-150, -150), 0, "first corner");
        assertEq(land.parcelIdOf(0, 0), 45300, "centre");
        assertEq(land.parcelIdOf(150, 150), 90600, "last corner");
        assertEq(land.parcelIdOf(-150, 150), 300, "end of first column");
        assertEq(land.parcelIdOf(3, -7), 46196, "3,-7");
        (int256 x, int256 y) = land.coordsOf(46196);
        assertEq(x, 3, "x of 46196");
        assertEq(y, -7, "y of 46196");
    }

    function testFuzz_idRoundTrip(int256 xSeed, int256 ySeed) public view {
        int256 x = boundInt(xSeed, -R, R);
        int256 y = boundInt(ySeed, -R, R);
        uint256 id = land.parcelIdOf(x, y);
        assertLe(id, 90600, "id on map");
        (int256 x2, int256 y2) = land.coordsOf(id);
        assertEq(x2, x, "x round trip");
        assertEq(y2, y, "y round trip");
    }

    function test_pricesByRing() public view {
        assertEq(land.priceOf(0, 0), 4 * BASE, "centre");
        assertEq(land.priceOf(10, -10), 4 * BASE, "ring 10");
        assertEq(land.priceOf(-11, 0), 2 * BASE, "ring 11");
        assertEq(land.priceOf(50, 3), 2 * BASE, "ring 50");
        assertEq(land.priceOf(0, 51), BASE, "ring 51");
        assertEq(land.priceOf(150, -150), BASE, "edge");
        assertEq(land.ringOf(-7, 3), 7, "ring of -7,3");
    }

    function test_offMapReverts() public {
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.OffMap.selector, int256(151), int256(0)));
        land.parcelIdOf(151, 0);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.OffMap.selector, int256(0), int256(-151)));
        land.priceOf(0, -151);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.NotAParcel.selector, uint256(90601)));
        land.coordsOf(90601);
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.OffMap.selector, type(int256).min, int256(0)));
        land.claim{value: 1 ether}(type(int256).min, 0);
    }

    function test_claimMintsCreditsAndEmits() public {
        uint256 id = land.parcelIdOf(0, 0);
        VM.expectEmit(true, true, true, true);
        emit LandRegistry.ParcelClaimed(id, ALICE, 0, 0, 4 * BASE);
        VM.prank(ALICE);
        uint256 minted = land.claim{value: 4 * BASE}(0, 0);
        assertEq(minted, id, "returned id");
        assertEq(land.ownerOf(id), ALICE, "owner");
        assertTrue(land.exists(id), "exists");
        assertTrue(!land.exists(id + 1), "neighbour not claimed");
        assertEq(land.payments(TREASURY), 4 * BASE, "treasury credited");
        assertEq(land.payments(ALICE), 0, "no excess");
        assertEq(address(land).balance, land.totalPaymentsOwed(), "balance = owed");
    }

    function test_excessIsCreditedToPayer() public {
        VM.prank(ALICE);
        land.claim{value: 1 ether}(100, 100);
        assertEq(land.payments(ALICE), 1 ether - BASE, "excess owed");
        uint256 before = ALICE.balance;
        land.withdrawPayments(payable(ALICE));
        assertEq(ALICE.balance, before + 1 ether - BASE, "excess withdrawn");
        assertEq(land.payments(ALICE), 0, "cleared");
    }

    function test_alreadyClaimedReverts() public {
        VM.prank(ALICE);
        uint256 id = land.claim{value: BASE}(-60, 70);
        VM.prank(BOB);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.AlreadyClaimed.selector, id));
        land.claim{value: BASE}(-60, 70);
    }

    function test_underpaidReverts() public {
        VM.prank(ALICE);
        VM.expectRevert(abi.encodeWithSelector(LandRegistry.Underpaid.selector, 2 * BASE, 2 * BASE - 1));
        land.claim{value: 2 * BASE - 1}(20, 20);
    }

    function test_claimByContractWithoutReceiverReverts() public {
        NoReceiver noReceiver = new NoReceiver();
        VM.deal(address(noReceiver), 1 ether);
        VM.prank(address(noReceiver));
        VM.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(noReceiver))
        );
        land.claim{value: BASE}(149, 149);
    }

    function test_treasuryWithdrawsProceeds() public {
        VM.prank(ALICE);
        land.claim{value: BASE}(-150, -150);
        VM.prank(BOB);
        land.claim{value: 2 * BASE}(-50, 0);
        land.withdrawPayments(payable(TREASURY));
        assertEq(TREASURY.balance, 3 * BASE, "treasury paid");
        assertEq(address(land).balance, 0, "nothing left");
        VM.expectRevert(abi.encodeWithSelector(PullPayments.NothingToWithdraw.selector, TREASURY));
        land.withdrawPayments(payable(TREASURY));
    }

    function test_withdrawToARefusingPayeeReverts() public {
        RejectsEth payee = new RejectsEth();
        VM.deal(address(payee), 1 ether);
        VM.prank(address(payee));
        land.claim{value: BASE + 1}(140, 0);
        VM.expectRevert(abi.encodeWithSelector(PullPayments.PaymentFailed.selector, address(payee), 1));
        land.withdrawPayments(payable(address(payee)));
        assertEq(land.payments(address(payee)), 1, "still owed");
    }

    function testFuzz_claimPaysExactlyPrice(int256 xSeed, int256 ySeed, uint256 extra) public {
        int256 x = boundInt(xSeed, -R, R);
        int256 y = boundInt(ySeed, -R, R);
        extra = bound(extra, 0, 10 ether);
        uint256 price = land.priceOf(x, y);
        VM.prank(ALICE);
        land.claim{value: price + extra}(x, y);
        assertEq(land.payments(TREASURY), price, "treasury gets price");
        assertEq(land.payments(ALICE), extra, "payer gets excess");
        assertEq(address(land).balance, price + extra, "all ETH accounted");
    }

    function test_tokenUriIsOnChainJson() public {
        VM.prank(ALICE);
        uint256 id = land.claim{value: 4 * BASE}(-3, 7);
        string memory uri = land.tokenURI(id);
        assertTrue(_startsWith(uri, "data:application/json;base64,"), "json data uri");
        VM.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, id + 1));
        land.tokenURI(id + 1);
    }

    function test_royaltyGoesToTreasury() public view {
        (address receiver, uint256 amount) = land.royaltyInfo(1, 1 ether);
        assertEq(receiver, TREASURY, "receiver");
        assertEq(amount, 0.025 ether, "2.5 %");
        assertTrue(land.supportsInterface(0x2a55205a), "EIP-2981");
        assertTrue(land.supportsInterface(0x80ac58cd), "ERC-721");
    }

    function _startsWith(string memory s, string memory prefix) private pure returns (bool) {
        bytes memory a = bytes(s);
        bytes memory b = bytes(prefix);
        if (a.length < b.length) return false;
        for (uint256 i = 0; i < b.length; i++) {
            if (a[i] != b[i]) return false;
        }
        return true;
    }
}
