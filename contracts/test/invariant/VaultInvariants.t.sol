// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ShareVault} from "../../src/ShareVault.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Reenterer} from "../utils/Reenterer.sol";
import {vm} from "../utils/Vm.sol";

/// @notice Random sequences of vault actions by four holders, one of them a reentrant contract.
/// Ghost totals track every wei in and out and every share burnt.
contract VaultHandler {
    ShareVault public immutable vault;
    address[] public actors;
    uint256 public ethIn;
    uint256 public ethOut;
    uint256 public burnt;

    constructor(ShareVault vault_, address[] memory actors_) {
        vault = vault_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function buyShares(uint256 who, uint256 amount) external {
        uint256 left = vault.offeredShares();
        if (left == 0) return;
        amount = 1 + (amount % left);
        uint256 cost = vault.offerCost(amount);
        _call(who, abi.encodeCall(ShareVault.buyShares, (amount)), cost + (amount % 3));
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address sender = _actor(from);
        uint256 balance = vault.balanceOf(sender);
        if (balance == 0) return;
        _call(from, abi.encodeCall(vault.transfer, (_actor(to), amount % (balance + 1))), 0);
    }

    function vote(uint256 who, uint256 price) external {
        uint256 reserve = vault.reservePrice();
        price = reserve == 0 ? 1 + (price % 100 ether) : reserve / 5 + (price % (reserve * 5 - reserve / 5 + 1));
        _call(who, abi.encodeCall(ShareVault.updateUserPrice, (price)), 0);
    }

    function start(uint256 who, uint256 extra) external {
        _call(who, abi.encodeCall(ShareVault.start, ()), vault.reservePrice() + (extra % 10 ether));
    }

    function bid(uint256 who, uint256 extra) external {
        _call(who, abi.encodeCall(ShareVault.bid, ()), (vault.livePrice() * 105 + 99) / 100 + (extra % 10 ether));
    }

    function wait(uint256 secondsAhead) external {
        vm.warp(block.timestamp + (secondsAhead % 2 days));
    }

    function end() external {
        vault.end();
    }

    function cash(uint256 who) external {
        uint256 shares = vault.balanceOf(_actor(who));
        if (_call(who, abi.encodeCall(ShareVault.cash, ()), 0)) burnt += shares;
    }

    function withdraw(uint256 who) external {
        address payee = _actor(who);
        uint256 before = payee.balance;
        vault.withdrawPayments(payable(payee));
        ethOut += payee.balance - before;
    }

    /// Gathers every share on one holder (buying the rest of the offering) and redeems.
    function gatherAndRedeem(uint256 who) external {
        address holder = _actor(who);
        uint256 left = vault.offeredShares();
        if (left > 0 && !_call(who, abi.encodeCall(ShareVault.buyShares, (left)), vault.offerCost(left))) return;
        for (uint256 i = 0; i < actors.length; i++) {
            uint256 balance = vault.balanceOf(actors[i]);
            if (actors[i] != holder && balance > 0) _call(i, abi.encodeCall(vault.transfer, (holder, balance)), 0);
        }
        uint256 supply = vault.totalSupply();
        if (_call(who, abi.encodeCall(ShareVault.redeem, ()), 0)) burnt += supply;
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev Calls the vault as an actor; counts ETH in on success and ETH out that reached the caller.
    function _call(uint256 who, bytes memory data, uint256 value) private returns (bool ok) {
        address actor = _actor(who);
        vm.deal(actor, actor.balance + value);
        uint256 before = actor.balance;
        vm.prank(actor);
        (ok,) = address(vault).call{value: value}(data);
        if (!ok) return false;
        ethIn += value;
        // cash() pays the caller directly; a reentrant caller cannot add more than it gets.
        uint256 afterCall = actor.balance;
        if (afterCall + value > before) ethOut += afterCall + value - before;
    }

    receive() external payable {}
}

contract VaultInvariantsTest is Fixture {
    VaultHandler internal handler;
    ShareVault internal vault;
    Reenterer internal reenterer;
    uint256 internal parcel;
    uint256 internal constant SUPPLY = 1000 * SHARE;

    function setUp() public override {
        super.setUp();
        parcel = claimParcel(ALICE, 30, -30);
        vault = fractionalizeParcel(ALICE, parcel, SUPPLY, 5 ether, 0.01 ether, 500 * SHARE);
        reenterer = new Reenterer(vault);
        address[] memory actors = new address[](4);
        actors[0] = ALICE;
        actors[1] = BOB;
        actors[2] = CAROL;
        actors[3] = address(reenterer);
        handler = new VaultHandler(vault, actors);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Shares are only created at fractionalization and only destroyed by cash and redeem.
    function invariant_shareSupplyIsConserved() public view {
        assertEq(vault.totalSupply() + handler.burnt(), SUPPLY, "supply + burnt");
        uint256 held = vault.balanceOf(address(vault));
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            held += vault.balanceOf(handler.actors(i));
        }
        assertEq(held, vault.totalSupply(), "every share is held by someone we know");
    }

    /// The vault keeps the parcel until a redeem or a buyout end, and then it is with the right person.
    function invariant_vaultHoldsTheParcelUntilRedeemOrEnd() public view {
        ShareVault.State state = vault.state();
        if (state == ShareVault.State.Inactive || state == ShareVault.State.Live) {
            assertEq(land.ownerOf(parcel), address(vault), "custody");
        } else if (state == ShareVault.State.Ended) {
            assertEq(land.ownerOf(parcel), vault.winner(), "winner");
        } else {
            assertTrue(land.ownerOf(parcel) != address(vault), "redeemed");
        }
    }

    /// ETH in = ETH out + ETH held, and what is held is exactly what is owed.
    function invariant_ethInEqualsEthOut() public view {
        assertEq(address(vault).balance, handler.ethIn() - handler.ethOut(), "in - out = held");
        uint256 owed = vault.totalPaymentsOwed();
        ShareVault.State state = vault.state();
        if (state == ShareVault.State.Live) owed += vault.livePrice();
        if (state == ShareVault.State.Ended) owed += vault.cashPool();
        assertEq(address(vault).balance, owed, "held = owed");
    }

    /// The reentrant holder never got a second call through.
    function invariant_reentryNeverSucceeds() public view {
        assertEq(reenterer.successes(), 0, "reentrant calls");
    }

    /// The reserve bookkeeping equals its definition over the holders.
    function invariant_reserveMatchesVotes() public view {
        if (vault.state() != ShareVault.State.Inactive) return;
        uint256 voting;
        uint256 total;
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            address holder = handler.actors(i);
            uint256 price = vault.userPrices(holder);
            if (price == 0) continue;
            voting += vault.balanceOf(holder);
            total += vault.balanceOf(holder) * price;
        }
        assertEq(vault.votingTokens(), voting, "voting tokens");
        assertEq(vault.reserveTotal(), total, "reserve total");
    }
}
