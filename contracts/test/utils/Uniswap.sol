// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ShareVault} from "../../src/ShareVault.sol";
import {Fixture} from "./Fixture.sol";

interface IWETH is IERC20 {
    function deposit() external payable;
    function withdraw(uint256 amount) external;
}

interface IUniswapV2Factory {
    function getPair(address tokenA, address tokenB) external view returns (address pair);
}

interface IUniswapV2Pair is IERC20 {
    function token0() external view returns (address);
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

interface IUniswapV2Router02 {
    function addLiquidityETH(
        address token,
        uint256 amountTokenDesired,
        uint256 amountTokenMin,
        uint256 amountETHMin,
        address to,
        uint256 deadline
    ) external payable returns (uint256 amountToken, uint256 amountETH, uint256 liquidity);
    function swapExactETHForTokens(uint256 amountOutMin, address[] calldata path, address to, uint256 deadline)
        external
        payable
        returns (uint256[] memory amounts);
}

interface IUniswapV2Callee {
    function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}

/// @notice The deployment of `Fixture` plus the canonical Uniswap V2 WETH9, factory and router,
/// created from the compiled builds in the npm packages exactly as scripts/deploy.ts deploys them,
/// so attack tests borrow shares through the real pair code (flash swaps included).
abstract contract UniswapFixture is Fixture {
    IWETH internal weth;
    IUniswapV2Factory internal uniswapFactory;
    IUniswapV2Router02 internal router;

    function setUp() public virtual override {
        super.setUp();
        weth = IWETH(_deployBuild("node_modules/@uniswap/v2-periphery/build/WETH9.json", ""));
        uniswapFactory = IUniswapV2Factory(
            _deployBuild("node_modules/@uniswap/v2-core/build/UniswapV2Factory.json", abi.encode(address(this)))
        );
        router = IUniswapV2Router02(
            _deployBuild(
                "node_modules/@uniswap/v2-periphery/build/UniswapV2Router02.json",
                abi.encode(address(uniswapFactory), address(weth))
            )
        );
    }

    /// @dev `who` opens the shares/WETH pool of `vault` with `shares` and `eth` (who holds both).
    function seedPool(address who, ShareVault vault, uint256 shares, uint256 eth)
        internal
        returns (IUniswapV2Pair pair)
    {
        VM.startPrank(who);
        vault.approve(address(router), shares);
        router.addLiquidityETH{value: eth}(address(vault), shares, shares, eth, who, block.timestamp);
        VM.stopPrank();
        pair = IUniswapV2Pair(uniswapFactory.getPair(address(vault), address(weth)));
    }

    /// @dev `who` buys shares of `vault` in its pool for `eth`.
    function buyFromPool(address who, ShareVault vault, uint256 eth) internal returns (uint256 shares) {
        address[] memory path = new address[](2);
        path[0] = address(weth);
        path[1] = address(vault);
        VM.prank(who);
        shares = router.swapExactETHForTokens{value: eth}(0, path, who, block.timestamp)[1];
    }

    /// @dev Creates a contract from a Truffle-style build's `bytecode` (hex without 0x) and `args`.
    function _deployBuild(string memory path, bytes memory args) private returns (address deployed) {
        string memory hexCode = VM.parseJsonString(VM.readFile(path), ".bytecode");
        bytes memory code = abi.encodePacked(VM.parseBytes(string.concat("0x", hexCode)), args);
        // CREATE from raw bytecode has no Solidity form.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            deployed := create(0, add(code, 32), mload(code))
        }
        if (deployed == address(0)) fail(string.concat("could not deploy ", path));
    }
}

/// @notice An attacker with no shares of its own: `borrow` takes `amount` shares out of the pool by a
/// flash swap, runs `_onBorrowed` while holding them, and hands them all back in the same call with
/// the pool's 0.3 % fee paid in WETH (from ETH sent along). Subclasses write the attack.
abstract contract FlashBorrower is IUniswapV2Callee {
    IUniswapV2Pair public immutable pair;
    IERC20 public immutable shares;
    IWETH public immutable weth;

    error NotThePair(address caller);

    constructor(IUniswapV2Pair pair_, IERC20 shares_, IWETH weth_) {
        pair = pair_;
        shares = shares_;
        weth = weth_;
    }

    receive() external payable {}

    /// @notice Borrows `amount` shares for the length of `_onBorrowed(amount, data)`.
    function borrow(uint256 amount, bytes calldata data) external payable {
        weth.deposit{value: address(this).balance}();
        bool sharesFirst = pair.token0() == address(shares);
        // Wrapped so the pair always sees data (with none it would not call back: a plain swap).
        pair.swap(sharesFirst ? amount : 0, sharesFirst ? 0 : amount, address(this), abi.encode(data));
        // What WETH the fee did not use is kept as WETH; attacks read their profit from balances.
    }

    /// @inheritdoc IUniswapV2Callee
    function uniswapV2Call(address, uint256 amount0, uint256 amount1, bytes calldata data) external {
        if (msg.sender != address(pair)) revert NotThePair(msg.sender);
        uint256 amount = amount0 + amount1;
        _onBorrowed(amount, abi.decode(data, (bytes)));
        (uint112 reserve0, uint112 reserve1,) = pair.getReserves();
        bool sharesFirst = pair.token0() == address(shares);
        (uint256 reserveShares, uint256 reserveWeth) = sharesFirst ? (reserve0, reserve1) : (reserve1, reserve0);
        // The pair needs (S·1000 − 3a)(W·1000 + 997w) ≥ S·W·10^6 with the `a` shares returned and
        // `w` WETH paid in, so w ≥ 3a·W·1000 / (997(S·1000 − 3a)); one wei more covers the floor.
        uint256 fee = (3 * amount * reserveWeth * 1000) / (997 * (reserveShares * 1000 - 3 * amount)) + 1;
        shares.transfer(address(pair), amount);
        weth.transfer(address(pair), fee);
    }

    /// @dev The attack, run while this contract holds `amount` borrowed shares.
    function _onBorrowed(uint256 amount, bytes memory data) internal virtual;
}
