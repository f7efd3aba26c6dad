import { eventId } from './eventId'
import type { PoolSwap, Trade } from './types'

export type ToTradesReturnType = Trade[]

/**
 * Groups pool swaps into trades: a transaction's swaps by one taker (its
 * sender) make one trade, whose route is the ids of those swaps in log order.
 * Only tracked pools' swaps are in a route: a hop through an untracked pool is
 * not seen, and the trade starts or ends at the tracked hops.
 *
 * The trade's id and `logIndex` are its first swap's (kind `trade`). What it
 * puts in is the first swap's input, what it gets the last swap's output.
 * Orientation: a trade whose last swap is a `buy` buys that swap's base token
 * with the token it started with; otherwise it sells the token it started
 * with for the token it ended with. So `USDC → WAVAX → BLUB` buys BLUB with
 * USDC, and `BLUB → WAVAX → USDC` sells BLUB for USDC.
 *
 * @example
 * ```ts
 * const { swaps } = toPoolSwaps({ chainId: 43114, block, events })
 * const trades = toTrades(swaps)
 * // [{ kind: 'trade', route: ['43114:0xab…:3:pool_swap', '43114:0xab…:8:pool_swap'], swapCount: 2, direction: 'buy', … }]
 * ```
 */
export function toTrades(swaps: readonly PoolSwap[]): ToTradesReturnType {
  const groups = new Map<string, PoolSwap[]>()
  for (const swap of [...swaps].sort(
    (a, b) => a.transactionIndex - b.transactionIndex || a.logIndex - b.logIndex,
  )) {
    const key = `${swap.chainId}:${swap.transactionHash}:${swap.taker}`
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [swap])
    else group.push(swap)
  }

  const trades: Trade[] = []
  for (const legs of groups.values()) {
    const first = legs[0]!
    const last = legs.at(-1)!
    const tokenIn = first.direction === 'buy' ? first.quoteToken : first.baseToken
    const amountIn = first.direction === 'buy' ? first.quoteAmount : first.baseAmount
    const tokenOut = last.direction === 'buy' ? last.baseToken : last.quoteToken
    const amountOut = last.direction === 'buy' ? last.baseAmount : last.quoteAmount
    const buys = last.direction === 'buy'
    trades.push({
      id: eventId({
        chainId: first.chainId,
        transactionHash: first.transactionHash,
        logIndex: first.logIndex,
        kind: 'trade',
      }),
      chainId: first.chainId,
      blockNumber: first.blockNumber,
      blockTimestamp: first.blockTimestamp,
      transactionHash: first.transactionHash,
      transactionIndex: first.transactionIndex,
      logIndex: first.logIndex,
      kind: 'trade',
      taker: first.taker,
      route: legs.map((leg) => leg.id),
      pools: legs.map((leg) => leg.pool),
      swapCount: legs.length,
      tokenIn,
      amountIn,
      tokenOut,
      amountOut,
      direction: buys ? 'buy' : 'sell',
      baseToken: buys ? tokenOut : tokenIn,
      baseAmount: buys ? amountOut : amountIn,
      quoteToken: buys ? tokenIn : tokenOut,
      quoteAmount: buys ? amountIn : amountOut,
    })
  }
  return trades
}
