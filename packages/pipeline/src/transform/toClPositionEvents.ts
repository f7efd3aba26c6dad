import type { SourceBlock } from '../block/types'
import type { DecodedEvent } from '../decode/types'
import { type ClManagerEvent, linkClPositions } from './linkClPositions'
import { createEvent, eventBase, poolTokens } from './shared'
import type { ClPositionEvent } from './types'

export type ToClPositionEventsParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than position managers' are ignored. */
  events: readonly DecodedEvent[]
}
export type ToClPositionEventsReturnType = ClPositionEvent[]

/**
 * The events of concentrated-liquidity positions, from tracked position
 * managers: `IncreaseLiquidity`, `DecreaseLiquidity` and `Collect` — each
 * with the pool, tick range and oriented amounts of the pool event it follows
 * (`linkClPositions`) — and the ERC-721 `Transfer` of a position. A manager
 * serves every pool of its factory: an increase, decrease or collect whose
 * pool event is not in the block's decoded events (an untracked pool) is left
 * out; transfers are all kept (they name no pool).
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * toClPositionEvents({ chainId: 43114, block, events })
 * // [{ kind: 'cl_position', action: 'transfer', tokenId: 7n, from: ZERO, to: alice, … },
 * //  { kind: 'cl_position', action: 'increase', tokenId: 7n, liquidityDelta: 1000n, tickLower: -600, … }]
 * ```
 */
export function toClPositionEvents({
  chainId,
  block,
  events,
}: ToClPositionEventsParameters): ToClPositionEventsReturnType {
  const positionEvents: ClPositionEvent[] = []
  for (const event of events) {
    if (event.contractType !== 'uniswap_v3_position_manager') continue
    const { log, contract } = event
    const base = () => eventBase(chainId, block, log, 'cl_position')
    if (event.eventName === 'Transfer') {
      positionEvents.push(
        createEvent<ClPositionEvent>(base(), {
          ...noPool,
          kind: 'cl_position',
          action: 'transfer',
          manager: contract.address,
          tokenId: event.args.tokenId,
          liquidityDelta: 0n,
          from: event.args.from,
          to: event.args.to,
        }),
      )
      continue
    }
    if (
      event.eventName !== 'IncreaseLiquidity' &&
      event.eventName !== 'DecreaseLiquidity' &&
      event.eventName !== 'Collect'
    )
      continue
    const poolEvent = linkClPositions(events).poolEventOf.get(event as ClManagerEvent)
    if (poolEvent === undefined) continue
    const pool = poolTokens(poolEvent.contract)
    const { amount0, amount1 } = event.args
    const liquidity = event.eventName === 'Collect' ? 0n : event.args.liquidity
    positionEvents.push(
      createEvent<ClPositionEvent>(base(), {
        kind: 'cl_position',
        action:
          event.eventName === 'IncreaseLiquidity'
            ? 'increase'
            : event.eventName === 'DecreaseLiquidity'
              ? 'decrease'
              : 'collect',
        manager: contract.address,
        tokenId: event.args.tokenId,
        pool: poolEvent.contract.address,
        tickLower: poolEvent.args.tickLower,
        tickUpper: poolEvent.args.tickUpper,
        liquidityDelta: event.eventName === 'DecreaseLiquidity' ? -liquidity : liquidity,
        baseToken: pool.baseToken,
        quoteToken: pool.quoteToken,
        baseAmount: pool.baseIsToken0 ? amount0 : amount1,
        quoteAmount: pool.baseIsToken0 ? amount1 : amount0,
        from: null,
        to: event.eventName === 'Collect' ? event.args.recipient : null,
      }),
    )
  }
  return positionEvents
}

const noPool = {
  pool: null,
  tickLower: null,
  tickUpper: null,
  baseToken: null,
  quoteToken: null,
  baseAmount: null,
  quoteAmount: null,
} as const
