import type { SourceBlock } from '../block/types'
import { decodePackedAmounts } from '../decode/decodePackedAmounts'
import type { DecodedEvent } from '../decode/types'
import { createEvent, eventBase, poolTokens, transactionLookup } from './shared'
import type { LiquidityEvent, TransformIssue } from './types'

export type ToLiquidityEventsParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp' | 'transactions'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than liquidity events are ignored. */
  events: readonly DecodedEvent[]
}
export type ToLiquidityEventsReturnType = {
  /** In log order. */
  liquidityEvents: LiquidityEvent[]
  /** LB events whose bin ids and amounts do not pair up. */
  issues: TransformIssue[]
}

/**
 * The liquidity added to and removed from pools: V2 `Mint` (add) and `Burn`
 * (remove), LB `DepositedToBins` (add) and `WithdrawnFromBins` (remove, the
 * amounts summed over the bins). Amounts are oriented by the pool's base and
 * quote tokens; the provider is the transaction's sender.
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * const { liquidityEvents } = toLiquidityEvents({ chainId: 43114, block, events })
 * // [{ kind: 'liquidity', action: 'add', baseAmount: …, quoteAmount: …, binIds: [8388608, 8388609], … }]
 * ```
 */
export function toLiquidityEvents({
  chainId,
  block,
  events,
}: ToLiquidityEventsParameters): ToLiquidityEventsReturnType {
  const liquidityEvents: LiquidityEvent[] = []
  const issues: TransformIssue[] = []
  const transaction = transactionLookup(block)

  for (const event of events) {
    let action: 'add' | 'remove'
    let amount0: bigint
    let amount1: bigint
    let recipient: LiquidityEvent['recipient']
    let binIds: number[] = []
    if (
      event.contractType === 'uniswap_v2_pair' &&
      (event.eventName === 'Mint' || event.eventName === 'Burn')
    ) {
      action = event.eventName === 'Mint' ? 'add' : 'remove'
      amount0 = event.args.amount0
      amount1 = event.args.amount1
      recipient = event.eventName === 'Burn' ? event.args.to : null
    } else if (
      event.contractType === 'lfj_lb_pair' &&
      (event.eventName === 'DepositedToBins' || event.eventName === 'WithdrawnFromBins')
    ) {
      const { ids, amounts, to } = event.args
      if (ids.length !== amounts.length) {
        issues.push({
          pool: event.contract.address,
          transactionHash: event.log.transactionHash,
          logIndex: event.log.logIndex,
          reason: `The ${event.eventName} log has a different number of bin ids ("${ids.length}") and amounts ("${amounts.length}").`,
        })
        continue
      }
      action = event.eventName === 'DepositedToBins' ? 'add' : 'remove'
      amount0 = 0n
      amount1 = 0n
      for (const packed of amounts) {
        const { x, y } = decodePackedAmounts(packed)
        amount0 += x
        amount1 += y
      }
      recipient = to
      binIds = ids.map(Number)
    } else continue

    const { log, contract } = event
    const pool = poolTokens(contract)
    liquidityEvents.push(
      createEvent<LiquidityEvent>(eventBase(chainId, block, log, 'liquidity'), {
        kind: 'liquidity',
        action,
        pool: contract.address,
        poolType: event.contractType,
        provider: transaction(log.transactionHash).from,
        sender: event.args.sender,
        recipient,
        baseToken: pool.baseToken,
        quoteToken: pool.quoteToken,
        baseAmount: pool.baseIsToken0 ? amount0 : amount1,
        quoteAmount: pool.baseIsToken0 ? amount1 : amount0,
        binIds,
      }),
    )
  }
  return { liquidityEvents, issues }
}
