import type { Address, BlockTag, Hash } from 'viem'
import { isSameAddress, testRouterAbi, testTokenAbi, uniswapV2PairAbi, type V2Pair, write } from './contracts'
import type { TestkitClient } from './createTestkitClient'
import { TokenNotInPairError } from './errors'
import { getAmountOut } from './v2Math'

/**
 * A pair's reserves (`getReserves`), by default in the pending state — which, inside
 * `inOneBlock`, includes the transactions already sent for the block.
 */
export async function readReserves(
  client: TestkitClient,
  pair: Address,
  blockTag: BlockTag = 'pending',
): Promise<{ reserve0: bigint; reserve1: bigint }> {
  const [reserve0, reserve1] = await client.readContract({
    address: pair,
    abi: uniswapV2PairAbi,
    functionName: 'getReserves',
    blockTag,
  })
  return { reserve0, reserve1 }
}

export type SwapParameters = {
  pair: V2Pair
  tokenIn: Address
  /** Exact input, in `tokenIn` base units. */
  amountIn: bigint
  /** The trader: an unlocked anvil account holding `amountIn` of `tokenIn`. */
  from: Address
  /** Receiver of the output (default `from`). */
  to?: Address | undefined
}

export type SwapReturnType = {
  tokenIn: Address
  tokenOut: Address
  amountIn: bigint
  /** Computed with the V2 formula (997/1000) from the pending reserves; what the pair pays. */
  amountOut: bigint
  /** `tokenIn.transfer(pair, amountIn)`, then `pair.swap(…)`. */
  hashes: readonly [transfer: Hash, swap: Hash]
}

/**
 * Swaps an exact input on a V2 pair without a router, as V2's core allows: a transfer of
 * `amountIn` to the pair, then `pair.swap(amount0Out, amount1Out, to, '0x')` — two
 * transactions from `from`, so the pair's `Swap` has `sender` = `to` = the trader.
 *
 * @example
 * ```ts
 * const { amountOut } = await swap(client, {
 *   pair: market.pairs.blubWavax,
 *   tokenIn: market.tokens.wavax,
 *   amountIn: parseEther('1'),
 *   from: market.traders[0],
 * })
 * ```
 */
export async function swap(client: TestkitClient, parameters: SwapParameters): Promise<SwapReturnType> {
  const { pair, tokenIn, amountIn, from } = parameters
  const zeroForOne = pairSide(pair, tokenIn)
  const { reserve0, reserve1 } = await readReserves(client, pair.address)
  const amountOut = zeroForOne
    ? getAmountOut(amountIn, reserve0, reserve1)
    : getAmountOut(amountIn, reserve1, reserve0)
  const transferHash = await write(client, {
    address: tokenIn,
    abi: testTokenAbi,
    functionName: 'transfer',
    args: [pair.address, amountIn],
    from,
  })
  const swapHash = await write(client, {
    address: pair.address,
    abi: uniswapV2PairAbi,
    functionName: 'swap',
    args: [zeroForOne ? 0n : amountOut, zeroForOne ? amountOut : 0n, parameters.to ?? from, '0x'],
    from,
  })
  return {
    tokenIn,
    tokenOut: zeroForOne ? pair.token1 : pair.token0,
    amountIn,
    amountOut,
    hashes: [transferHash, swapHash],
  }
}

export type SwapViaRouterParameters = {
  /** A `TestRouter` (see `deployTestRouter`; `deployMarket` deploys one). */
  router: Address
  /** The route: each pair shares a token with the next (e.g. BLUB/WAVAX then WAVAX/USDC). */
  route: readonly V2Pair[]
  tokenIn: Address
  amountIn: bigint
  /** The trader; must have approved the router for `tokenIn` (`deployMarket` does it for its traders). */
  from: Address
  to?: Address | undefined
}

export type SwapViaRouterReturnType = {
  tokenIn: Address
  tokenOut: Address
  amountIn: bigint
  /** Output of each hop, in route order (the last is the trade's output). */
  amountsOut: readonly bigint[]
  amountOut: bigint
  hash: Hash
}

/**
 * Swaps an exact input along a route of V2 pairs in ONE transaction through the
 * testkit's router — the shape of a real router trade: one `Swap` per pair (sender = the
 * router), the input transferred from the trader to the first pair, each output to the
 * next pair and the last to `to`.
 */
export async function swapViaRouter(
  client: TestkitClient,
  parameters: SwapViaRouterParameters,
): Promise<SwapViaRouterReturnType> {
  const { route, tokenIn, amountIn, from } = parameters
  const reserves = await Promise.all(route.map((pair) => readReserves(client, pair.address)))
  const amountsOut: bigint[] = []
  let token = tokenIn
  let amount = amountIn
  route.forEach((pair, i) => {
    const zeroForOne = pairSide(pair, token)
    const { reserve0, reserve1 } = reserves[i]!
    amount = zeroForOne ? getAmountOut(amount, reserve0, reserve1) : getAmountOut(amount, reserve1, reserve0)
    token = zeroForOne ? pair.token1 : pair.token0
    amountsOut.push(amount)
  })
  const hash = await write(client, {
    address: parameters.router,
    abi: testRouterAbi,
    functionName: 'swapExactTokensForTokens',
    args: [amountIn, amount, tokenIn, route.map((pair) => pair.address), parameters.to ?? from],
    from,
  })
  return { tokenIn, tokenOut: token, amountIn, amountsOut, amountOut: amount, hash }
}

/** True when `token` is the pair's token0 (a swap of it is "zero for one"). @internal */
export function pairSide(pair: V2Pair, token: Address): boolean {
  if (isSameAddress(token, pair.token0)) return true
  if (isSameAddress(token, pair.token1)) return false
  throw new TokenNotInPairError(token, pair.address)
}
