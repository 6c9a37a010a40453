// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ParcelStaking} from "../../src/ParcelStaking.sol";
import {ShareVault} from "../../src/ShareVault.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Reenterer} from "../utils/Reenterer.sol";
import {vm} from "../utils/Vm.sol";

/// @notice Random sequences of vault and staking actions by four holders, one of them a reentrant
/// contract, over many blocks. Ghost totals track every wei in and out, every share burnt, the
/// tally at the end of the last block, and stray transfers (to the vault or straight to staking)
/// that got through.
contract VaultHandler {
    ShareVault public immutable vault;
    ParcelStaking public immutable staking;
    address[] public actors;
    uint256 public ethIn;
    uint256 public ethOut;
    uint256 public burnt;
    uint256 public strays;
    /// The tally (voting weight, reserve) when the last block ended.
    uint256 public lastBlockVotes;
    uint256 public lastBlockReserve;

    constructor(ShareVault vault_, ParcelStaking staking_, address[] memory actors_) {
        vault = vault_;
        staking = staking_;
        actors = actors_;
        (lastBlockVotes, lastBlockReserve) = vault.countedTally();
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

    /// A price in the allowed range, or (one time in five) withdrawing the vote.
    function vote(uint256 who, uint256 price) external {
        (uint256 min, uint256 max) = vault.voteRange();
        price = price % 5 == 0 ? 0 : min + (price % (max - min + 1));
        _call(who, abi.encodeCall(ShareVault.updateUserPrice, (price)), 0);
    }

    function stake(uint256 who, uint256 amount) external {
        address actor = _actor(who);
        uint256 balance = vault.balanceOf(actor);
        if (balance == 0) return;
        amount = 1 + (amount % balance);
        vm.prank(actor);
        vault.approve(address(staking), amount);
        vm.prank(actor);
        staking.stake(address(vault), amount);
    }

    function unstake(uint256 who, uint256 amount) external {
        address actor = _actor(who);
        uint256 staked = _stakeOf(actor);
        if (staked == 0) return;
        vm.prank(actor);
        staking.withdraw(address(vault), 1 + (amount % staked));
    }

    /// Tries to send shares where nobody could get them back.
    function strayTransfer(uint256 who, bool toVault, uint256 amount) external {
        address target = toVault ? address(vault) : address(staking);
        if (_call(who, abi.encodeCall(vault.transfer, (target, amount % 2)), 0)) strays++;
    }

    function start(uint256 who, uint256 extra) external {
        (, uint256 reserve) = vault.countedTally();
        _call(who, abi.encodeCall(ShareVault.start, ()), reserve + (extra % 10 ether));
    }

    function bid(uint256 who, uint256 extra) external {
        _call(who, abi.encodeCall(ShareVault.bid, ()), (vault.livePrice() * 105 + 99) / 100 + (extra % 10 ether));
    }

    /// Ends the block (noting its final tally) and lets time pass.
    function wait(uint256 secondsAhead) external {
        lastBlockVotes = vault.votingTokens();
        lastBlockReserve = vault.reservePrice();
        vm.roll(block.number + 1);
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

    /// Gathers every share on one holder (unstaking, buying the rest of the offering) and redeems.
    function gatherAndRedeem(uint256 who) external {
        address holder = _actor(who);
        for (uint256 i = 0; i < actors.length; i++) {
            uint256 staked = _stakeOf(actors[i]);
            if (staked == 0) continue;
            vm.prank(actors[i]);
            staking.withdraw(address(vault), staked);
        }
        uint256 left = vault.offeredShares();
        if (left > 0 && !_call(who, abi.encodeCall(ShareVault.buyShares, (left)), vault.offerCost(left))) return;
        for (uint256 i = 0; i < actors.length; i++) {
            uint256 balance = vault.balanceOf(actors[i]);
            if (actors[i] != holder && balance > 0) _call(i, abi.encodeCall(vault.transfer, (holder, balance)), 0);
        }
        uint256 supply = vault.totalSupply();
        if (_call(who, abi.encodeCall(ShareVault.redeem, ()), 0)) burnt += supply;
    }

    function _stakeOf(address actor) private view returns (uint256 amount) {
        (amount,,) = staking.stakes(address(vault), actor);
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
        vault = fractionalizeParcel(ALICE, parcel, SUPPLY, 20 ether, 0.01 ether, 500 * SHARE);
        reenterer = new Reenterer(vault);
        address[] memory actors = new address[](4);
        actors[0] = ALICE;
        actors[1] = BOB;
        actors[2] = CAROL;
        actors[3] = address(reenterer);
        handler = new VaultHandler(vault, staking, actors);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Shares are only created at fractionalization and only destroyed by cash and redeem; every
    /// share is with a holder, in the offering, or staked for a holder.
    function invariant_shareSupplyIsConserved() public view {
        assertEq(vault.totalSupply() + handler.burnt(), SUPPLY, "supply + burnt");
        uint256 held = vault.balanceOf(address(vault));
        uint256 staked;
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            held += vault.balanceOf(handler.actors(i));
            (uint256 amount,,) = staking.stakes(address(vault), handler.actors(i));
            staked += amount;
        }
        assertEq(vault.balanceOf(address(staking)), staked, "staking holds exactly the stakes");
        assertEq(held + staked, vault.totalSupply(), "every share is held by someone we know");
        assertEq(handler.strays(), 0, "no share sent where nobody could get it back");
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

    /// The reserve bookkeeping equals its definition over the holders: weight = balance + stake.
    function invariant_reserveMatchesVotes() public view {
        if (vault.state() != ShareVault.State.Inactive) return;
        uint256 voting;
        uint256 total;
        (uint256 min, uint256 max) = vault.voteRange();
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            address holder = handler.actors(i);
            uint256 price = vault.userPrices(holder);
            if (price == 0) continue;
            assertTrue(price >= min && price <= max, "every vote in range");
            (uint256 staked,,) = staking.stakes(address(vault), holder);
            uint256 weight = vault.balanceOf(holder) + staked;
            assertEq(vault.votingWeightOf(holder), weight, "weight");
            voting += weight;
            total += weight * price;
        }
        assertEq(vault.votingTokens(), voting, "voting tokens");
        assertEq(vault.reserveTotal(), total, "reserve total");
    }

    /// A start counts the tally as the last block ended, and those votes never exceed the shares
    /// outside the offering (the offering stock, like any contract's shares, never votes).
    function invariant_startCountsThePreviousBlock() public view {
        if (vault.state() != ShareVault.State.Inactive) return;
        (uint256 votes, uint256 reserve) = vault.countedTally();
        assertEq(votes, handler.lastBlockVotes(), "counted votes");
        assertEq(reserve, handler.lastBlockReserve(), "counted reserve");
        assertLe(votes, vault.totalSupply() - vault.balanceOf(address(vault)), "votes <= shares that may vote");
        assertLe(vault.votingTokens(), vault.totalSupply() - vault.balanceOf(address(vault)), "and now");
    }
}
