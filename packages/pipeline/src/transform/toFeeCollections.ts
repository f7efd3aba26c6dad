import type { SourceBlock } from '../block/types'
import type { DecodedEvent } from '../decode/types'
import { type ClPoolEvent, linkClPositions } from './linkClPositions'
import { createEvent, eventBase, poolTokens } from './shared'
import type { FeeCollection } from './types'

export type ToFeeCollectionsParameters = {
  chainId: number
  block: Pick<SourceBlock, 'number' | 'timestamp'>
  /** Decoded events of the block (`decodeBlockLogs(…).events`); others than fee events are ignored. */
  events: readonly DecodedEvent[]
}
export type ToFeeCollectionsReturnType = FeeCollection[]

/**
 * The fees of a block's pools, oriented by each pool's base and quote tokens:
 * a concentrated-liquidity pool's `Collect` (`position_collect`, with the
 * position's tick range and, when a tracked position manager's `Collect`
 * follows, its token id) and `CollectProtocol` (`protocol_collect`); a
 * Solidly pair's `Fees` (`swap_fee`) and `Claim` (`claim`). In log order.
 *
 * @example
 * ```ts
 * const { events } = decodeBlockLogs(block, trackedContracts)
 * toFeeCollections({ chainId: 43114, block, events })
 * // [{ kind: 'fee_collection', collection: 'position_collect', baseAmount: …, positionTokenId: 7n, … }]
 * ```
 */
export function toFeeCollections({
  chainId,
  block,
  events,
}: ToFeeCollectionsParameters): ToFeeCollectionsReturnType {
  const collections: FeeCollection[] = []
  for (const event of events) {
    let fields: Pick<
      FeeCollection,
      'collection' | 'owner' | 'recipient' | 'tickLower' | 'tickUpper' | 'positionTokenId'
    > & { amount0: bigint; amount1: bigint }
    if (event.contractType === 'uniswap_v3_pool' && event.eventName === 'Collect') {
      const { owner, recipient, tickLower, tickUpper, amount0, amount1 } = event.args
      fields = {
        collection: 'position_collect',
        owner,
        recipient,
        tickLower,
        tickUpper,
        positionTokenId: linkClPositions(events).tokenIdOf.get(event as ClPoolEvent) ?? null,
        amount0,
        amount1,
      }
    } else if (event.contractType === 'uniswap_v3_pool' && event.eventName === 'CollectProtocol') {
      const { sender, recipient, amount0, amount1 } = event.args
      fields = { ...noPosition, collection: 'protocol_collect', owner: sender, recipient, amount0, amount1 }
    } else if (event.contractType === 'solidly_pair' && event.eventName === 'Fees') {
      const { sender, amount0, amount1 } = event.args
      fields = { ...noPosition, collection: 'swap_fee', owner: sender, recipient: null, amount0, amount1 }
    } else if (event.contractType === 'solidly_pair' && event.eventName === 'Claim') {
      const { sender, recipient, amount0, amount1 } = event.args
      fields = { ...noPosition, collection: 'claim', owner: sender, recipient, amount0, amount1 }
    } else continue

    const { log, contract } = event
    const pool = poolTokens(contract)
    const { amount0, amount1, ...rest } = fields
    collections.push(
      createEvent<FeeCollection>(eventBase(chainId, block, log, 'fee_collection'), {
        kind: 'fee_collection',
        collection: rest.collection,
        pool: contract.address,
        poolType: event.contractType,
        owner: rest.owner,
        recipient: rest.recipient,
        baseToken: pool.baseToken,
        quoteToken: pool.quoteToken,
        baseAmount: pool.baseIsToken0 ? amount0 : amount1,
        quoteAmount: pool.baseIsToken0 ? amount1 : amount0,
        tickLower: rest.tickLower,
        tickUpper: rest.tickUpper,
        positionTokenId: rest.positionTokenId,
      }),
    )
  }
  return collections
}

const noPosition = { tickLower: null, tickUpper: null, positionTokenId: null } as const
