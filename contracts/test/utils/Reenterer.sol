// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PullPayments} from "../../src/PullPayments.sol";
import {ShareVault} from "../../src/ShareVault.sol";

/// @notice A share holder and bidder that, whenever it receives ETH, tries to call back into the
/// vault (cash again, withdraw again, bid) to take more than its due. It counts the attempts that
/// got through; every guarded entry point must refuse them.
contract Reenterer {
    ShareVault public vault;
    uint256 public attempts;
    uint256 public successes;

    constructor(ShareVault vault_) {
        vault = vault_;
    }

    receive() external payable {
        attempts++;
        bytes[3] memory calls = [
            abi.encodeCall(ShareVault.cash, ()),
            abi.encodeCall(PullPayments.withdrawPayments, (payable(address(this)))),
            abi.encodeCall(ShareVault.buyShares, (1))
        ];
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok,) = address(vault).call(calls[i]);
            if (ok) successes++;
        }
    }
}
