// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ORE
/// @notice The mined token. Only its miner (the `OreMiner` that deployed it) mints rewards and
/// burns the ORE spent on rigs.
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

    /// @notice Burns `amount` of `from`'s ORE (a rig purchase `from` signed); miner only.
    function burn(address from, uint256 amount) external {
        if (msg.sender != miner) revert NotMiner(msg.sender);
        _burn(from, amount);
    }
}
