// Helpers the transformers share (not exported by the package).

import type { Address, Hash } from 'viem'
import type { SourceBlock, SourceLog, SourceTransaction } from '../block/types'
import { InvalidTrackedContractError } from '../decode/errors'
import type { PoolTokens, TrackedContract } from '../decode/types'
import { MissingTransactionError } from './errors'
import { eventId } from './eventId'
import type { EventBase, EventKind } from './types'

export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'

/** The fields every event of a log has. */
export function eventBase(
  chainId: number,
  block: Pick<SourceBlock, 'number' | 'timestamp'>,
  log: Pick<SourceLog, 'transactionHash' | 'transactionIndex' | 'logIndex'>,
  kind: EventKind,
  part?: string,
): EventBase {
  const transactionHash = log.transactionHash.toLowerCase() as Hash
  return {
    id: eventId({ chainId, transactionHash, logIndex: log.logIndex, kind, part }),
    chainId,
    blockNumber: block.number,
    blockTimestamp: block.timestamp,
    transactionHash,
    transactionIndex: log.transactionIndex,
    logIndex: log.logIndex,
  }
}

/**
 * An event: its base fields (from {@link eventBase}) with its own added in
 * place. `Object.assign` rather than a spread: V8 copies a spread of an
 * object this size many times slower, and blocks hold thousands of events.
 */
export function createEvent<event extends EventBase>(
  base: EventBase,
  fields: Omit<event, keyof EventBase>,
): event {
  return Object.assign(base, fields) as event
}

/** A lookup of a block's transactions by hash that throws for a missing one. */
export function transactionLookup(
  block: Pick<SourceBlock, 'number' | 'transactions'>,
): (hash: Hash) => SourceTransaction {
  let byHash: Map<string, SourceTransaction> | undefined
  return (hash) => {
    byHash ??= new Map(block.transactions.map((transaction) => [transaction.hash.toLowerCase(), transaction]))
    const transaction = byHash.get(hash.toLowerCase())
    if (transaction === undefined)
      throw new MissingTransactionError({ blockNumber: block.number, transactionHash: hash })
    return transaction
  }
}

/** A pool's tokens, or a configuration error when a pool was tracked without them. */
export function poolTokens(contract: TrackedContract): PoolTokens & { baseIsToken0: boolean } {
  const { pool } = contract
  if (pool === undefined)
    throw new InvalidTrackedContractError({
      address: contract.address,
      type: contract.type,
      problem: 'is a pool, so it needs its base and quote tokens and its token0 and token1',
    })
  return { ...pool, baseIsToken0: pool.baseToken === pool.token0 }
}

/**
 * Orients a swap from what the taker paid into the pool and got out of it, per
 * token (`in0`, `out0` of token0, …): `buy` when the taker got base and paid
 * quote, `sell` when it paid base and got quote; otherwise the reason it
 * cannot be oriented.
 */
export function orientSwap(
  pool: PoolTokens & { baseIsToken0: boolean },
  amounts: { in0: bigint; in1: bigint; out0: bigint; out1: bigint },
): { direction: 'buy' | 'sell'; baseAmount: bigint; quoteAmount: bigint } | { reason: string } {
  const { in0, in1, out0, out1 } = amounts
  const baseDelta = pool.baseIsToken0 ? out0 - in0 : out1 - in1
  const quoteDelta = pool.baseIsToken0 ? out1 - in1 : out0 - in0
  if (baseDelta > 0n && quoteDelta < 0n)
    return { direction: 'buy', baseAmount: baseDelta, quoteAmount: -quoteDelta }
  if (baseDelta < 0n && quoteDelta > 0n)
    return { direction: 'sell', baseAmount: -baseDelta, quoteAmount: quoteDelta }
  return {
    reason: `The swap cannot be oriented: the taker's base token balance changed by "${baseDelta}" and its quote token balance by "${quoteDelta}".`,
  }
}
