import type { SourceBlock } from '../block/types'
import { decodePackedAmounts } from '../decode/decodePackedAmounts'
import type { DecodedEvent } from '../decode/types'
import { type ClPoolEvent, linkClPositions } from './linkClPositions'
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
 * The liquidity added to and removed from pools: V2 and Solidly `Mint` (add)
 * and `Burn` (remove), LB `DepositedToBins` (add) and `WithdrawnFromBins`
 * (remove, the amounts summed over the bins), concentrated-liquidity `Mint`
 * (add) and `Burn` (remove: the tokens stay owed to the position until its
 * `Collect`, a fee collection) with their tick range, liquidity and — when a
 * tracked position manager owns them — the position's token id. Amounts are oriented by the pool's base and
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
    let sender: LiquidityEvent['sender']
    let cl: Pick<LiquidityEvent, 'tickLower' | 'tickUpper' | 'liquidity' | 'positionTokenId'> | undefined
    if (
      (event.contractType === 'uniswap_v2_pair' || event.contractType === 'solidly_pair') &&
      (event.eventName === 'Mint' || event.eventName === 'Burn')
    ) {
      action = event.eventName === 'Mint' ? 'add' : 'remove'
      amount0 = event.args.amount0
      amount1 = event.args.amount1
      recipient = event.eventName === 'Burn' ? event.args.to : null
      sender = event.args.sender
    } else if (
      event.contractType === 'uniswap_v3_pool' &&
      (event.eventName === 'Mint' || event.eventName === 'Burn')
    ) {
      // A Mint names who called the pool and the position's owner; a Burn only the owner (the caller),
      // and its tokens stay owed to the position until a Collect.
      action = event.eventName === 'Mint' ? 'add' : 'remove'
      amount0 = event.args.amount0
      amount1 = event.args.amount1
      sender = event.eventName === 'Mint' ? event.args.sender : event.args.owner
      recipient = event.eventName === 'Mint' ? event.args.owner : null
      cl = {
        tickLower: event.args.tickLower,
        tickUpper: event.args.tickUpper,
        liquidity: event.args.amount,
        positionTokenId: linkClPositions(events).tokenIdOf.get(event as ClPoolEvent) ?? null,
      }
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
      sender = event.args.sender
      binIds = ids.map(Number)
    } else continue

    const { log, contract } = event
    const pool = poolTokens(contract)
    const liquidityEvent = createEvent<LiquidityEvent>(eventBase(chainId, block, log, 'liquidity'), {
      kind: 'liquidity',
      action,
      pool: contract.address,
      poolType: event.contractType,
      provider: transaction(log.transactionHash).from,
      sender,
      recipient,
      baseToken: pool.baseToken,
      quoteToken: pool.quoteToken,
      baseAmount: pool.baseIsToken0 ? amount0 : amount1,
      quoteAmount: pool.baseIsToken0 ? amount1 : amount0,
      binIds,
    })
    if (cl !== undefined) Object.assign(liquidityEvent, cl)
    liquidityEvents.push(liquidityEvent)
  }
  return { liquidityEvents, issues }
}
