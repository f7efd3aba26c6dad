import type { CanonicalPriceRow, SwapValuationRow, TradeValuationRow } from '@idx/model-db'
import type { AvaxUsdPrice, CanonicalPrice, SwapValuation, TradeValuation } from '@idx/pricing'

// The row builders below spell every field out: an object spread per row is
// many times slower in V8 than a literal, and these run for every swap and trade.

/** A swap's valuation in one denomination as the model database stores it (`swap_valuation`). */
export function toSwapValuationRow(
  swap: { blockNumber: bigint; logIndex: number },
  row: SwapValuation,
  avaxUsd: AvaxUsdPrice | undefined,
  canonicalPeriodStart: number | null,
  missingReason: string | undefined,
): SwapValuationRow {
  const error = row.method === 'ERROR'
  // Only the row valued through AVAX/USD used it: the USD row of a DIRECT_AVAX swap, the AVAX
  // row of a DIRECT_USD swap (the other row is the quote amount itself, like `stale`).
  const usedAvaxUsd =
    avaxUsd !== undefined &&
    ((row.method === 'DIRECT_AVAX' && row.denomination === 'USD') ||
      (row.method === 'DIRECT_USD' && row.denomination === 'AVAX'))
  return {
    denomination: row.denomination,
    blockNumber: swap.blockNumber,
    logIndex: swap.logIndex,
    tier: row.tier,
    configId: row.configId ?? null,
    contractId: row.contractId ?? null,
    method: row.method,
    value: error ? null : row.value,
    price: error ? null : row.price,
    avaxUsd: usedAvaxUsd ? avaxUsd.price : null,
    avaxUsdBlock: usedAvaxUsd ? avaxUsd.blockNumber : null,
    stale: error ? null : (row.stale ?? null),
    canonicalPeriodStart: row.method === 'GLOBAL' ? canonicalPeriodStart : null,
    errorCode: error ? row.code : null,
    reason: !error
      ? null
      : row.code === 'no_avax_usd_price' && missingReason !== undefined
        ? `${row.reason} ${missingReason}`
        : row.reason,
  }
}

/** A trade's valuation in one denomination as the model database stores it (`trade_valuation`). */
export function toTradeValuationRow(
  trade: { blockNumber: bigint; logIndex: number },
  row: TradeValuation,
): TradeValuationRow {
  const error = row.method === 'ERROR'
  return {
    denomination: row.denomination,
    blockNumber: trade.blockNumber,
    logIndex: trade.logIndex,
    method: row.method,
    value: error ? null : row.value,
    stale: error ? null : (row.stale ?? null),
    errorCode: error ? row.code : null,
    reason: error ? row.reason : null,
  }
}

/** A computed canonical price as the model database stores it (`canonical_price`). */
export function toCanonicalPriceRow(price: CanonicalPrice): CanonicalPriceRow {
  return {
    token: price.token,
    periodSeconds: price.periodSeconds,
    periodStart: price.periodStart,
    priceUsd: price.priceUsd,
    priceAvax: price.priceAvax,
    carriedForward: price.carriedForward,
    pricedPeriodStart: price.pricedPeriodStart,
    deviatingSince: price.deviatingSince,
    reason: price.reason ?? null,
    volumeUsd: price.volumeUsd,
    volumeAvax: price.volumeAvax,
    baseVolume: price.baseVolume,
    swapCount: price.swapCount,
    windowSwapCount: price.window.swapCount,
    keptSwapCount: price.window.keptSwapCount,
    keptVolumeUsd: price.window.keptVolumeUsd,
    referencePriceUsd: price.window.swapCount > 0 ? price.window.referencePriceUsd : null,
  }
}

/** A stored canonical price row as the computation continues from it (`previous`). */
export const asPreviousCanonicalPrice = (row: CanonicalPriceRow) => ({
  priceUsd: row.priceUsd,
  priceAvax: row.priceAvax,
  periodStart: row.periodStart,
  pricedPeriodStart: row.pricedPeriodStart,
  deviatingSince: row.deviatingSince,
})
