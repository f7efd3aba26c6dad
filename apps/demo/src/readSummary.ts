import { listClPositions, type ModelDb, rangeProgress, trimDecimal } from '@idx/model-db'
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

/** The trades by what they are (a model with an asset: buys, sells, arbitrages) and how they were made. */
export type TradeKinds = {
  buys: number
  sells: number
  /** Cycles that returned the asset (no direction). */
  arbitrages: number
  /** Buys and sells split over several pools of the asset (more than one asset leg). */
  split: number
  /** Trades that hopped through a pool of another pair on the way (a leg that is not an asset leg). */
  multiHop: number
  /** Trades of a wallet other than the transaction's sender (an aggregator's orders for several wallets). */
  forOtherWallets: number
  /** By the router the transactions were sent to (`null`: none labelled), most trades first. */
  byRouter: { router: string | null; label: string | null; trades: number }[]
}

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
  const range = [parameters.from.toString(), parameters.to.toString()]
  const [blocks] = await db.query<{
    failed: number
    first: string | null
    last: string | null
  }>(
    `select count(*) filter (where status = 'failed')::int as failed,
            min(number)::text as first, max(number)::text as last
       from processed_block where number between $1 and $2`,
    range,
  )
  // Done blocks: in processed ranges or with a done row (an empty block has no row of its own).
  const { done } = await rangeProgress(db, { from: parameters.from, to: parameters.to })
  const count = async (table: string) => {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from ${table} where block_number between $1 and $2`,
      range,
    )
    return row?.n ?? 0
  }
  const poolRows = await db.query<{ pool: string; swaps: number; base: string; quote: string }>(
    `select lower(pool) as pool, count(*)::int as swaps, sum(base_amount)::text as base, sum(quote_amount)::text as quote
       from pool_swap where block_number between $1 and $2 group by lower(pool)`,
    range,
  )
  const pricingTables = await db.query<{ name: string; present: boolean }>(
    `select name, to_regclass('public.' || name) is not null as present from unnest($1::text[]) as name`,
    [[...PRICING_TABLES]],
  )
  const missing = pricingTables.filter((table) => !table.present).map((table) => table.name)
  const pricing =
    missing.length === 0
      ? await readPricing(parameters, range)
      : {
          summary: {
            available: false,
            note: `The model database has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'} yet: swaps are indexed but not valued.`,
            swapsValued: 0,
            swapsNotValued: 0,
            notValued: [],
            methods: [],
            trades: { valued: 0, notValued: 0, volumeAvax: null, volumeUsd: null },
          },
          poolValues: new Map<string, { avax: string | null; usd: string | null }>(),
          totals: { avax: null, usd: null },
          price: null,
        }

  const wavax = parameters.wavax.toLowerCase()
  let wavaxVolume = 0n
  const pools = parameters.pools.map((pool): PoolVolume => {
    const row = poolRows.find((candidate) => candidate.pool === pool.address.toLowerCase())
    const base = BigInt(row?.base ?? '0')
    const quote = BigInt(row?.quote ?? '0')
    if (pool.base.address.toLowerCase() === wavax) wavaxVolume += base
    if (pool.quote.address.toLowerCase() === wavax) wavaxVolume += quote
    const values = pricing.poolValues.get(pool.address.toLowerCase())
    return {
      address: pool.address,
      name: pool.name,
      base: pool.base.symbol,
      quote: pool.quote.symbol,
      swaps: row?.swaps ?? 0,
      baseVolume: formatUnits(base, pool.base.decimals),
      quoteVolume: formatUnits(quote, pool.quote.decimals),
      volumeAvax: values?.avax ?? (pricing.summary.available ? '0' : null),
      volumeUsd: values?.usd ?? (pricing.summary.available ? '0' : null),
    }
  })

  return {
    blocks: {
      total: Number(parameters.to - parameters.from + 1n),
      done,
      failed: blocks?.failed ?? 0,
      first: parameters.from.toString(),
      last: parameters.to.toString(),
    },
    swaps: await count('pool_swap'),
    trades: await count('trade'),
    tradeKinds: await readTradeKinds(db, range),
    transfers: await count('transfer'),
    liquidityEvents: await count('liquidity_event'),
    feedAnswers: await count('feed_answer'),
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

async function readTradeKinds(db: Pick<ModelDb, 'query'>, range: string[]): Promise<TradeKinds> {
  const [kinds] = await db.query<
    Omit<TradeKinds, 'byRouter' | 'multiHop' | 'forOtherWallets'> & {
      multi_hop: number
      other_wallets: number
    }
  >(
    `select count(*) filter (where trade_type = 'trade' and direction = 'buy')::int as buys,
            count(*) filter (where trade_type = 'trade' and direction = 'sell')::int as sells,
            count(*) filter (where trade_type = 'arbitrage')::int as arbitrages,
            count(*) filter (where trade_type = 'trade' and cardinality(asset_legs) > 1)::int as split,
            count(*) filter (where cardinality(route) > cardinality(asset_legs))::int as multi_hop,
            count(*) filter (where wallet <> taker)::int as other_wallets
       from trade where block_number between $1 and $2`,
    range,
  )
  const byRouter = await db.query<{ router: string | null; label: string | null; trades: number }>(
    `select router, router_label as label, count(*)::int as trades
       from trade where block_number between $1 and $2 group by 1, 2 order by 3 desc, 1 nulls last`,
    range,
  )
  return {
    buys: kinds?.buys ?? 0,
    sells: kinds?.sells ?? 0,
    arbitrages: kinds?.arbitrages ?? 0,
    split: kinds?.split ?? 0,
    multiHop: kinds?.multi_hop ?? 0,
    forOtherWallets: kinds?.other_wallets ?? 0,
    byRouter,
  }
}

async function readPricing(parameters: ReadSummaryParameters, range: string[]) {
  const { db } = parameters
  const perSwap = await db.query<{ valued: number; not_valued: number }>(
    `select count(*) filter (where v.good = 2)::int as valued, count(*) filter (where v.good < 2)::int as not_valued
       from pool_swap s
       cross join lateral (
         select count(*) filter (where method::text <> 'ERROR' and value is not null)::int as good
           from swap_valuation v
          where v.block_number = s.block_number and v.log_index = s.log_index) v
      where s.block_number between $1 and $2`,
    range,
  )
  const methods = await db.query<{ denomination: string; method: string; swaps: number }>(
    `select denomination::text as denomination, method::text as method, count(*)::int as swaps
       from swap_valuation where block_number between $1 and $2 and method::text <> 'ERROR'
      group by 1, 2 order by 1, 2`,
    range,
  )
  const errors = await db.query<{
    denomination: string
    error_code: string | null
    reason: string | null
    swaps: number
  }>(
    `select denomination::text as denomination, error_code, reason, count(*)::int as swaps
       from swap_valuation where block_number between $1 and $2 and (method::text = 'ERROR' or value is null)
      group by 1, 2, 3 order by 4 desc, 1, 2, 3`,
    range,
  )
  const [unpriced] = await db.query<{ swaps: number }>(
    `select count(*)::int as swaps from pool_swap s
      where s.block_number between $1 and $2
        and not exists (select 1 from swap_valuation v
          where v.block_number = s.block_number and v.log_index = s.log_index)`,
    range,
  )
  const notValued = errors.map((row) => ({
    denomination: row.denomination,
    errorCode: row.error_code,
    reason: row.reason,
    swaps: row.swaps,
  }))
  if ((unpriced?.swaps ?? 0) > 0)
    notValued.push({
      denomination: 'USD, AVAX',
      errorCode: null,
      reason: 'no valuation was stored for them',
      swaps: unpriced?.swaps ?? 0,
    })

  const values = await db.query<{ pool: string; denomination: string; value: string | null }>(
    `select lower(s.pool) as pool, v.denomination::text as denomination, sum(v.value)::text as value
       from swap_valuation v join pool_swap s on s.block_number = v.block_number and s.log_index = v.log_index
      where v.block_number between $1 and $2 and v.method::text <> 'ERROR'
      group by 1, 2`,
    range,
  )
  const poolValues = new Map<string, { avax: string | null; usd: string | null }>()
  const totals: { avax: string | null; usd: string | null } = { avax: '0', usd: '0' }
  const [totalRows] = await db.query<{ avax: string | null; usd: string | null }>(
    `select sum(value) filter (where denomination::text = 'AVAX')::text as avax,
            sum(value) filter (where denomination::text = 'USD')::text as usd
       from swap_valuation where block_number between $1 and $2 and method::text <> 'ERROR'`,
    range,
  )
  totals.avax = trimDecimal(totalRows?.avax) ?? '0'
  totals.usd = trimDecimal(totalRows?.usd) ?? '0'
  for (const row of values) {
    const entry = poolValues.get(row.pool) ?? { avax: '0', usd: '0' }
    if (row.denomination === 'AVAX') entry.avax = trimDecimal(row.value) ?? '0'
    if (row.denomination === 'USD') entry.usd = trimDecimal(row.value) ?? '0'
    poolValues.set(row.pool, entry)
  }

  const [trades] = await db.query<{
    valued: number
    not_valued: number
    avax: string | null
    usd: string | null
  }>(
    `select count(*) filter (where v.good = 2)::int as valued,
            count(*) filter (where v.good < 2)::int as not_valued,
            sum(v.avax)::text as avax, sum(v.usd)::text as usd
       from trade t
       cross join lateral (
         select count(*) filter (where method::text <> 'ERROR' and value is not null)::int as good,
                sum(value) filter (where denomination::text = 'AVAX' and method::text <> 'ERROR') as avax,
                sum(value) filter (where denomination::text = 'USD' and method::text <> 'ERROR') as usd
           from trade_valuation v
          where v.block_number = t.block_number and v.log_index = t.log_index) v
      where t.block_number between $1 and $2`,
    range,
  )

  return {
    summary: {
      available: true,
      note: null,
      swapsValued: perSwap[0]?.valued ?? 0,
      swapsNotValued: perSwap[0]?.not_valued ?? 0,
      notValued,
      methods,
      trades: {
        valued: trades?.valued ?? 0,
        notValued: trades?.not_valued ?? 0,
        volumeAvax: trimDecimal(trades?.avax) ?? '0',
        volumeUsd: trimDecimal(trades?.usd) ?? '0',
      },
    } satisfies PricingSummary,
    poolValues,
    totals,
    price: await readPrice(parameters),
  }
}

async function readPrice(parameters: ReadSummaryParameters): Promise<PriceSummary> {
  const { db, priced } = parameters
  const args = [priced.token.address.toLowerCase(), priced.periodSeconds]
  const [stats] = await db.query<{
    periods: number
    priced: number
    carried: number
    min_usd: string | null
    max_usd: string | null
    min_avax: string | null
    max_avax: string | null
  }>(
    `select count(*)::int as periods, count(price_usd)::int as priced,
            count(*) filter (where carried_forward)::int as carried,
            min(price_usd)::text as min_usd, max(price_usd)::text as max_usd,
            min(price_avax)::text as min_avax, max(price_avax)::text as max_avax
       from canonical_price where lower(token) = $1 and period_seconds = $2`,
    args,
  )
  const edge = async (order: 'asc' | 'desc') => {
    const [row] = await db.query<{ period_start: string; usd: string | null; avax: string | null }>(
      `select to_char(period_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as period_start,
              price_usd::text as usd, price_avax::text as avax
         from canonical_price
        where lower(token) = $1 and period_seconds = $2 and (price_usd is not null or price_avax is not null)
        order by canonical_price.period_start ${order} limit 1`,
      args,
    )
    return row === undefined
      ? null
      : {
          periodStart: row.period_start,
          usd: trimDecimal(row.usd),
          avax: trimDecimal(row.avax),
        }
  }
  return {
    token: priced.token.address,
    symbol: priced.token.symbol,
    periodSeconds: priced.periodSeconds,
    periods: stats?.periods ?? 0,
    pricedPeriods: stats?.priced ?? 0,
    carriedForward: stats?.carried ?? 0,
    first: await edge('asc'),
    last: await edge('desc'),
    min: { usd: trimDecimal(stats?.min_usd), avax: trimDecimal(stats?.min_avax) },
    max: { usd: trimDecimal(stats?.max_usd), avax: trimDecimal(stats?.max_avax) },
  }
}
