// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OreMiner} from "../../src/OreMiner.sol";
import {OreToken} from "../../src/OreToken.sol";
import {ParcelStaking} from "../../src/ParcelStaking.sol";
import {ShareVault} from "../../src/ShareVault.sol";
import {Fixture} from "../utils/Fixture.sol";
import {vm} from "../utils/Vm.sol";

/// @notice Random staking, mining and waiting by three holders. Ghosts: ORE minted to the pool, ORE
/// paid out by the pool, and every accepted digest (a solution must never be accepted twice).
contract StakingHandler {
    ShareVault public immutable vault;
    ParcelStaking public immutable staking;
    OreMiner public immutable miner;
    OreToken public immutable ore;
    uint256 public immutable parcel;
    address[] public actors;
    uint256 public mintedToPool;
    uint256 public paidByPool;
    uint256 public accepted;
    /// Stakes, withdrawals and claims: each brings one stake up to date, flooring < 1 wei.
    uint256 public settles;
    mapping(bytes32 digest => bool) public seen;
    uint256 public duplicateDigests;
    uint256 private _lastNonce;
    /// Mines outside the staker set, so its ORE never mixes with theirs.
    address private constant OUTSIDER = address(0x0DD);

    constructor(ShareVault vault_, OreMiner miner_, uint256 parcel_, address[] memory actors_) {
        vault = vault_;
        miner = miner_;
        staking = miner_.staking();
        ore = miner_.ore();
        parcel = parcel_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function stake(uint256 who, uint256 amount) external {
        settles++;
        address actor = _actor(who);
        uint256 balance = vault.balanceOf(actor);
        if (balance == 0) return;
        vm.prank(actor);
        staking.stake(address(vault), 1 + (amount % balance));
    }

    function withdraw(uint256 who, uint256 amount) external {
        settles++;
        address actor = _actor(who);
        (uint256 staked,,) = staking.stakes(address(vault), actor);
        if (staked == 0) return;
        vm.prank(actor);
        staking.withdraw(address(vault), 1 + (amount % staked));
    }

    function claim(uint256 who) external {
        settles++;
        address actor = _actor(who);
        uint256 before = ore.balanceOf(actor);
        vm.prank(actor);
        staking.claim(address(vault));
        paidByPool += ore.balanceOf(actor) - before;
    }

    function exit(uint256 who) external {
        settles++;
        address actor = _actor(who);
        uint256 before = ore.balanceOf(actor);
        vm.prank(actor);
        staking.exit(address(vault));
        paidByPool += ore.balanceOf(actor) - before;
    }

    /// Time passes: the pool's stream releases rewards.
    function wait(uint256 waitSeconds) external {
        vm.warp(block.timestamp + (waitSeconds % 2 hours));
    }

    /// A fresh solution by an outsider (its ORE does not mix with the stakers').
    function mine(uint256 waitSeconds) external {
        vm.warp(block.timestamp + (waitSeconds % 300));
        bytes32 challenge = miner.challenge(parcel);
        uint256 target = miner.getMiningTarget();
        uint256 nonce = uint256(keccak256(abi.encode(challenge, waitSeconds)));
        while (uint256(keccak256(abi.encodePacked(challenge, OUTSIDER, nonce))) > target) nonce++;
        _submit(nonce);
        _lastNonce = nonce;
    }

    /// Resubmits the last accepted nonce. Against the rotated challenge it hashes to a new digest,
    /// which the contract may accept only if it meets the target and was never accepted before.
    function replay() external {
        _submit(_lastNonce);
    }

    function _submit(uint256 nonce) private {
        bytes32 digest = keccak256(abi.encodePacked(miner.challenge(parcel), OUTSIDER, nonce));
        vm.prank(OUTSIDER);
        try miner.mine(parcel, nonce) returns (uint256 reward) {
            if (seen[digest]) duplicateDigests++;
            seen[digest] = true;
            accepted++;
            mintedToPool += reward - reward / 2;
        } catch {}
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }
}

contract StakingInvariantsTest is Fixture {
    StakingHandler internal handler;
    ShareVault internal vault;

    function setUp() public override {
        super.setUp();
        uint256 parcel = claimParcel(ALICE, -90, 90);
        vault = fractionalizeParcel(ALICE, parcel, 900 * SHARE, 1 ether, 0, 600 * SHARE);
        address[] memory actors = new address[](3);
        actors[0] = ALICE;
        actors[1] = BOB;
        actors[2] = CAROL;
        for (uint256 i = 0; i < 3; i++) {
            VM.startPrank(actors[i]);
            if (actors[i] != ALICE) vault.buyShares(300 * SHARE);
            vault.approve(address(staking), type(uint256).max);
            VM.stopPrank();
        }
        handler = new StakingHandler(vault, miner, parcel, actors);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// Rewards streamed (claimable) + left in the stream + paid = rewards minted to the pool, up to
    /// the accumulator's rounding dust (it only ever holds rewards back), and the pool holds
    /// exactly what it owes.
    function invariant_rewardsStreamedLeftAndPaidAreMinted() public view {
        assertEq(ore.balanceOf(address(staking)), staking.accountedRewards(), "held = owed");
        assertEq(handler.paidByPool() + staking.accountedRewards(), handler.mintedToPool(), "paid + owed = minted");
        uint256 claimable;
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            claimable += staking.earned(address(vault), handler.actors(i));
        }
        uint256 streamedAndLeft = claimable + staking.rewardsLeft(address(vault));
        assertLe(streamedAndLeft, staking.accountedRewards(), "never more than owed");
        // Each settle floors < 1 wei, so does each of the three `earned`, and the carried remainder
        // is < totalStaked / 1e18 ≤ 900 wei.
        uint256 dust = handler.settles() + 3 + 900;
        assertGe(streamedAndLeft + dust, staking.accountedRewards(), "dust bounded");
    }

    /// Staked shares are all accounted for.
    function invariant_stakesSumToPoolTotal() public view {
        uint256 sum;
        for (uint256 i = 0; i < handler.actorCount(); i++) {
            (uint256 amount,,) = staking.stakes(address(vault), handler.actors(i));
            sum += amount;
        }
        (uint256 totalStaked,,,,,) = staking.pools(address(vault));
        assertEq(sum, totalStaked, "sum of stakes");
        assertEq(vault.balanceOf(address(staking)), totalStaked, "shares held");
    }

    /// No solution is accepted twice: every accepted digest, replays included, is new.
    function invariant_noSolutionAcceptedTwice() public view {
        assertEq(handler.duplicateDigests(), 0, "duplicate digests");
        assertEq(miner.solutions(), handler.accepted(), "solutions counted");
    }
}
