// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Fractionalizer} from "./Fractionalizer.sol";
import {LandRegistry} from "./LandRegistry.sol";
import {OreToken} from "./OreToken.sol";
import {ParcelStaking} from "./ParcelStaking.sol";
import {ShareVault} from "./ShareVault.sol";

/// @title ORE miner
/// @notice EIP-918-style proof of work per parcel: `mine(parcelId, nonce)` is accepted when
/// `uint256(keccak256(abi.encodePacked(challenge(parcelId), msg.sender, nonce))) <= getMiningTarget()`.
/// Each solution rotates the parcel's challenge to `keccak256(digest ‖ blockhash(block.number − 1))`
/// (no replay, and unknown before the solution's block, as 0xBitcoin), and mints
/// `rewardPerLevel × rig level` ORE: half to the miner, half to the parcel's staking pool when it
/// is fractionalized (streamed to its stakers), else to its owner. The first solution of a period of
/// at least `retargetPeriod` seconds moves the target toward `solutionInterval` seconds per
/// solution over that period, by at most ×4 or ÷4: however many solutions arrive in a burst, the
/// target moves one bounded step per period.
contract OreMiner is ReentrancyGuardTransient {
    struct Config {
        /// Initial target (higher = easier), ≤ MAX_TARGET.
        uint256 initialTarget;
        /// Wanted seconds between solutions, map-wide.
        uint256 solutionInterval;
        /// Shortest time between retargets, seconds (≥ solutionInterval): minutes on a local
        /// chain, a day elsewhere.
        uint256 retargetPeriod;
        /// ORE wei per solution per rig level.
        uint256 rewardPerLevel;
        /// ORE wei burnt to go from level 1 to 2; each further level costs twice the last.
        uint256 rigBaseCost;
        /// Highest rig level.
        uint256 maxRigLevel;
        /// Seconds over which a staking pool streams each reward (ParcelStaking.rewardPeriod).
        uint256 rewardPeriod;
        /// ORE wei minted once, at deployment, to the deployer: the ORE side of the ORE/WETH pool
        /// the deploy seeds so ORE has a price (0: no such mint; nothing else mints but solutions).
        uint256 liquiditySeed;
    }

    /// @notice Highest target: a quarter of 2^256, so a ×4 retarget step never overflows.
    uint256 public constant MAX_TARGET = type(uint256).max / 4;
    /// @notice Largest change of the target per retarget.
    uint256 public constant MAX_RETARGET_FACTOR = 4;

    LandRegistry public immutable land;
    Fractionalizer public immutable fractionalizer;
    OreToken public immutable ore;
    ParcelStaking public immutable staking;
    uint256 public immutable solutionInterval;
    uint256 public immutable retargetPeriod;
    uint256 public immutable rewardPerLevel;
    uint256 public immutable rigBaseCost;
    uint256 public immutable maxRigLevel;

    /// @dev A solution's digest must be ≤ this; read through `getMiningTarget` (no public getter
    /// named `target`: ethers' contract objects use that name for the contract's address).
    uint256 internal _miningTarget;
    // The next three share a slot: a solution reads it once and writes it once.
    /// @notice Solutions accepted since deployment.
    uint64 public solutions;
    /// @notice When the current retarget period began (unix seconds).
    uint40 public periodStart;
    /// @notice `solutions` when the current retarget period began.
    uint64 public periodStartSolutions;
    /// @dev Rotated challenge per parcel; zero until the parcel's first solution (see `challenge`).
    mapping(uint256 parcelId => bytes32) private _challenges;
    /// @dev Rig levels bought on top of the starter level 1.
    mapping(uint256 parcelId => uint256) private _extraLevels;

    event SolutionAccepted(
        uint256 indexed parcelId, address indexed miner, bytes32 digest, uint256 reward, bytes32 nextChallenge
    );
    event TargetRetargeted(uint256 oldTarget, uint256 newTarget, uint256 periodSeconds);
    event RigBuilt(uint256 indexed parcelId, address indexed builder, uint256 level, uint256 cost);

    error ParcelUnclaimed(uint256 parcelId);
    error AboveTarget(bytes32 digest, uint256 target);
    error MaxRigLevel(uint256 parcelId, uint256 level);
    error InvalidConfig();

    /// @notice Deploys the ORE token, the staking contract and the fractionalizer with it, so each
    /// knows the others from its constructor (the vaults keep staked shares' votes; only this
    /// contract mints ORE and credits reward pools) and no address is wired in afterwards. Mints
    /// `config.liquiditySeed` ORE to the deployer, the only ORE not mined.
    /// @param auction buyout auction times of every share vault
    constructor(LandRegistry land_, Config memory config, ShareVault.VaultTimes memory auction) {
        if (
            config.initialTarget == 0 || config.initialTarget > MAX_TARGET || config.solutionInterval == 0
                || config.retargetPeriod < config.solutionInterval || config.retargetPeriod > 365 days
                || config.maxRigLevel == 0 || config.maxRigLevel > 64
        ) revert InvalidConfig();
        land = land_;
        ore = new OreToken();
        staking = new ParcelStaking(ore, land_, config.rewardPeriod);
        fractionalizer = new Fractionalizer(land_, staking, auction);
        _miningTarget = config.initialTarget;
        solutionInterval = config.solutionInterval;
        retargetPeriod = config.retargetPeriod;
        rewardPerLevel = config.rewardPerLevel;
        rigBaseCost = config.rigBaseCost;
        maxRigLevel = config.maxRigLevel;
        periodStart = uint40(block.timestamp);
        if (config.liquiditySeed > 0) ore.mint(msg.sender, config.liquiditySeed);
    }

    /// @notice The challenge a nonce for `parcelId` must be mined against now. Before a parcel's
    /// first solution it is keccak256(abi.encodePacked(this contract, parcelId, land.claimSeed(parcelId))),
    /// which nobody knows before the parcel's claim (an unclaimed parcel's changes at its claim).
    function challenge(uint256 parcelId) public view virtual returns (bytes32) {
        bytes32 current = _challenges[parcelId];
        return current != 0 ? current : keccak256(abi.encodePacked(address(this), parcelId, land.claimSeed(parcelId)));
    }

    /// @notice A solution's digest must be ≤ this (EIP-918's `getMiningTarget`; higher = easier).
    function getMiningTarget() external view returns (uint256) {
        return _miningTarget;
    }

    /// @notice Rig level of a parcel: 0 when unclaimed, 1 (the starter rig) plus the levels built.
    function rigLevel(uint256 parcelId) public view returns (uint256) {
        return land.exists(parcelId) ? 1 + _extraLevels[parcelId] : 0;
    }

    /// @notice ORE burnt to raise a rig from `level` to `level + 1`.
    function rigCost(uint256 level) public view returns (uint256) {
        return rigBaseCost << (level - 1);
    }

    /// @notice Submits a proof of work for `parcelId`; see the contract description.
    /// @return reward ORE minted in total (half to the caller)
    function mine(uint256 parcelId, uint256 nonce) external nonReentrant returns (uint256 reward) {
        uint256 level = rigLevel(parcelId);
        if (level == 0) revert ParcelUnclaimed(parcelId);
        bytes32 digest = keccak256(abi.encodePacked(challenge(parcelId), msg.sender, nonce));
        uint256 currentTarget = _miningTarget;
        if (uint256(digest) > currentTarget) revert AboveTarget(digest, currentTarget);
        // Mixing in the last block's hash makes the next challenge unknown until this solution's
        // block: nobody mines a parcel ahead (and the same nonce never hashes the same again).
        bytes32 next = keccak256(abi.encodePacked(digest, blockhash(block.number - 1)));
        _challenges[parcelId] = next;
        uint64 count = solutions + 1;
        solutions = count;
        if (block.timestamp - periodStart >= retargetPeriod) _retarget(currentTarget, count);

        reward = rewardPerLevel * level;
        uint256 minerShare = reward / 2;
        uint256 parcelShare = reward - minerShare;
        emit SolutionAccepted(parcelId, msg.sender, digest, reward, next);
        ore.mint(msg.sender, minerShare);
        address owner = land.ownerOf(parcelId);
        if (parcelShare == 0) return reward;
        if (fractionalizer.vaultOf(parcelId) == owner) {
            ore.mint(address(staking), parcelShare);
            staking.notifyReward(owner, parcelShare);
        } else {
            ore.mint(owner, parcelShare);
        }
    }

    /// @notice Burns `rigCost(level)` of the caller's ORE to raise `parcelId`'s rig one level.
    /// Anyone may build on any claimed parcel; the reward goes to the parcel and its miners.
    function buildRig(uint256 parcelId) external nonReentrant returns (uint256 newLevel) {
        uint256 level = rigLevel(parcelId);
        if (level == 0) revert ParcelUnclaimed(parcelId);
        if (level >= maxRigLevel) revert MaxRigLevel(parcelId, level);
        uint256 cost = rigCost(level);
        newLevel = level + 1;
        _extraLevels[parcelId] = newLevel - 1;
        emit RigBuilt(parcelId, msg.sender, newLevel, cost);
        ore.burn(msg.sender, cost);
    }

    /// @notice The target after a period of `elapsed` seconds in which `count` (≥ 1) solutions were
    /// accepted: `current × elapsed / (count × solutionInterval)`, the ratio clamped to [1/4, 4], the
    /// result to [1, MAX_TARGET].
    function nextTarget(uint256 current, uint256 elapsed, uint256 count) public view returns (uint256) {
        uint256 expected = count * solutionInterval;
        uint256 clamped = Math.min(Math.max(elapsed, expected / MAX_RETARGET_FACTOR), expected * MAX_RETARGET_FACTOR);
        // current ≤ MAX_TARGET and clamped ≤ 4 × expected, so the product fits in 512 bits and the
        // quotient in 256 (mulDiv cannot revert).
        uint256 next = Math.mulDiv(current, clamped, expected);
        return Math.min(Math.max(next, 1), MAX_TARGET);
    }

    /// @dev Ends the retarget period with the solution numbered `count`.
    function _retarget(uint256 current, uint64 count) private {
        uint256 elapsed = block.timestamp - periodStart;
        uint256 periodSolutions = count - periodStartSolutions;
        uint256 next = nextTarget(current, elapsed, periodSolutions);
        _miningTarget = next;
        periodStart = uint40(block.timestamp);
        periodStartSolutions = count;
        emit TargetRetargeted(current, next, elapsed);
    }
}
