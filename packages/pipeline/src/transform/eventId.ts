import type { Hash } from 'viem'
import type { EventKind } from './types'

export type EventIdParameters = {
  chainId: number
  transactionHash: Hash
  logIndex: number
  kind: EventKind
  /**
   * Tells apart the events one log gives (`from` / `to` of an LP transfer,
   * `<i>:from` / `<i>:to` of the i-th bin of an LB TransferBatch).
   */
  part?: string | undefined
}

/**
 * The deterministic id of a domain event:
 * `<chainId>:<transactionHash>:<logIndex>:<kind>[:<part>]`, the hash in
 * lowercase. The same log always gives the same id, so writing an event twice
 * can never duplicate it. Ids are readable: each names its transaction and log.
 *
 * @example
 * ```ts
 * eventId({ chainId: 43114, transactionHash: '0xAB…', logIndex: 7, kind: 'pool_swap' })
 * // '43114:0xab…:7:pool_swap'
 * eventId({ chainId: 43114, transactionHash: '0xab…', logIndex: 9, kind: 'position', part: 'to' })
 * // '43114:0xab…:9:position:to'
 * ```
 */
export function eventId({ chainId, transactionHash, logIndex, kind, part }: EventIdParameters): string {
  const id = `${chainId}:${transactionHash.toLowerCase()}:${logIndex}:${kind}`
  return part === undefined ? id : `${id}:${part}`
}
