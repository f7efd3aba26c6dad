// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface ISplitRouterPair {
    function token0() external view returns (address);
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

interface ISplitRouterToken {
    function balanceOf(address owner) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title TestSplitRouter
/// @notice An aggregator-style router for tests, doing what DEX aggregators do with an order: it
/// takes the order's input from its owner, runs the order's steps — each swaps a share of what the
/// router holds of a token on a Uniswap-V2-style pair, the output coming back to the router — so
/// that one order can be split over pools (steps in parallel on the same token) and hop through
/// other tokens (steps in series), sends everything it then holds of the output token to the
/// receiver, and reports the order with the LFJ aggregator's event
/// `SwapExactIn(address indexed sender, address to, address tokenIn, address tokenOut, uint256
/// amountIn, uint256 amountOut)` (sender: the caller; to: the receiver). An order whose output
/// token is its input token is a cycle (an arbitrage). `swapBatch` fills several owners' orders
/// in one transaction, as a relayer or a solver does: each order's input comes from its owner (who
/// approved the router) and its output goes to its owner. Amounts use the V2 formula, 0.3% fee.
/// The router must hold nothing between transactions.
contract TestSplitRouter {
    struct Step {
        address pair;
        address tokenIn;
        /// The share of the router's balance of `tokenIn` to swap, in basis points (10000: all).
        uint16 shareBps;
    }

    struct Order {
        address owner;
        address tokenIn;
        uint256 amountIn;
        address tokenOut;
        uint256 amountOutMin;
        Step[] steps;
    }

    event SwapExactIn(
        address indexed sender, address to, address tokenIn, address tokenOut, uint256 amountIn, uint256 amountOut
    );

    /// @notice Swaps the caller's exact `amountIn` of `tokenIn` along `steps`; the output goes to `to`.
    function swap(
        address tokenIn,
        uint256 amountIn,
        address tokenOut,
        uint256 amountOutMin,
        Step[] calldata steps,
        address to
    ) external returns (uint256 amountOut) {
        amountOut = _fill(msg.sender, tokenIn, amountIn, tokenOut, amountOutMin, steps, to);
    }

    /// @notice Fills each owner's order in turn, in one transaction.
    function swapBatch(Order[] calldata orders) external {
        for (uint256 i = 0; i < orders.length; i++) {
            Order calldata order = orders[i];
            _fill(order.owner, order.tokenIn, order.amountIn, order.tokenOut, order.amountOutMin, order.steps, order.owner);
        }
    }

    function _fill(
        address payer,
        address tokenIn,
        uint256 amountIn,
        address tokenOut,
        uint256 amountOutMin,
        Step[] calldata steps,
        address to
    ) private returns (uint256 amountOut) {
        require(steps.length > 0, "TestSplitRouter: no steps");
        require(
            ISplitRouterToken(tokenIn).transferFrom(payer, address(this), amountIn), "TestSplitRouter: transfer failed"
        );
        for (uint256 i = 0; i < steps.length; i++) _step(steps[i]);
        amountOut = ISplitRouterToken(tokenOut).balanceOf(address(this));
        require(amountOut >= amountOutMin, "TestSplitRouter: insufficient output amount");
        require(ISplitRouterToken(tokenOut).transfer(to, amountOut), "TestSplitRouter: transfer failed");
        emit SwapExactIn(msg.sender, to, tokenIn, tokenOut, amountIn, amountOut);
    }

    function _step(Step calldata step) private {
        require(step.shareBps > 0 && step.shareBps <= 10000, "TestSplitRouter: bad share");
        uint256 amount = (ISplitRouterToken(step.tokenIn).balanceOf(address(this)) * step.shareBps) / 10000;
        require(amount > 0, "TestSplitRouter: nothing to swap");
        ISplitRouterPair pair = ISplitRouterPair(step.pair);
        bool zeroForOne = step.tokenIn == pair.token0();
        (uint256 reserve0, uint256 reserve1,) = pair.getReserves();
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        uint256 amountInWithFee = amount * 997;
        uint256 out = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
        require(ISplitRouterToken(step.tokenIn).transfer(step.pair, amount), "TestSplitRouter: transfer failed");
        pair.swap(zeroForOne ? 0 : out, zeroForOne ? out : 0, address(this), new bytes(0));
    }
}
