/**
 * What the model database stores for one block. The shapes match the domain
 * events of `@idx/pipeline` (which imports this package, not the reverse):
 * addresses and hashes lowercase, amounts bigint base units, times in seconds.
 */
export type BlockHeader = { number: bigint; hash: string; parentHash: string; timestamp: bigint }

type EventRow = {
  id: string
  blockNumber: bigint
  blockTimestamp: bigint
  transactionHash: string
  transactionIndex: number
  logIndex: number
}

export type TransferRow = EventRow & {
  token: string
  from: string
  to: string
  amount: bigint
  cause: 'transfer' | 'mint' | 'burn' | 'wrap' | 'unwrap'
}

export type PoolSwapRow = EventRow & {
  pool: string
  poolType: string
  taker: string
  sender: string
  recipient: string
  direction: 'buy' | 'sell'
  baseToken: string
  quoteToken: string
  baseAmount: bigint
  quoteAmount: bigint
  logIndexes: readonly number[]
  binIds: readonly number[]
  /** Concentrated-liquidity pools: the log's √price (Q64.96), liquidity and tick after the swap. */
  sqrtPriceX96?: bigint | undefined
  liquidity?: bigint | undefined
  tick?: number | undefined
  /** Concentrated-liquidity pools: whole quote per whole base, a decimal string (at most 30 places). */
  poolPrice?: string | undefined
}

export type TradeRow = EventRow & {
  /** The transaction's sender. */
  taker: string
  /** Whose trade it is (the taker, or the wallet an aggregator's order names). */
  wallet: string
  tradeType: 'trade' | 'arbitrage'
  route: readonly string[]
  pools: readonly string[]
  swapCount: number
  /** Its swaps in pools of its base token: its value is the sum of theirs. */
  assetLegs: readonly string[]
  tokenIn: string
  amountIn: bigint
  tokenOut: string
  amountOut: bigint
  /** `null` for an arbitrage. */
  direction: 'buy' | 'sell' | null
  baseToken: string
  quoteToken: string
  baseAmount: bigint
  quoteAmount: bigint
  /** The wallet's net flow of each token (signed, positive: received). */
  netFlows: readonly { token: string; amount: bigint }[]
  router: string | null
  routerLabel: string | null
  aggregatorTokenIn: string | null
  aggregatorAmountIn: bigint | null
  aggregatorTokenOut: string | null
  aggregatorAmountOut: bigint | null
}

export type LiquidityRow = EventRow & {
  action: 'add' | 'remove'
  pool: string
  poolType: string
  provider: string
  sender: string
  recipient: string | null
  baseToken: string
  quoteToken: string
  baseAmount: bigint
  quoteAmount: bigint
  binIds: readonly number[]
  /** Concentrated-liquidity pools: the tick range, the liquidity and the manager's token id. */
  tickLower?: number | undefined
  tickUpper?: number | undefined
  liquidity?: bigint | undefined
  positionTokenId?: bigint | null | undefined
}

export type FeeCollectionRow = EventRow & {
  collection: 'position_collect' | 'protocol_collect' | 'swap_fee' | 'claim'
  pool: string
  poolType: string
  owner: string
  recipient: string | null
  baseToken: string
  quoteToken: string
  baseAmount: bigint
  quoteAmount: bigint
  tickLower: number | null
  tickUpper: number | null
  positionTokenId: bigint | null
}

export type ClPositionEventRow = EventRow & {
  action: 'increase' | 'decrease' | 'collect' | 'transfer'
  manager: string
  tokenId: bigint
  pool: string | null
  tickLower: number | null
  tickUpper: number | null
  liquidityDelta: bigint
  baseToken: string | null
  quoteToken: string | null
  baseAmount: bigint | null
  quoteAmount: bigint | null
  from: string | null
  to: string | null
}

export type PositionRow = EventRow & {
  pool: string
  poolType: string
  holder: string
  amount: bigint
  binId: number | null
  cause: 'mint' | 'burn' | 'transfer'
  counterparty: string
}

export type FeedAnswerRow = EventRow & {
  aggregator: string
  answer: bigint
  roundId: bigint
  updatedAt: bigint
}

export type UndecodableRow = { transactionHash: string; logIndex: number; address: string; reason: string }

export type TransactionRow = {
  hash: string
  index: number
  from: string
  to: string | null
  logCount: number
}

/** Everything one processed block writes. */
export type BlockRecord = {
  header: BlockHeader
  /** Logs of tracked contracts in the block. */
  logCount: number
  transactions: readonly TransactionRow[]
  transfers: readonly TransferRow[]
  poolSwaps: readonly PoolSwapRow[]
  trades: readonly TradeRow[]
  liquidityEvents: readonly LiquidityRow[]
  positions: readonly PositionRow[]
  feedAnswers: readonly FeedAnswerRow[]
  undecodable: readonly UndecodableRow[]
  /** Fee collections (concentrated-liquidity collects, Solidly fees and claims); none when absent. */
  feeCollections?: readonly FeeCollectionRow[] | undefined
  /** Tracked position managers' events; none when absent. */
  clPositionEvents?: readonly ClPositionEventRow[] | undefined
  /** The model's configuration generation that produced these rows (recorded on the block). */
  generation?: number | undefined
}
