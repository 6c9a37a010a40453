// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {Vm, vm} from "./Vm.sol";

/// @notice Minimal assertion base for the Solidity tests: a failed assertion reverts with a message
/// that names both values.
abstract contract Test {
    Vm internal constant VM = vm;

    error AssertionFailed(string message);

    function fail(string memory message) internal pure {
        revert AssertionFailed(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", _u(a), " != ", _u(b)));
    }

    function assertEq(int256 a, int256 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", _i(a), " != ", _i(b)));
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": addresses differ"));
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": bytes32 differ"));
    }

    function assertEq(string memory a, string memory b, string memory message) internal pure {
        if (keccak256(bytes(a)) != keccak256(bytes(b))) fail(string.concat(message, ": '", a, "' != '", b, "'"));
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) fail(string.concat(message, ": ", _u(a), " > ", _u(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) fail(string.concat(message, ": ", _u(a), " < ", _u(b)));
    }

    /// @dev |a - b| ≤ tolerance.
    function assertApproxEq(uint256 a, uint256 b, uint256 tolerance, string memory message) internal pure {
        uint256 diff = a > b ? a - b : b - a;
        if (diff > tolerance) fail(string.concat(message, ": ", _u(a), " !~ ", _u(b)));
    }

    /// @dev Maps a fuzzed value into [lo, hi] (inclusive) without rejecting runs.
    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (hi <= lo) return lo;
        uint256 span = hi - lo;
        if (span == type(uint256).max) return x;
        return lo + (x % (span + 1));
    }

    function boundInt(int256 x, int256 lo, int256 hi) internal pure returns (int256) {
        // Shift into unsigned space; lo ≤ hi are small in every caller, so the casts are exact.
        uint256 span = uint256(hi - lo);
        return lo + int256(uint256(x < 0 ? -(x + 1) : x) % (span + 1));
    }

    function _u(uint256 v) private pure returns (string memory) {
        return Strings.toString(v);
    }

    function _i(int256 v) private pure returns (string memory) {
        return Strings.toStringSigned(v);
    }
}
