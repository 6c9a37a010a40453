// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Pull payments
/// @notice ETH owed to accounts is credited here and withdrawn by them, so no payment loop can be
/// blocked by a reverting receiver (OpenZeppelin 4's PullPayment, which OpenZeppelin 5 dropped).
abstract contract PullPayments is ReentrancyGuardTransient {
    /// @notice Wei each account may withdraw.
    mapping(address account => uint256 weiOwed) public payments;
    /// @notice Sum of `payments`: wei this contract holds on behalf of payees.
    uint256 public totalPaymentsOwed;

    event PaymentCredited(address indexed payee, uint256 amount);
    event PaymentWithdrawn(address indexed payee, uint256 amount);

    error NothingToWithdraw(address payee);
    error PaymentFailed(address payee, uint256 amount);

    /// @notice Sends everything owed to `payee` (anyone may trigger it; the ETH only goes to `payee`).
    function withdrawPayments(address payable payee) external nonReentrant {
        uint256 amount = payments[payee];
        if (amount == 0) revert NothingToWithdraw(payee);
        payments[payee] = 0;
        totalPaymentsOwed -= amount;
        emit PaymentWithdrawn(payee, amount);
        (bool ok,) = payee.call{value: amount}("");
        if (!ok) revert PaymentFailed(payee, amount);
    }

    function _credit(address payee, uint256 amount) internal {
        if (amount == 0) return;
        payments[payee] += amount;
        totalPaymentsOwed += amount;
        emit PaymentCredited(payee, amount);
    }
}
