/**
 * @idx/pricing — AVAX/USD per block, pool-swap valuation and canonical token
 * prices. Only the exact scaling of feed answers exists so far; valuation and
 * canonical prices arrive with the pricing issue (see README).
 */
export { InvalidFeedDecimalsError, scaleFeedAnswer } from './scale-feed-answer'
