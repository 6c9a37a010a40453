// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ORE
/// @notice The mined token. Only its miner (the `OreMiner` that deployed it) mints rewards and
/// burns the ORE spent on rigs; any holder may burn its own ORE (the staking contract burns ORE
/// that was sent to it without going to any pool).
contract OreToken is ERC20 {
    /// @notice The OreMiner.
    address public immutable miner;

    error NotMiner(address caller);

    constructor() ERC20("Fracterra Ore", "ORE") {
        miner = msg.sender;
    }

    /// @notice Mints `amount` to `to`; miner only.
    function mint(address to, uint256 amount) external {
        if (msg.sender != miner) revert NotMiner(msg.sender);
        _mint(to, amount);
    }

    /// @notice Burns `amount` of `from`'s ORE: by the miner (a rig purchase `from` signed) or by
    /// `from` itself.
    function burn(address from, uint256 amount) external {
        if (msg.sender != miner && msg.sender != from) revert NotMiner(msg.sender);
        _burn(from, amount);
    }
}
