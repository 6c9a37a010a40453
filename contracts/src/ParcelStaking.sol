// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Fractionalizer} from "./Fractionalizer.sol";
import {LandRegistry} from "./LandRegistry.sol";
import {OreToken} from "./OreToken.sol";
import {ShareVault} from "./ShareVault.sol";

/// @notice What ParcelStaking asks of its miner (the OreMiner that deployed it).
interface IParcelMiner {
    function fractionalizer() external view returns (Fractionalizer);
}

/// @title Parcel staking
/// @notice One pool per share vault: holders stake a parcel's shares and earn the ORE its rigs send
/// to the pool, pro rata to stake and time staked. Each reward is streamed (Synthetix
/// StakingRewards): it joins what is left of the pool's stream and the stream restarts to run
/// evenly over `rewardPeriod` seconds, so a stake that enters and leaves around a reward earns only
/// the seconds it stayed. Rewards that arrive while nothing is staked wait and start streaming
/// when the first stake arrives.
/// @dev Only the miner credits rewards it minted here (`notifyReward`); anyone else adds ORE with
/// `fund`, which pulls it in, so no credit can be redirected. ORE sent here any other way is owned
/// by no pool: `recover` burns it. Conservation: ORE held = `accountedRewards` + unaccounted, and
/// `accountedRewards` = Σ pools' unstreamed + Σ streamed not yet claimed.
contract ParcelStaking is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @dev Fixed-point scale of `rewardPerShare` (reward wei per share unit × 1e18). With stakes
    /// below 2^96 and rewards of ORE wei, the uint160 accumulator lasts ~10^11 rewards even over a
    /// pool of one share unit; past that SafeCast reverts rather than wrapping.
    uint256 private constant PRECISION = 1e18;

    // Two slots: a reward that arrives writes the first (so a pool that waits for its first stake
    // has a warm, non-zero slot), a release of the stream writes both.
    struct Pool {
        uint96 totalStaked;
        /// ORE wei of the stream not yet released (all of it while nothing is staked). Pools stay
        /// far below 2^96 wei (~7.9e10 ORE); past it SafeCast reverts rather than wrapping.
        uint96 unstreamed;
        /// Unix seconds when the stream runs dry.
        uint40 periodFinish;
        /// Seconds from the last release to `periodFinish` (≤ rewardPeriod ≤ 30 days < 2^24).
        uint24 secondsLeft;
        /// Σ released × PRECISION / totalStaked over time.
        uint160 rewardPerShare;
        /// Released × PRECISION not yet divisible into `rewardPerShare` (< totalStaked), carried over.
        uint96 remainder;
    }

    struct Stake {
        uint96 amount;
        /// `rewardPerShare` when `owed` was last brought up to date.
        uint160 paidPerShare;
        uint256 owed;
    }

    /// @notice The reward token (ORE).
    OreToken public immutable rewardToken;
    /// @notice The only contract that credits minted rewards (the OreMiner that deployed this).
    address public immutable miner;
    LandRegistry public immutable land;
    /// @notice Seconds over which each pool's stream runs after every reward.
    uint256 public immutable rewardPeriod;
    /// @notice Reward tokens this contract owes (in pools' streams or streamed, not yet claimed).
    uint256 public accountedRewards;
    mapping(address vault => Pool) public pools;
    mapping(address vault => mapping(address staker => Stake)) public stakes;

    event Staked(address indexed vault, address indexed staker, uint256 amount);
    event Withdrawn(address indexed vault, address indexed staker, uint256 amount);
    event RewardPaid(address indexed vault, address indexed staker, uint256 amount);
    /// @param periodFinish when the pool's stream, `amount` included, runs dry (0: waits for a stake)
    event RewardAdded(address indexed vault, uint256 amount, uint256 periodFinish);
    event UnaccountedBurnt(uint256 amount);
    event SharesRecovered(address indexed vault, address indexed to, uint256 amount);
    event RewardsSwept(address indexed vault, address indexed to, uint256 amount);

    error ZeroAmount();
    error InsufficientStake(uint256 requested, uint256 staked);
    error NothingToClaim();
    error NotMiner(address caller);
    error RewardTokenNotStakeable();
    error NothingToRecover(address token);
    error PoolStillActive(address vault);
    error InvalidRewardPeriod(uint256 rewardPeriod);

    /// @param rewardPeriod_ seconds each reward streams over (1 s to 30 days)
    constructor(OreToken rewardToken_, LandRegistry land_, uint256 rewardPeriod_) {
        if (rewardPeriod_ == 0 || rewardPeriod_ > 30 days) revert InvalidRewardPeriod(rewardPeriod_);
        rewardToken = rewardToken_;
        miner = msg.sender;
        land = land_;
        rewardPeriod = rewardPeriod_;
    }

    /// @notice Adds `amount` ORE the miner minted here to `vault`'s stream; miner only.
    function notifyReward(address vault, uint256 amount) external {
        if (msg.sender != miner) revert NotMiner(msg.sender);
        _addReward(vault, amount);
    }

    /// @notice Pulls `amount` of the caller's ORE (approve this contract first) into `vault`'s stream.
    function fund(address vault, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        _addReward(vault, amount);
        IERC20(address(rewardToken)).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Stakes `amount` shares of `vault` (approve this contract first).
    function stake(address vault, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        // ORE staked here would mix with the rewards this contract owes.
        if (vault == address(rewardToken)) revert RewardTokenNotStakeable();
        uint96 added = amount.toUint96();
        Pool storage pool = pools[vault];
        Stake storage s = stakes[vault][msg.sender];
        uint96 total = pool.totalStaked;
        // Nothing streamed while the pool was empty: what waits starts streaming now.
        if (total == 0 && pool.unstreamed != 0) _restart(pool);
        else _stream(pool, total);
        _settle(pool, s);
        s.amount += added;
        pool.totalStaked = total + added;
        emit Staked(vault, msg.sender, amount);
        IERC20(vault).safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Unstakes `amount` shares of `vault`; rewards stay claimable.
    function withdraw(address vault, uint256 amount) external nonReentrant {
        _withdraw(vault, amount);
    }

    /// @notice Sends the caller's earned rewards of `vault`'s pool.
    function claim(address vault) external nonReentrant {
        if (_claim(vault) == 0) revert NothingToClaim();
    }

    /// @notice Withdraws the caller's whole stake and claims the rewards.
    function exit(address vault) external nonReentrant {
        uint256 amount = stakes[vault][msg.sender].amount;
        if (amount != 0) _withdraw(vault, amount);
        if (_claim(vault) == 0 && amount == 0) revert NothingToClaim();
    }

    /// @notice Tokens held here beyond what this contract owes, which nobody can claim: ORE beyond
    /// `accountedRewards` is burnt (it was never credited to a pool, so it belongs to none of them);
    /// shares of a vault beyond its pool's `totalStaked` go to the vault's curator (the only party
    /// the vault names). Anyone may call it; the destination is fixed. A token that is not a share
    /// vault (no `curator()`) makes it revert: such tokens have no owner this contract can know.
    /// @return amount the tokens burnt or sent
    function recover(address token) external nonReentrant returns (uint256 amount) {
        if (token == address(rewardToken)) {
            amount = rewardToken.balanceOf(address(this)) - accountedRewards;
            if (amount == 0) revert NothingToRecover(token);
            emit UnaccountedBurnt(amount);
            rewardToken.burn(address(this), amount);
        } else {
            amount = IERC20(token).balanceOf(address(this)) - pools[token].totalStaked;
            if (amount == 0) revert NothingToRecover(token);
            address curator = ShareVault(token).curator();
            emit SharesRecovered(token, curator, amount);
            IERC20(token).safeTransfer(curator, amount);
        }
    }

    /// @notice Once `vault`'s parcel has left it (bought out or redeemed) and nothing is staked in
    /// its pool, the ORE still in the pool's stream goes where the parcel's rewards go now: the
    /// pool of the parcel's current vault if it was fractionalized again, else the parcel's owner.
    /// Anyone may call it; the destination is fixed.
    /// @return amount the ORE moved
    function sweep(address vault) external nonReentrant returns (uint256 amount) {
        Pool storage pool = pools[vault];
        if (pool.totalStaked != 0 || ShareVault(vault).state() < ShareVault.State.Ended) {
            revert PoolStillActive(vault);
        }
        amount = pool.unstreamed;
        if (amount == 0) revert NothingToRecover(vault);
        pool.unstreamed = 0;
        accountedRewards -= amount;
        uint256 parcelId = ShareVault(vault).parcelId();
        address owner = land.ownerOf(parcelId);
        emit RewardsSwept(vault, owner, amount);
        if (owner != vault && IParcelMiner(miner).fractionalizer().vaultOf(parcelId) == owner) {
            _addReward(owner, amount);
        } else {
            IERC20(address(rewardToken)).safeTransfer(owner, amount);
        }
    }

    /// @notice Rewards `staker` may claim from `vault`'s pool now.
    function earned(address vault, address staker) external view returns (uint256) {
        Pool storage pool = pools[vault];
        Stake storage s = stakes[vault][staker];
        uint256 total = pool.totalStaked;
        uint256 perShare = pool.rewardPerShare;
        if (total != 0) {
            (uint256 streamed,) = _pending(pool);
            perShare += (streamed * PRECISION + pool.remainder) / total;
        }
        return s.owed + (uint256(s.amount) * (perShare - s.paidPerShare)) / PRECISION;
    }

    /// @notice ORE wei of `vault`'s stream not yet released to its stakers (all of it while
    /// nothing is staked: it waits for the first stake).
    function rewardsLeft(address vault) external view returns (uint256) {
        Pool storage pool = pools[vault];
        if (pool.totalStaked == 0) return pool.unstreamed;
        (uint256 streamed,) = _pending(pool);
        return pool.unstreamed - streamed;
    }

    /// @notice ORE wei per second `vault`'s pool streams to its stakers now (0 while nothing is
    /// staked or the stream ran dry); a staker earns its stake's part of it.
    function rewardRate(address vault) external view returns (uint256) {
        Pool storage pool = pools[vault];
        if (pool.totalStaked == 0) return 0;
        (uint256 streamed, uint256 secondsLeft) = _pending(pool);
        return secondsLeft == 0 ? 0 : (pool.unstreamed - streamed) / secondsLeft;
    }

    function _withdraw(address vault, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        Pool storage pool = pools[vault];
        Stake storage s = stakes[vault][msg.sender];
        if (amount > s.amount) revert InsufficientStake(amount, s.amount);
        _stream(pool, pool.totalStaked);
        _settle(pool, s);
        // amount ≤ s.amount ≤ totalStaked < 2^96 (every stake is counted in its pool's total).
        unchecked {
            s.amount -= uint96(amount);
            pool.totalStaked -= uint96(amount);
        }
        emit Withdrawn(vault, msg.sender, amount);
        IERC20(vault).safeTransfer(msg.sender, amount);
    }

    /// @dev Pays the caller's owed rewards; returns the amount (0: nothing owed, nothing sent).
    function _claim(address vault) private returns (uint256 reward) {
        Pool storage pool = pools[vault];
        Stake storage s = stakes[vault][msg.sender];
        _stream(pool, pool.totalStaked);
        _settle(pool, s);
        reward = s.owed;
        if (reward == 0) return 0;
        s.owed = 0;
        accountedRewards -= reward;
        emit RewardPaid(vault, msg.sender, reward);
        IERC20(address(rewardToken)).safeTransfer(msg.sender, reward);
    }

    /// @dev Adds `amount` to `vault`'s stream; with stakers the stream restarts over `rewardPeriod`.
    function _addReward(address vault, uint256 amount) private {
        Pool storage pool = pools[vault];
        uint96 total = pool.totalStaked;
        accountedRewards += amount;
        uint256 finish;
        if (total == 0) {
            pool.unstreamed = (pool.unstreamed + amount).toUint96();
        } else {
            _stream(pool, total);
            pool.unstreamed = (pool.unstreamed + amount).toUint96();
            finish = _restart(pool);
        }
        emit RewardAdded(vault, amount, finish);
    }

    /// @dev The rest of the stream runs from now over a whole `rewardPeriod`.
    function _restart(Pool storage pool) private returns (uint256 finish) {
        finish = block.timestamp + rewardPeriod;
        // Unix seconds fit 40 bits until the year 36812; rewardPeriod ≤ 30 days fits 24 bits.
        pool.periodFinish = uint40(finish);
        pool.secondsLeft = uint24(rewardPeriod);
    }

    /// @dev ORE the stream has released since its last release (evenly over the seconds left, so
    /// all of it by `periodFinish`), and the seconds that will be left after releasing it.
    function _pending(Pool storage pool) private view returns (uint256 streamed, uint256 secondsLeft) {
        uint256 finish = pool.periodFinish;
        uint256 left = pool.secondsLeft;
        secondsLeft = finish > block.timestamp ? finish - block.timestamp : 0;
        if (secondsLeft >= left) return (0, left);
        streamed = (uint256(pool.unstreamed) * (left - secondsLeft)) / left;
    }

    /// @dev Moves what the stream released into `rewardPerShare`; `total` = pool.totalStaked (with
    /// none staked the stream waits).
    function _stream(Pool storage pool, uint256 total) private {
        if (total == 0) return;
        (uint256 streamed, uint256 secondsLeft) = _pending(pool);
        if (secondsLeft == pool.secondsLeft) return;
        // streamed ≤ unstreamed; secondsLeft < the stored one < 2^24; remainder < total < 2^96.
        pool.unstreamed -= uint96(streamed);
        pool.secondsLeft = uint24(secondsLeft);
        uint256 scaled = streamed * PRECISION + pool.remainder;
        pool.remainder = uint96(scaled % total);
        pool.rewardPerShare = (pool.rewardPerShare + scaled / total).toUint160();
    }

    /// @dev Brings `s.owed` up to the pool's current reward per share.
    function _settle(Pool storage pool, Stake storage s) private {
        uint160 perShare = pool.rewardPerShare;
        uint160 paid = s.paidPerShare;
        if (perShare == paid) return;
        uint256 due = (uint256(s.amount) * (perShare - paid)) / PRECISION;
        if (due != 0) s.owed += due;
        s.paidPerShare = perShare;
    }
}
