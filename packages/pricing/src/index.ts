/**
 * @idx/pricing — AVAX/USD per block, pool-swap valuation and canonical token
 * prices. This is the pure core (no database, no network): exact decimals,
 * valuing swaps and trades, computing canonical prices. Storing prices, the
 * AVAX/USD backfill and the pipeline integration are not here yet (see README).
 */

export {
  type AvaxUsdPrice,
  type FeedAnswerEvent,
  type FeedRound,
  type ReadFeedRound,
  type ResolveAvaxUsdParameters,
  type ResolveAvaxUsdReturnType,
  resolveAvaxUsd,
  storeResolvedAvaxUsd,
} from './avaxUsd'
export {
  type CanonicalPrice,
  type CanonicalPriceSwap,
  type ComputeCanonicalPricesErrorType,
  type ComputeCanonicalPricesParameters,
  type ComputeCanonicalPricesReturnType,
  computeCanonicalPrices,
  type PreviousCanonicalPrice,
} from './computeCanonicalPrices'
export * as decimal from './decimal'
export {
  AvaxUsdFileError,
  EmptyTradeError,
  InvalidCanonicalPricingError,
  InvalidTokenDecimalsError,
  MissingSwapValuesError,
  NegativeSwapAmountError,
  PriceFromTheFutureError,
} from './errors'
export { isoTime } from './isoTime'
export {
  type AvaxUsdFileRow,
  type ParseAvaxUsdFileParameters,
  type ParseAvaxUsdFileReturnType,
  parseAvaxUsdFile,
} from './parseAvaxUsdFile'
export {
  type CanonicalPriceAtBlockReturnType,
  canonicalPriceAtBlock,
  type PendingPricing,
  type PriceBlocksParameters,
  type PricingBlock,
  pendingPricing,
  priceBlocks,
} from './priceBlocks'
export { InvalidFeedDecimalsError, scaleFeedAnswer } from './scaleFeedAnswer'
export type {
  AvaxUsdAtBlock,
  CanonicalPriceAtPeriod,
  Denomination,
  PricingDecision,
  PricingSwap,
  PricingTrade,
  SwapValuation,
  SwapValuationErrorCode,
  SwapValuationMethod,
  SwapValues,
  TokenType,
} from './types'
export {
  type ValueSwapErrorType,
  type ValueSwapParameters,
  type ValueSwapReturnType,
  valueSwap,
} from './valueSwap'
export {
  type TradeValuation,
  type ValueTradeErrorType,
  type ValueTradeParameters,
  type ValueTradeReturnType,
  valueTrade,
} from './valueTrade'
