import type { Address } from 'viem'
import type { SourceBlock } from '../block/types'
import { decodePackedAmounts } from '../decode/decodePackedAmounts'
import type { DecodedEvent } from '../decode/types'
import { clPoolPrice } from './clPoolPrice'
import { createEvent, eventBase, orientSwap, poolTokens, transactionLookup } from './shared'
import type { PoolSwap, TransformIssue } from './types'

export type ToPoolSwapsParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp' | 'transactions'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than pool swaps are ignored. */
  events: readonly DecodedEvent[]
}
export type ToPoolSwapsReturnType = {
  /** In log order. */
  swaps: PoolSwap[]
  /** Swaps that could not be oriented (neither a buy nor a sell of the base token). */
  issues: TransformIssue[]
}

/**
 * The pool swaps of a block's decoded events: the `Swap` of V2 pairs, Solidly
 * pairs, LB pairs and concentrated-liquidity (V3) pools, oriented by each
 * pool's configured base and quote tokens. A V3 swap's signed amounts are the
 * pool's side (positive: what the taker paid in); it keeps the log's
 * `sqrtPriceX96`, liquidity and tick, and the pool's price computed from
 * them (`clPoolPrice`). The taker
 * is the transaction's sender; the log's `sender` (usually a router) and `to`
 * are kept as `sender` and `recipient`.
 *
 * The consecutive `Swap` logs of one LB swap call (one per bin crossed) make
 * one pool swap. An LB swap's input amount is `amountsIn` plus
 * `protocolFees` — what the taker paid; the pair reports the protocol's share
 * of the fee apart. A swap whose amounts are not a buy or a sell of the base
 * token is returned in `issues`, not thrown.
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * const { swaps, issues } = toPoolSwaps({ chainId: 43114, block, events })
 * // swaps[0]: { kind: 'pool_swap', direction: 'buy', baseToken: BLUB, baseAmount: 1000n * 10n ** 18n, quoteToken: WAVAX, … }
 * ```
 */
export function toPoolSwaps({ chainId, block, events }: ToPoolSwapsParameters): ToPoolSwapsReturnType {
  const swaps: PoolSwap[] = []
  const issues: TransformIssue[] = []
  const transaction = transactionLookup(block)

  for (const event of events) {
    if (event.eventName !== 'Swap') continue
    let amounts: { in0: bigint; in1: bigint; out0: bigint; out1: bigint }
    let binId: number | undefined
    let cl: { sqrtPriceX96: bigint; liquidity: bigint; tick: number } | undefined
    let recipient: Address
    if (event.contractType === 'uniswap_v2_pair' || event.contractType === 'solidly_pair') {
      const { amount0In, amount1In, amount0Out, amount1Out } = event.args
      amounts = { in0: amount0In, in1: amount1In, out0: amount0Out, out1: amount1Out }
      recipient = event.args.to
    } else if (event.contractType === 'uniswap_v3_pool') {
      // Signed, the pool's side: positive is what the pool received (the taker paid).
      const { amount0, amount1, sqrtPriceX96, liquidity, tick } = event.args
      amounts = {
        in0: amount0 > 0n ? amount0 : 0n,
        in1: amount1 > 0n ? amount1 : 0n,
        out0: amount0 < 0n ? -amount0 : 0n,
        out1: amount1 < 0n ? -amount1 : 0n,
      }
      cl = { sqrtPriceX96, liquidity, tick }
      recipient = event.args.recipient
    } else if (event.contractType === 'lfj_lb_pair') {
      const amountsIn = decodePackedAmounts(event.args.amountsIn)
      const protocolFees = decodePackedAmounts(event.args.protocolFees)
      const amountsOut = decodePackedAmounts(event.args.amountsOut)
      amounts = {
        in0: amountsIn.x + protocolFees.x,
        in1: amountsIn.y + protocolFees.y,
        out0: amountsOut.x,
        out1: amountsOut.y,
      }
      binId = event.args.id
      recipient = event.args.to
    } else continue

    const { log, contract } = event
    const pool = poolTokens(contract)
    const oriented = orientSwap(pool, amounts)
    if ('reason' in oriented) {
      issues.push({
        pool: contract.address,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
        reason: oriented.reason,
      })
      continue
    }
    const { sender } = event.args

    // The next bin of the same LB swap call: add it to the swap its first bin began.
    const previous = swaps.at(-1)
    if (
      binId !== undefined &&
      previous !== undefined &&
      previous.poolType === 'lfj_lb_pair' &&
      previous.pool === contract.address &&
      previous.transactionHash === log.transactionHash.toLowerCase() &&
      previous.logIndexes.at(-1) === log.logIndex - 1 &&
      previous.sender === sender &&
      previous.recipient === recipient &&
      previous.direction === oriented.direction
    ) {
      previous.baseAmount += oriented.baseAmount
      previous.quoteAmount += oriented.quoteAmount
      previous.logIndexes.push(log.logIndex)
      previous.binIds.push(binId)
      continue
    }

    const swap = createEvent<PoolSwap>(eventBase(chainId, block, log, 'pool_swap'), {
      kind: 'pool_swap',
      pool: contract.address,
      poolType: event.contractType,
      taker: transaction(log.transactionHash).from,
      sender,
      recipient,
      direction: oriented.direction,
      baseToken: pool.baseToken,
      quoteToken: pool.quoteToken,
      baseAmount: oriented.baseAmount,
      quoteAmount: oriented.quoteAmount,
      logIndexes: [log.logIndex],
      binIds: binId === undefined ? [] : [binId],
    })
    if (cl !== undefined) {
      swap.sqrtPriceX96 = cl.sqrtPriceX96
      swap.liquidity = cl.liquidity
      swap.tick = cl.tick
      swap.poolPrice = clPoolPrice({
        sqrtPriceX96: cl.sqrtPriceX96,
        baseIsToken0: pool.baseIsToken0,
        baseDecimals: pool.baseDecimals ?? 0,
        quoteDecimals: pool.quoteDecimals ?? 0,
      })
    }
    swaps.push(swap)
  }
  return { swaps, issues }
}
