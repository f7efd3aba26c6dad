import type { Address, Hash, Hex } from 'viem'

/**
 * A log of a {@link SourceBlock}: what a block source yields for each event a
 * contract emitted. Addresses and hashes are lowercase; `logIndex` is the
 * block-wide index the node assigned (it is never renumbered, even when a
 * source yields only some of a block's logs).
 */
export type SourceLog = {
  /** The emitting contract, lowercase. */
  address: Address
  /** `topics[0]` is the event selector (absent for anonymous events). */
  topics: readonly Hex[]
  data: Hex
  logIndex: number
  transactionHash: Hash
  transactionIndex: number
  blockNumber: bigint
}

/** A transaction of a {@link SourceBlock}: only what the transformers need. */
export type SourceTransaction = {
  hash: Hash
  /** The sender (the externally owned account that signed it), lowercase. */
  from: Address
  /** The called contract or recipient, lowercase; `null` for a contract creation. */
  to: Address | null
  /** The position in the block (`transactionIndex`). */
  index: number
}

/**
 * A fetched block as the rest of the pipeline consumes it, whatever the source
 * (JSON-RPC or stored block files). Quantities are bigints, addresses and
 * hashes lowercase, `logs` in `logIndex` order.
 *
 * A source may yield only the transactions and logs the model needs, but every
 * log's transaction must be in `transactions` (the transformers take a swap's
 * taker from its transaction's `from`).
 */
export type SourceBlock = {
  number: bigint
  hash: Hash
  parentHash: Hash
  /** Seconds since the Unix epoch. */
  timestamp: bigint
  transactions: readonly SourceTransaction[]
  logs: readonly SourceLog[]
}
