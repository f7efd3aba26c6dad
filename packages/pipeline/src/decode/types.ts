import type { Address, DecodeEventLogReturnType } from 'viem'
import type { ContractType, contractAbis } from '../abi/abis'
import type { SourceLog } from '../block/types'

/**
 * A pool's tokens. `baseToken` and `quoteToken` come from the pool's
 * configuration (the shared file's `contracts[].pool`) and decide how swaps and
 * liquidity events are oriented; `token0` and `token1` are the pair's own
 * order (`token0()`/`token1()` of a V2 pair, `getTokenX()`/`getTokenY()` of an
 * LB pair), which decides which event amount belongs to which token.
 */
export type PoolTokens = {
  baseToken: Address
  quoteToken: Address
  /** token0 of a V2 pair, tokenX of an LB pair. */
  token0: Address
  /** token1 of a V2 pair, tokenY of an LB pair. */
  token1: Address
  /** The base token's decimals: given for concentrated-liquidity pools (their swaps store a price). */
  baseDecimals?: number | undefined
  /** The quote token's decimals: given with `baseDecimals`. */
  quoteDecimals?: number | undefined
}

/**
 * A contract a model tracks: its logs are decoded with its type's ABI. Pools
 * (`uniswap_v2_pair`, `lfj_lb_pair`, `uniswap_v3_pool`, `solidly_pair`) carry their tokens. Build these with
 * `createTrackedContracts`, which checks them and fills V2 pairs' token order.
 */
export type TrackedContract = {
  /** Lowercase. */
  address: Address
  /** The contract type, a key of the ABI registry (`erc20`, `uniswap_v2_pair`, …). */
  type: string
  /** Required for pool types. */
  pool?: PoolTokens | undefined
}

/** The contracts a model tracks, keyed by lowercase address. */
export type TrackedContracts = ReadonlyMap<Address, TrackedContract>

type EventOf<type extends ContractType> = DecodeEventLogReturnType<(typeof contractAbis)[type]>

/**
 * A decoded log of a tracked contract: its contract type, event name and
 * arguments (typed per type and event; addresses lowercase), with the log.
 *
 * @example
 * ```ts
 * if (event.contractType === 'uniswap_v2_pair' && event.eventName === 'Swap') event.args.amount0In // bigint
 * ```
 */
export type DecodedEvent = {
  [type in ContractType]: { contractType: type; contract: TrackedContract; log: SourceLog } & EventOf<type>
}[ContractType]

/** A log of a tracked contract that could not be decoded, and why. Never fatal. */
export type UndecodableLog = {
  contract: TrackedContract
  log: SourceLog
  /** A whole sentence. */
  reason: string
}
