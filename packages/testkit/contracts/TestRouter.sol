// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IUniswapV2PairLike {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

interface IERC20Like {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// @title TestRouter
/// @notice The smallest Uniswap-V2-style router: one transaction swaps an exact input
/// along a route of V2 pairs, like UniswapV2Router02.swapExactTokensForTokens (the
/// input goes from the trader straight to the first pair, each pair sends its output to
/// the next pair, the last one to `to`; every pair's `Swap` names this router as
/// `sender`). Amounts use the V2 formula with the 0.3% fee.
contract TestRouter {
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address tokenIn,
        address[] calldata pairs,
        address to
    ) external returns (uint256 amountOut) {
        require(pairs.length > 0, "TestRouter: empty route");
        require(IERC20Like(tokenIn).transferFrom(msg.sender, pairs[0], amountIn), "TestRouter: transfer failed");
        address input = tokenIn;
        amountOut = amountIn;
        for (uint256 i = 0; i < pairs.length; i++) {
            IUniswapV2PairLike pair = IUniswapV2PairLike(pairs[i]);
            address token0 = pair.token0();
            address token1 = pair.token1();
            require(input == token0 || input == token1, "TestRouter: token not in pair");
            bool zeroForOne = input == token0;
            (uint256 reserve0, uint256 reserve1,) = pair.getReserves();
            (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
            uint256 amountInWithFee = amountOut * 997;
            amountOut = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
            address recipient = i + 1 < pairs.length ? pairs[i + 1] : to;
            pair.swap(zeroForOne ? 0 : amountOut, zeroForOne ? amountOut : 0, recipient, new bytes(0));
            input = zeroForOne ? token1 : token0;
        }
        require(amountOut >= amountOutMin, "TestRouter: insufficient output amount");
    }
}
