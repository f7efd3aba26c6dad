/**
 * @idx/pricing — the one home of pricing's rules, with no database and no
 * network: which method values a swap (`decidePricingMethod`), exact decimals,
 * valuing swaps and trades, canonical prices per period and as of a block, and
 * the steps of pricing consecutive blocks (`valueDirectSwaps`,
 * `canonicalWindow`, `priceCanonicalToken`, `valueGlobalSwaps`). Reading their
 * inputs from the databases and storing their results is `@idx/pipeline`'s
 * `src/pricing/` (see README).
 */

export type { AvaxUsdPrice, FeedAnswerEvent, FeedRound, ReadFeedRound } from './avaxUsd'
export { avaxUsdAt } from './avaxUsdAt'
export { canonicalPriceAt } from './canonicalPriceAt'
export { type CanonicalPriceAsOf, canonicalPricesAsOf } from './canonicalPricesAsOf'
export {
  type CanonicalWindowParameters,
  canonicalWindow,
  type EarlierValuedSwap,
  type WindowSwap,
} from './canonicalWindow'
export {
  type CanonicalPrice,
  type CanonicalPriceSwap,
  type ComputeCanonicalPricesErrorType,
  type ComputeCanonicalPricesParameters,
  type ComputeCanonicalPricesReturnType,
  computeCanonicalPrices,
  type PreviousCanonicalPrice,
} from './computeCanonicalPrices'
export {
  decidePricingMethod,
  type EffectivePricingMethod,
  effectivePricingConfig,
  type PoolDefaultRow,
  type PricingConfigRow,
  type PricingDecision,
  type PricingTier,
} from './decidePricingMethod'
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
  type CanonicalPricingSettings,
  decideSwapMethod,
  isPricingPoolAt,
  type ModelPricingSetup,
  type PricingSetupPool,
  periodOf,
  poolsOf,
  pricingTokensOf,
  windowOpens,
} from './modelPricingSetup'
export {
  type AvaxUsdFileRow,
  type ParseAvaxUsdFileParameters,
  type ParseAvaxUsdFileReturnType,
  parseAvaxUsdFile,
} from './parseAvaxUsdFile'
export {
  type PriceCanonicalTokenParameters,
  type PriceCanonicalTokenReturnType,
  priceCanonicalToken,
} from './priceCanonicalToken'
export { InvalidFeedDecimalsError, scaleFeedAnswer } from './scaleFeedAnswer'
export type {
  AvaxUsdAtBlock,
  CanonicalPriceAtPeriod,
  Denomination,
  PricingSwap,
  PricingTrade,
  SwapValuation,
  SwapValuationErrorCode,
  SwapValuationMethod,
  SwapValues,
  TokenType,
} from './types'
export {
  type BlockSwap,
  type ValueDirectSwapsParameters,
  type ValueDirectSwapsReturnType,
  valueDirectSwaps,
} from './valueDirectSwaps'
export { asOfKey, type ValueGlobalSwapsParameters, valueGlobalSwaps } from './valueGlobalSwaps'
export { type ValueModelSwapParameters, valueModelSwap } from './valueModelSwap'
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
export { createPacer, type Pacer, YIELD_EVERY, yieldToIo } from './yieldToIo'
