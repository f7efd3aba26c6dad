import type { Address, Hash } from 'viem'

/**
 * The kinds of domain events; each is part of every event's id. `undecodable`
 * is for the caller's record of an undecodable log (`eventId` with it gives
 * that record a deterministic id too).
 */
export type EventKind =
  | 'transfer'
  | 'pool_swap'
  | 'trade'
  | 'liquidity'
  | 'position'
  | 'feed_answer'
  | 'undecodable'

/** What every domain event carries. */
export type EventBase = {
  /** Deterministic: see `eventId`. */
  id: string
  chainId: number
  blockNumber: bigint
  /** Seconds since the Unix epoch. */
  blockTimestamp: bigint
  transactionHash: Hash
  transactionIndex: number
  /** The log the event comes from (a trade: its first swap's first log). */
  logIndex: number
}

/**
 * A token moved. ERC-20 and WAVAX `Transfer` logs, and WAVAX `Deposit` /
 * `Withdrawal` as a transfer from / to the zero address (WAVAX emits no
 * `Transfer` for them, so nothing is counted twice): summing a holder's
 * transfers gives its balance.
 */
export type Transfer = EventBase & {
  kind: 'transfer'
  token: Address
  from: Address
  to: Address
  /** Base units, always positive or zero. */
  amount: bigint
  /**
   * `transfer` (between holders), `mint` (a `Transfer` from the zero address),
   * `burn` (a `Transfer` to the zero address), `wrap` (a WAVAX `Deposit`:
   * from the zero address), `unwrap` (a WAVAX `Withdrawal`: to the zero address).
   */
  cause: 'transfer' | 'mint' | 'burn' | 'wrap' | 'unwrap'
}

/** The pool contract types that produce swaps, liquidity events and positions. */
export type PoolType = 'uniswap_v2_pair' | 'lfj_lb_pair'

/**
 * One swap in one pool, oriented by the pool's configured base and quote
 * tokens (never by token0/token1): `buy` means the taker received the base
 * token and paid the quote token.
 *
 * An LB swap that crosses several bins emits one `Swap` log per bin; the
 * consecutive logs of one swap call (same pool, transaction, sender, recipient
 * and direction, consecutive log indexes) make one pool swap, whose id and
 * `logIndex` are the first log's. Its amounts are what the taker paid and got:
 * for an LB swap, the input includes the protocol's share of the fee, which the
 * `Swap` log reports apart from `amountsIn`.
 */
export type PoolSwap = EventBase & {
  kind: 'pool_swap'
  pool: Address
  poolType: PoolType
  /** The transaction's sender (`from`): who traded. */
  taker: Address
  /** The address that called the pool (`sender` of the log: usually a router). */
  sender: Address
  /** Who received the output (`to` of the log). */
  recipient: Address
  direction: 'buy' | 'sell'
  baseToken: Address
  quoteToken: Address
  /** Base units, positive. */
  baseAmount: bigint
  /** Base units, positive. */
  quoteAmount: bigint
  /** The logs that make the swap: one for a V2 pair, one per bin crossed for an LB pair. */
  logIndexes: number[]
  /** LB pairs: the bins crossed, in order; empty for a V2 pair. */
  binIds: number[]
}

/**
 * A transaction's pool swaps by one taker (the transaction's sender), in log
 * order: its route. It starts with what the taker put into the first swap
 * (`tokenIn`, `amountIn`) and ends with what the last swap gave
 * (`tokenOut`, `amountOut`).
 *
 * Its base and quote come from its ends: a trade whose last swap is a `buy`
 * (it ends in a base token) buys that token with the token it started with;
 * otherwise (it ends in a quote token) it sells the token it started with for
 * the token it ended with. A one-swap trade has its swap's orientation.
 */
export type Trade = EventBase & {
  kind: 'trade'
  taker: Address
  /** The ids of its pool swaps, in order. */
  route: string[]
  /** The pools of its route, in order (a pool may appear twice). */
  pools: Address[]
  swapCount: number
  tokenIn: Address
  amountIn: bigint
  tokenOut: Address
  amountOut: bigint
  direction: 'buy' | 'sell'
  baseToken: Address
  quoteToken: Address
  baseAmount: bigint
  quoteAmount: bigint
}

/**
 * Liquidity added to or removed from a pool: a V2 `Mint` / `Burn`, an LB
 * `DepositedToBins` / `WithdrawnFromBins`. Amounts are oriented by the pool's
 * base and quote tokens, as the log reports them (for an LB deposit: what went
 * into the bins, net of the protocol's share of composition fees).
 */
export type LiquidityEvent = EventBase & {
  kind: 'liquidity'
  action: 'add' | 'remove'
  pool: Address
  poolType: PoolType
  /** The transaction's sender (`from`). */
  provider: Address
  /** The address that called the pool (`sender` of the log: usually a router). */
  sender: Address
  /**
   * Who received the liquidity tokens (LB deposit) or the withdrawn tokens
   * (V2 burn, LB withdrawal); `null` for a V2 `Mint`, whose log does not say
   * (its `Transfer` from the zero address does: see positions).
   */
  recipient: Address | null
  baseToken: Address
  quoteToken: Address
  /** Base units, positive or zero. */
  baseAmount: bigint
  /** Base units, positive or zero. */
  quoteAmount: bigint
  /** LB pairs: the bins; empty for a V2 pair. */
  binIds: number[]
}

/**
 * A holder's balance change in a pool's liquidity: a V2 pair's LP token
 * (`Transfer`, including mints from and burns to the zero address) or an LB
 * pair's bins (`TransferBatch`, one change per bin). A transfer between two
 * holders gives two positions (minus for the sender, plus for the receiver);
 * the zero address never gets one. The pool's own address does, when LP
 * tokens pass through it (a V2 burn sends them to the pair first).
 */
export type Position = EventBase & {
  kind: 'position'
  pool: Address
  poolType: PoolType
  holder: Address
  /** Signed change, base units of the LP token or bin shares. */
  amount: bigint
  /** LB pairs: the bin; `null` for a V2 pair. */
  binId: number | null
  /** `mint` (from the zero address), `burn` (to the zero address) or `transfer` (between holders). */
  cause: 'mint' | 'burn' | 'transfer'
  /** The other side: the sender for a plus, the receiver for a minus (the zero address for mints and burns). */
  counterparty: Address
}

/** A Chainlink aggregator's `AnswerUpdated`: a new answer of a price feed. */
export type FeedAnswer = EventBase & {
  kind: 'feed_answer'
  /** The aggregator that emitted it (not the feed's proxy). */
  aggregator: Address
  /** The raw answer, in the feed's decimals (8 for USD feeds). */
  answer: bigint
  roundId: bigint
  /** When the answer was computed, seconds since the Unix epoch. */
  updatedAt: bigint
}

/** A tracked log that decoded but could not become a domain event, and why. Never fatal. */
export type TransformIssue = {
  pool: Address
  transactionHash: Hash
  logIndex: number
  /** A whole sentence. */
  reason: string
}
