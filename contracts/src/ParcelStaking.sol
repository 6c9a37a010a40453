// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Parcel staking
/// @notice One pool per share vault: holders stake a parcel's shares and earn the ORE its rigs send
/// to the pool, pro rata to stake (reward-per-share accumulator). Rewards that arrive while nothing
/// is staked wait in the pool and go to the next stakers.
/// @dev Rewards are credited by transferring ORE here and calling `notifyReward`, which counts only
/// ORE not yet accounted for, so nobody can credit more than they sent.
contract ParcelStaking is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @dev Fixed-point scale of `rewardPerShare` (reward wei per share unit × 1e18). With stakes
    /// below 2^96 and rewards of ORE wei, the uint160 accumulator lasts ~10^11 rewards even over a
    /// pool of one share unit; past that SafeCast reverts rather than wrapping.
    uint256 private constant PRECISION = 1e18;

    // Packed so that a stake writes one slot of the pool and one of the staker.
    struct Pool {
        uint96 totalStaked;
        /// Σ reward × PRECISION / totalStaked over time.
        uint160 rewardPerShare;
        /// Reward × PRECISION not yet divisible into `rewardPerShare` (< totalStaked), carried over.
        uint256 remainder;
        /// Rewards that arrived while nothing was staked, for the next stakers.
        uint256 queued;
    }

    struct Stake {
        uint96 amount;
        /// `rewardPerShare` when `owed` was last brought up to date.
        uint160 paidPerShare;
        uint256 owed;
    }

    /// @notice The reward token (ORE).
    IERC20 public immutable rewardToken;
    /// @notice Reward tokens this contract owes (credited to pools, not yet claimed).
    uint256 public accountedRewards;
    mapping(address vault => Pool) public pools;
    mapping(address vault => mapping(address staker => Stake)) public stakes;

    event Staked(address indexed vault, address indexed staker, uint256 amount);
    event Withdrawn(address indexed vault, address indexed staker, uint256 amount);
    event RewardPaid(address indexed vault, address indexed staker, uint256 amount);
    event RewardAdded(address indexed vault, uint256 amount);

    error ZeroAmount();
    error InsufficientStake(uint256 requested, uint256 staked);
    error NothingToClaim();

    constructor(IERC20 rewardToken_) {
        rewardToken = rewardToken_;
    }

    /// @notice Credits the reward tokens sent here since the last notification to `vault`'s pool.
    /// @return amount the reward credited
    function notifyReward(address vault) external nonReentrant returns (uint256 amount) {
        uint256 held = rewardToken.balanceOf(address(this));
        amount = held - accountedRewards;
        if (amount == 0) revert ZeroAmount();
        accountedRewards = held;
        Pool storage pool = pools[vault];
        if (pool.totalStaked == 0) pool.queued += amount;
        else _distribute(pool, amount);
        emit RewardAdded(vault, amount);
    }

    /// @notice Stakes `amount` shares of `vault` (approve this contract first).
    function stake(address vault, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint96 added = amount.toUint96();
        Pool storage pool = pools[vault];
        Stake storage s = stakes[vault][msg.sender];
        _settle(pool, s);
        s.amount += added;
        pool.totalStaked += added;
        uint256 queued = pool.queued;
        if (queued != 0) {
            pool.queued = 0;
            _distribute(pool, queued);
        }
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

    /// @notice Rewards `staker` may claim from `vault`'s pool now.
    function earned(address vault, address staker) public view returns (uint256) {
        Stake storage s = stakes[vault][staker];
        return s.owed + (uint256(s.amount) * (pools[vault].rewardPerShare - s.paidPerShare)) / PRECISION;
    }

    function _withdraw(address vault, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        Pool storage pool = pools[vault];
        Stake storage s = stakes[vault][msg.sender];
        if (amount > s.amount) revert InsufficientStake(amount, s.amount);
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
        Stake storage s = stakes[vault][msg.sender];
        _settle(pools[vault], s);
        reward = s.owed;
        if (reward == 0) return 0;
        s.owed = 0;
        accountedRewards -= reward;
        emit RewardPaid(vault, msg.sender, reward);
        rewardToken.safeTransfer(msg.sender, reward);
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

    /// @dev Spreads `amount` over the staked total. The division remainder is carried to the next
    /// reward (it holds < totalStaked / PRECISION wei), and each settle floors < 1 wei per staker,
    /// so Σ paid ≤ Σ notified and the shortfall stays bounded by those two.
    function _distribute(Pool storage pool, uint256 amount) private {
        uint256 scaled = amount * PRECISION + pool.remainder;
        uint256 total = pool.totalStaked;
        pool.rewardPerShare = (pool.rewardPerShare + scaled / total).toUint160();
        pool.remainder = scaled % total;
    }
}
