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
  | 'fee_collection'
  | 'cl_position'
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
export type PoolType = 'uniswap_v2_pair' | 'lfj_lb_pair' | 'uniswap_v3_pool' | 'solidly_pair'

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
  /** Concentrated-liquidity pools: the pool's √price after the swap (Q64.96), as the log reports it. */
  sqrtPriceX96?: bigint | undefined
  /** Concentrated-liquidity pools: the pool's in-range liquidity after the swap. */
  liquidity?: bigint | undefined
  /** Concentrated-liquidity pools: the pool's tick after the swap. */
  tick?: number | undefined
  /**
   * Concentrated-liquidity pools: the pool's price after the swap, in whole
   * quote tokens per whole base token, computed exactly from `sqrtPriceX96` and
   * the tokens' decimals and rounded once (half to even) to 30 decimal places.
   */
  poolPrice?: string | undefined
}

/** What a trade is: a buy or sell of the model's asset, or a cycle that returned it (`arbitrage`). */
export type TradeType = 'trade' | 'arbitrage'

/** A token's net flow for a wallet over a trade's legs: positive when the wallet received it. */
export type NetFlow = { token: Address; amount: bigint }

/**
 * One wallet's pool swaps in one transaction: its legs, in log order (its
 * `route`). The wallet is the transaction's sender (`taker`), unless the
 * contract the sender called is a DEX aggregator that reports orders for other
 * wallets (see `toTrades`).
 *
 * With the model's asset (`target_asset`), a trade is the wallet's **net
 * flows** over its legs — per token, what the pools paid it minus what it paid
 * them — so split orders, multi-hop routes and both at once give what the
 * wallet gave and got: base = the asset, `direction` from its net flow,
 * quote = the token on the other side. A cycle that returns the asset
 * (`arbitrage`) has no direction. Without an asset, a trade is its route's
 * ends: the first leg's input, the last leg's output.
 */
export type Trade = EventBase & {
  kind: 'trade'
  /** The transaction's sender. */
  taker: Address
  /** Whose trade it is: the taker, or the wallet an aggregator's order names. */
  wallet: Address
  tradeType: TradeType
  /** The ids of its pool swaps (its legs), in log order. */
  route: string[]
  /** The pools of its route, in order (a pool may appear twice). */
  pools: Address[]
  swapCount: number
  /** The ids of its legs in pools that trade its base token: the swaps its value is the sum of. */
  assetLegs: string[]
  /** What the wallet gave: the net input (a cycle: its first leg's input). */
  tokenIn: Address
  amountIn: bigint
  /** What the wallet got: the net output (a cycle: its last leg's output). */
  tokenOut: Address
  amountOut: bigint
  /** `null` for an arbitrage. */
  direction: 'buy' | 'sell' | null
  baseToken: Address
  quoteToken: Address
  baseAmount: bigint
  quoteAmount: bigint
  /** Every token its legs moved, by address, with the wallet's net flow (zero for a token a hop passed through). */
  netFlows: NetFlow[]
  /** The transaction's `to` when it is a labelled router or aggregator; else `null`. */
  router: Address | null
  routerLabel: string | null
  /**
   * What the aggregator the transaction called reported the wallet paid and
   * got (its own swap event, e.g. 500 USDC in while the tracked pools show
   * only WAVAX); `null` when it reported nothing usable. The native coin is
   * written as the aggregator writes it (the zero address for Odos and LFJ).
   */
  aggregatorTokenIn: Address | null
  aggregatorAmountIn: bigint | null
  aggregatorTokenOut: Address | null
  aggregatorAmountOut: bigint | null
}

/**
 * An order a DEX aggregator's router reported (`Swap` of Odos, `SwapExactIn` /
 * `SwapExactOut` of the LFJ aggregator, `Swapped` of KyberSwap and 1inch v4):
 * what its caller paid and its receiver got, over all the pools it used.
 */
export type AggregatorOrder = {
  transactionHash: Hash
  logIndex: number
  /** The router that emitted it. */
  aggregator: Address
  /** The event's name. */
  event: string
  /** Who called the router. */
  sender: Address
  /** Who got the output, when the event says (Odos's does not). */
  recipient: Address | null
  /** Whose order it is: the recipient, else the sender. */
  wallet: Address
  /** `null` for an order of several input or output tokens (Odos `SwapMulti`). */
  tokenIn: Address | null
  amountIn: bigint | null
  tokenOut: Address | null
  amountOut: bigint | null
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
  /** Concentrated-liquidity pools: the position's lower tick. */
  tickLower?: number | undefined
  /** Concentrated-liquidity pools: the position's upper tick. */
  tickUpper?: number | undefined
  /** Concentrated-liquidity pools: the liquidity added or removed. */
  liquidity?: bigint | undefined
  /**
   * Concentrated-liquidity pools: the position manager's token id, when the
   * pool's owner is a tracked position manager whose `IncreaseLiquidity` /
   * `DecreaseLiquidity` follows in the same transaction; else `null`.
   */
  positionTokenId?: bigint | null | undefined
}

/**
 * Fees taken out of a pool or set aside by it, oriented by the pool's base and
 * quote tokens: a concentrated-liquidity pool's `Collect` (a position's fees
 * and withdrawn liquidity: `position_collect`) and `CollectProtocol`
 * (`protocol_collect`), a Solidly pair's `Fees` (a swap's fee moved to its fee
 * holder: `swap_fee`) and `Claim` (an LP claimed its fees: `claim`). A
 * reward-like event, not a liquidity removal.
 */
export type FeeCollection = EventBase & {
  kind: 'fee_collection'
  collection: 'position_collect' | 'protocol_collect' | 'swap_fee' | 'claim'
  pool: Address
  poolType: PoolType
  /** The position's owner (a V3 `Collect`), the caller (`CollectProtocol`, `Fees`, `Claim`). */
  owner: Address
  /** Who received the tokens; `null` for a Solidly `Fees` (they stay with the pair's fee holder). */
  recipient: Address | null
  baseToken: Address
  quoteToken: Address
  baseAmount: bigint
  quoteAmount: bigint
  tickLower: number | null
  tickUpper: number | null
  /** The position manager's token id, when a tracked manager's `Collect` follows in the same transaction. */
  positionTokenId: bigint | null
}

/**
 * An event of a concentrated-liquidity position, from a tracked position
 * manager: `increase` / `decrease` (`IncreaseLiquidity` / `DecreaseLiquidity`,
 * `liquidityDelta` signed), `collect`, and `transfer` of the position's NFT
 * (`from` the zero address when minted, `to` it when burned). The pool and
 * tick range come from the pool's `Mint` / `Burn` / `Collect` (owner: the
 * manager) just before, in the same transaction; a transfer names neither.
 */
export type ClPositionEvent = EventBase & {
  kind: 'cl_position'
  action: 'increase' | 'decrease' | 'collect' | 'transfer'
  /** The position manager. */
  manager: Address
  tokenId: bigint
  /** `null` for a transfer. */
  pool: Address | null
  tickLower: number | null
  tickUpper: number | null
  /** Signed: positive for an increase, negative for a decrease, zero otherwise. */
  liquidityDelta: bigint
  /** Oriented by the pool's tokens; `null` for a transfer. */
  baseToken: Address | null
  quoteToken: Address | null
  baseAmount: bigint | null
  quoteAmount: bigint | null
  /** A transfer's sender and receiver; a collect's recipient in `to`; else `null`. */
  from: Address | null
  to: Address | null
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
