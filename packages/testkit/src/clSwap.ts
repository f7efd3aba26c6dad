import { type Address, type Hash, maxUint256 } from 'viem'
import { isSameAddress, swapRouterAbi, write } from './contracts'
import type { TestkitClient } from './createTestkitClient'
import type { ClPool } from './deployUniswapV3'
import { TokenNotInPairError } from './errors'

export type ClSwapParameters = {
  /** The `SwapRouter` of `deployUniswapV3`. */
  swapRouter: Address
  pool: ClPool
  tokenIn: Address
  /** Exact input, in `tokenIn` base units. */
  amountIn: bigint
  /** The trader: holds `amountIn` of `tokenIn` and approved the router for it. */
  from: Address
  /** Receiver of the output (default `from`). */
  recipient?: Address | undefined
  /** A price limit (default none: the swap runs until the input is spent). */
  sqrtPriceLimitX96?: bigint | undefined
}

export type ClSwapReturnType = {
  tokenIn: Address
  tokenOut: Address
  amountIn: bigint
  /** What the pool pays, from the router run against the pending state. */
  amountOut: bigint
  hash: Hash
}

/**
 * Swaps an exact input on a concentrated-liquidity pool through the Uniswap V3 `SwapRouter`
 * (`exactInputSingle`), crossing as many initialised ticks as the input needs. The pool's
 * `Swap` has `sender` = the router and `recipient` = `recipient`.
 *
 * @example
 * ```ts
 * await clSwap(client, { swapRouter: v3.swapRouter, pool, tokenIn: market.tokens.wavax, amountIn: parseEther('5'), from })
 * ```
 */
export async function clSwap(client: TestkitClient, parameters: ClSwapParameters): Promise<ClSwapReturnType> {
  const { pool, tokenIn, amountIn, from } = parameters
  if (!isSameAddress(tokenIn, pool.token0) && !isSameAddress(tokenIn, pool.token1))
    throw new TokenNotInPairError(tokenIn, pool.address)
  const tokenOut = isSameAddress(tokenIn, pool.token0) ? pool.token1 : pool.token0
  const args = [
    {
      tokenIn,
      tokenOut,
      fee: pool.fee,
      recipient: parameters.recipient ?? from,
      deadline: maxUint256,
      amountIn,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: parameters.sqrtPriceLimitX96 ?? 0n,
    },
  ] as const
  const { result: amountOut } = await client.simulateContract({
    address: parameters.swapRouter,
    abi: swapRouterAbi,
    functionName: 'exactInputSingle',
    args,
    account: from,
    blockTag: 'pending',
  })
  const hash = await write(client, {
    address: parameters.swapRouter,
    abi: swapRouterAbi,
    functionName: 'exactInputSingle',
    args,
    from,
  })
  return { tokenIn, tokenOut, amountIn, amountOut, hash }
}
