// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ParcelStaking} from "../src/ParcelStaking.sol";
import {ShareVault} from "../src/ShareVault.sol";
import {Fixture} from "./utils/Fixture.sol";
import {Reenterer} from "./utils/Reenterer.sol";

/// @dev A "vault" token whose transfers call back into the staking contract, to try withdrawing a
/// stake while the first withdrawal is still running.
contract ReentrantShares is ERC20 {
    ParcelStaking public staking;
    bool public armed;
    uint256 public successes;

    constructor(ParcelStaking staking_) ERC20("Evil shares", "EVIL") {
        staking = staking_;
        _mint(msg.sender, 1000);
    }

    function arm() external {
        armed = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (!armed || from != address(staking)) return;
        armed = false;
        (bool ok,) = address(staking).call(abi.encodeCall(ParcelStaking.withdraw, (address(this), value)));
        if (ok) successes++;
    }
}

contract ReentrancyTest is Fixture {
    function test_reentrantHolderCannotDrainTheVault() public {
        uint256 parcel = claimParcel(ALICE, 8, 8);
        ShareVault vault = fractionalizeParcel(ALICE, parcel, 100 * SHARE, 1 ether, 0.01 ether, 50 * SHARE);
        Reenterer attacker = new Reenterer(vault);
        VM.deal(address(attacker), 10 ether);
        // Overpay so the attacker is also owed a pull payment it could try to take twice.
        VM.prank(address(attacker));
        vault.buyShares{value: 1 ether}(50 * SHARE);
        VM.roll(block.number + 1); // the curator's vote counts from the block after fractionalizing
        VM.prank(BOB);
        vault.start{value: 2 ether}();
        VM.warp(vault.auctionEnd());
        vault.end();

        uint256 before = address(attacker).balance;
        VM.prank(address(attacker));
        vault.cash();
        assertEq(address(attacker).balance - before, 1 ether, "half the shares, half the bid");
        vault.withdrawPayments(payable(address(attacker)));
        assertEq(address(attacker).balance - before, 1 ether + 0.5 ether, "plus its 0.5 ETH overpayment");
        assertGe(attacker.attempts(), 2, "it tried on every receipt");
        assertEq(attacker.successes(), 0, "no reentrant call got through");
        VM.prank(ALICE);
        vault.cash();
        vault.withdrawPayments(payable(ALICE));
        assertEq(address(vault).balance, 0, "everything paid, nothing more");
    }

    function test_reentrantTokenCannotDrainTheStakingPool() public {
        ReentrantShares evil = new ReentrantShares(staking);
        evil.approve(address(staking), type(uint256).max);
        staking.stake(address(evil), 1000);
        evil.arm();
        // The nested call asks for the other half: the stake covers it, so only the guard refuses it.
        staking.withdraw(address(evil), 500);
        assertEq(evil.successes(), 0, "the nested withdraw was refused");
        assertEq(evil.balanceOf(address(this)), 500, "got back exactly what it asked");
        (uint256 totalStaked,,,,,) = staking.pools(address(evil));
        assertEq(totalStaked, 500, "the rest is still staked");
    }
}
