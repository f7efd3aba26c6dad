import { BaseError } from '@idx/config'

export type InvalidTokenDecimalsErrorType = InvalidTokenDecimalsError

/** Token decimals outside 0–77 (a uint256 has 78 digits). */
export class InvalidTokenDecimalsError extends BaseError {
  override name = 'InvalidTokenDecimalsError'
  constructor({ token, decimals }: { token: string; decimals: number }) {
    super(
      `The decimals of token "${token}" must be an integer between 0 and 77, got ${JSON.stringify(decimals)}.`,
    )
  }
}

export type NegativeSwapAmountErrorType = NegativeSwapAmountError

/** A swap amount below zero: swaps hold what moved, oriented by `direction`. */
export class NegativeSwapAmountError extends BaseError {
  override name = 'NegativeSwapAmountError'
  constructor({ swapId, field, amount }: { swapId: string; field: string; amount: bigint }) {
    super(`Swap "${swapId}" has a negative ${field} "${amount}".`, {
      details: [
        'Swap amounts are what moved, in base units, never below zero; the direction says which way.',
      ],
    })
  }
}

export type PriceFromTheFutureErrorType = PriceFromTheFutureError

/** A price given to value a swap that was only known after the swap. */
export class PriceFromTheFutureError extends BaseError {
  override name = 'PriceFromTheFutureError'
  constructor({ swapId, what, at, swapAt }: { swapId: string; what: string; at: string; swapAt: string }) {
    super(`Swap "${swapId}" at ${swapAt} was given ${what} from ${at}, which is later than the swap.`)
  }
}

export type MissingSwapValuesErrorType = MissingSwapValuesError

/** A trade that counts a swap that was not valued. */
export class MissingSwapValuesError extends BaseError {
  override name = 'MissingSwapValuesError'
  constructor({ tradeId, swapId }: { tradeId: string; swapId: string }) {
    super(`Trade "${tradeId}" counts swap "${swapId}", whose values were not given.`, {
      details: ['Value every swap of a trade with `valueSwap` before valuing the trade.'],
    })
  }
}

export type EmptyTradeErrorType = EmptyTradeError

/** A trade that counts no swap (no asset legs, or an empty route). */
export class EmptyTradeError extends BaseError {
  override name = 'EmptyTradeError'
  constructor(tradeId: string) {
    super(`Trade "${tradeId}" counts no swap in its value (no asset legs), so it has no value.`)
  }
}

export type InvalidCanonicalPricingErrorType = InvalidCanonicalPricingError

/** A canonical-pricing setting or input that cannot be used. */
export class InvalidCanonicalPricingError extends BaseError {
  override name = 'InvalidCanonicalPricingError'
}

export type AvaxUsdFileErrorType = AvaxUsdFileError

/** A file of AVAX/USD answers (`idx pricing avax import FILE`) that cannot be read as one. */
export class AvaxUsdFileError extends BaseError {
  override name = 'AvaxUsdFileError'
}
