// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ShareVault} from "../../src/ShareVault.sol";
import {FlashBorrower, IUniswapV2Pair, IWETH, UniswapFixture} from "../utils/Uniswap.sol";

/// @dev Records what it held while borrowing, nothing more.
contract HoldingBorrower is FlashBorrower {
    uint256 public heldDuringLoan;

    constructor(IUniswapV2Pair pair_, ShareVault vault, IWETH weth_) FlashBorrower(pair_, vault, weth_) {}

    function _onBorrowed(uint256, bytes memory) internal override {
        heldDuringLoan = shares.balanceOf(address(this));
    }
}

/// @notice The attack tests' flash loan works against the real Uniswap V2 pair: an attacker with
/// no shares holds a pool's worth for one call and ends with none, having paid only the fee.
contract FlashBorrowTest is UniswapFixture {
    function test_aFlashSwapLendsSharesForOneCall() public {
        ShareVault vault = fractionalizeParcel(ALICE, claimParcel(ALICE, 2, 2), 1000 * SHARE, 100 ether, 0, 0);
        IUniswapV2Pair pair = seedPool(ALICE, vault, 400 * SHARE, 4 ether);
        HoldingBorrower attacker = new HoldingBorrower(pair, vault, weth);
        VM.deal(address(this), 1 ether);
        attacker.borrow{value: 1 ether}(399 * SHARE, "");
        assertEq(attacker.heldDuringLoan(), 399 * SHARE, "held the borrowed shares");
        assertEq(vault.balanceOf(address(attacker)), 0, "gave them all back");
        assertEq(vault.balanceOf(address(pair)), 400 * SHARE, "the pool has its shares again");
        assertTrue(weth.balanceOf(address(attacker)) < 1 ether, "paid a fee in WETH");
    }
}
