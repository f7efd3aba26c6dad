import {
  listClPositions,
  listMissingTables,
  type ModelDb,
  readBlockRangeCounts,
  readCanonicalPriceSummary,
  readPoolSwapTotals,
  readSwapValuationSummary,
  readTradeKinds,
  readTradeValuationSummary,
  type TradeKinds,
} from '@idx/model-db'
import { formatUnits } from 'viem'

/** A token as the shared file names it. */
export type SummaryToken = { address: string; symbol: string; decimals: number }

/** A pool as the shared file names it. */
export type SummaryPool = { address: string; name: string; base: SummaryToken; quote: SummaryToken }

export type PoolVolume = {
  address: string
  name: string
  base: string
  quote: string
  swaps: number
  /** Base and quote amounts swapped (both directions), in token units: exact decimals. */
  baseVolume: string
  quoteVolume: string
  /** The pool's swaps valued in AVAX and in USD; `null` when pricing is not there. */
  volumeAvax: string | null
  volumeUsd: string | null
}

export type PriceSummary = {
  token: string
  symbol: string
  periodSeconds: number
  /** Periods with a row, and of those: priced, carried forward from an earlier period. */
  periods: number
  pricedPeriods: number
  carriedForward: number
  first: { periodStart: string; usd: string | null; avax: string | null } | null
  last: { periodStart: string; usd: string | null; avax: string | null } | null
  min: { usd: string | null; avax: string | null }
  max: { usd: string | null; avax: string | null }
}

export type PricingSummary = {
  /** False when the model database has no pricing tables yet (swaps are indexed but not valued). */
  available: boolean
  /** Why `available` is false. */
  note: string | null
  /** Pool swaps valued in both denominations. */
  swapsValued: number
  /** Pool swaps with no value in at least one denomination (an ERROR row, or no row). */
  swapsNotValued: number
  /** Why: one line per denomination, error code and reason, with how many swaps. */
  notValued: { denomination: string; errorCode: string | null; reason: string | null; swaps: number }[]
  /** Valued swaps per method and denomination. */
  methods: { denomination: string; method: string; swaps: number }[]
  trades: { valued: number; notValued: number; volumeAvax: string | null; volumeUsd: string | null }
}

export type { TradeKinds }

/** A concentrated-liquidity position at the end of the run (`listClPositions`), amounts as decimal strings. */
export type SummaryPosition = {
  manager: string
  tokenId: string
  owner: string
  pool: string
  tickLower: number
  tickUpper: number
  liquidity: string
}

export type ModelSummary = {
  blocks: { total: number; done: number; failed: number; first: string; last: string }
  swaps: number
  trades: number
  tradeKinds: TradeKinds
  transfers: number
  liquidityEvents: number
  feedAnswers: number
  pools: PoolVolume[]
  /** The open concentrated-liquidity positions of tracked position managers as of the run's last block. */
  positions: SummaryPosition[]
  volume: {
    /** The WAVAX side of every pool swap, as the chain says (exact): the AVAX that changed hands. */
    wavax: string
    /** Every pool swap valued in AVAX and in USD (sum of their values); `null` without pricing. */
    avax: string | null
    usd: string | null
  }
  pricing: PricingSummary
  /** The canonical price of the model's priced token (BLUB) over the run; `null` without pricing. */
  price: PriceSummary | null
}

export type ReadSummaryParameters = {
  db: Pick<ModelDb, 'query'>
  from: bigint
  to: bigint
  tokens: readonly SummaryToken[]
  pools: readonly SummaryPool[]
  /** The token whose canonical price to report, and the model's price period. */
  priced: { token: SummaryToken; periodSeconds: number }
  /** WAVAX, whose side of each swap makes the AVAX volume. */
  wavax: string
}

/** The pricing tables the summary reads (added to the model database with pricing). */
export const PRICING_TABLES = ['swap_valuation', 'trade_valuation', 'canonical_price'] as const

/**
 * What the model database holds for blocks `from`..`to`: blocks, swaps,
 * trades, volumes per pool, and — when the database has the pricing tables —
 * what was valued, what was not and why, and the canonical price over the run.
 * Every amount is an exact decimal string (summed in SQL, scaled here).
 */
export async function readSummary(parameters: ReadSummaryParameters): Promise<ModelSummary> {
  const { db } = parameters
  const range = { from: parameters.from, to: parameters.to }
  const counts = await readBlockRangeCounts(db, range)
  const poolTotals = await readPoolSwapTotals(db, range)
  const missing = await listMissingTables(db, PRICING_TABLES)
  const pricing = missing.length === 0 ? await readPricing(parameters) : withoutPricing(missing)

  const wavax = parameters.wavax.toLowerCase()
  let wavaxVolume = 0n
  const pools = parameters.pools.map((pool): PoolVolume => {
    const totals = poolTotals.find((candidate) => candidate.pool === pool.address.toLowerCase())
    const base = totals?.baseAmount ?? 0n
    const quote = totals?.quoteAmount ?? 0n
    if (pool.base.address.toLowerCase() === wavax) wavaxVolume += base
    if (pool.quote.address.toLowerCase() === wavax) wavaxVolume += quote
    const values = pricing.poolValues.get(pool.address.toLowerCase())
    return {
      address: pool.address,
      name: pool.name,
      base: pool.base.symbol,
      quote: pool.quote.symbol,
      swaps: totals?.swaps ?? 0,
      baseVolume: formatUnits(base, pool.base.decimals),
      quoteVolume: formatUnits(quote, pool.quote.decimals),
      volumeAvax: values?.avax ?? (pricing.summary.available ? '0' : null),
      volumeUsd: values?.usd ?? (pricing.summary.available ? '0' : null),
    }
  })

  return {
    blocks: {
      total: Number(parameters.to - parameters.from + 1n),
      done: counts.done,
      failed: counts.failed,
      first: parameters.from.toString(),
      last: parameters.to.toString(),
    },
    swaps: counts.swaps,
    trades: counts.trades,
    tradeKinds: await readTradeKinds(db, range),
    transfers: counts.transfers,
    liquidityEvents: counts.liquidityEvents,
    feedAnswers: counts.feedAnswers,
    pools,
    positions: (await listClPositions(db, { asOfBlock: parameters.to })).map((position) => ({
      ...position,
      tokenId: position.tokenId.toString(),
      liquidity: position.liquidity.toString(),
    })),
    volume: { wavax: formatUnits(wavaxVolume, 18), ...pricing.totals },
    pricing: pricing.summary,
    price: pricing.price,
  }
}

type PricingPart = {
  summary: PricingSummary
  poolValues: Map<string, { avax: string | null; usd: string | null }>
  totals: { avax: string | null; usd: string | null }
  price: PriceSummary | null
}

/** The pricing part of a database that has no pricing tables (yet): swaps indexed, not valued. */
function withoutPricing(missing: readonly string[]): PricingPart {
  return {
    summary: {
      available: false,
      note: `The model database has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'} yet: swaps are indexed but not valued.`,
      swapsValued: 0,
      swapsNotValued: 0,
      notValued: [],
      methods: [],
      trades: { valued: 0, notValued: 0, volumeAvax: null, volumeUsd: null },
    },
    poolValues: new Map(),
    totals: { avax: null, usd: null },
    price: null,
  }
}

async function readPricing(parameters: ReadSummaryParameters): Promise<PricingPart> {
  const { db } = parameters
  const range = { from: parameters.from, to: parameters.to }
  const swaps = await readSwapValuationSummary(db, range)
  const notValued = [...swaps.errors]
  if (swaps.withoutValuation > 0)
    notValued.push({
      denomination: 'USD, AVAX',
      errorCode: null,
      reason: 'no valuation was stored for them',
      swaps: swaps.withoutValuation,
    })
  const poolValues = new Map<string, { avax: string | null; usd: string | null }>()
  for (const row of swaps.poolValues) {
    const entry = poolValues.get(row.pool) ?? { avax: '0', usd: '0' }
    if (row.denomination === 'AVAX') entry.avax = row.value
    if (row.denomination === 'USD') entry.usd = row.value
    poolValues.set(row.pool, entry)
  }
  const trades = await readTradeValuationSummary(db, range)
  return {
    summary: {
      available: true,
      note: null,
      swapsValued: swaps.valued,
      swapsNotValued: swaps.notValued,
      notValued,
      methods: swaps.methods,
      trades,
    },
    poolValues,
    totals: swaps.totals,
    price: await readPrice(parameters),
  }
}

async function readPrice(parameters: ReadSummaryParameters): Promise<PriceSummary> {
  const { priced } = parameters
  const summary = await readCanonicalPriceSummary(parameters.db, {
    token: priced.token.address,
    periodSeconds: priced.periodSeconds,
  })
  return {
    token: priced.token.address,
    symbol: priced.token.symbol,
    periodSeconds: priced.periodSeconds,
    periods: summary.periods,
    pricedPeriods: summary.priced,
    carriedForward: summary.carriedForward,
    first: summary.first,
    last: summary.last,
    min: summary.min,
    max: summary.max,
  }
}
