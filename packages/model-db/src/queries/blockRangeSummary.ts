import type { ModelDb } from '../client'
import { trimDecimal } from '../pricing'
import { DONE_IN_RANGE_SQL } from '../ranges'

// What a model database holds for a block range, summed in SQL: the reads of
// the main job's summary (`pnpm main-job`). Amounts are exact: bigints, or
// decimal strings with their trailing zeros trimmed.

type Db = Pick<ModelDb, 'query'>

/** Inclusive block bounds. */
export type BlockRange = { from: bigint; to: bigint }

const bounds = (range: BlockRange) => [range.from.toString(), range.to.toString()]

/** The tables of `names` the database does not have (yet), in the order given. */
export async function listMissingTables(db: Db, names: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ name: string; present: boolean }>(
    `select name, to_regclass('public.' || name) is not null as present from unnest($1::text[]) as name`,
    [[...names]],
  )
  return rows.filter((row) => !row.present).map((row) => row.name)
}

/** The blocks of a range by status, and the rows of each kind its blocks hold. */
export type BlockRangeCounts = {
  done: number
  failed: number
  swaps: number
  trades: number
  transfers: number
  liquidityEvents: number
  feedAnswers: number
}

/** How many blocks of `range` are done (a row or a processed range) and failed, and how many swaps, trades, … they hold. */
export async function readBlockRangeCounts(db: Db, range: BlockRange): Promise<BlockRangeCounts> {
  const [row] = await db.query<BlockRangeCounts>(
    `select ${DONE_IN_RANGE_SQL}::int as done,
            (select count(*) from processed_block where number between $1 and $2 and status = 'failed')::int as failed,
            (select count(*) from pool_swap where block_number between $1 and $2)::int as swaps,
            (select count(*) from trade where block_number between $1 and $2)::int as trades,
            (select count(*) from transfer where block_number between $1 and $2)::int as transfers,
            (select count(*) from liquidity_event where block_number between $1 and $2)::int as "liquidityEvents",
            (select count(*) from feed_answer where block_number between $1 and $2)::int as "feedAnswers"`,
    bounds(range),
  )
  return row!
}

/** One pool's swaps over a range: how many, and the base and quote amounts swapped (raw units). */
export type PoolSwapTotals = { pool: string; swaps: number; baseAmount: bigint; quoteAmount: bigint }

/** The swaps of each pool over `range` (pools by lowercase address; pools without a swap are left out). */
export async function readPoolSwapTotals(db: Db, range: BlockRange): Promise<PoolSwapTotals[]> {
  const rows = await db.query<{ pool: string; swaps: number; base: string | null; quote: string | null }>(
    `select lower(pool) as pool, count(*)::int as swaps, sum(base_amount)::text as base, sum(quote_amount)::text as quote
       from pool_swap where block_number between $1 and $2 group by lower(pool)`,
    bounds(range),
  )
  return rows.map((row) => ({
    pool: row.pool,
    swaps: row.swaps,
    baseAmount: BigInt(row.base ?? '0'),
    quoteAmount: BigInt(row.quote ?? '0'),
  }))
}

/** The trades of a range by what they are (a model with an asset: buys, sells, arbitrages) and how they were made. */
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

/** The trades of `range` by kind and by router. */
export async function readTradeKinds(db: Db, range: BlockRange): Promise<TradeKinds> {
  const [kinds] = await db.query<{
    buys: number
    sells: number
    arbitrages: number
    split: number
    multi_hop: number
    other_wallets: number
  }>(
    `select count(*) filter (where trade_type = 'trade' and direction = 'buy')::int as buys,
            count(*) filter (where trade_type = 'trade' and direction = 'sell')::int as sells,
            count(*) filter (where trade_type = 'arbitrage')::int as arbitrages,
            count(*) filter (where trade_type = 'trade' and cardinality(asset_legs) > 1)::int as split,
            count(*) filter (where cardinality(route) > cardinality(asset_legs))::int as multi_hop,
            count(*) filter (where wallet <> taker)::int as other_wallets
       from trade where block_number between $1 and $2`,
    bounds(range),
  )
  const byRouter = await db.query<{ router: string | null; label: string | null; trades: number }>(
    `select router, router_label as label, count(*)::int as trades
       from trade where block_number between $1 and $2 group by 1, 2 order by 3 desc, 1 nulls last`,
    bounds(range),
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

/** How the swaps of a range were valued (the pricing tables must exist: see {@link listMissingTables}). */
export type SwapValuationSummary = {
  /** Swaps valued in both denominations. */
  valued: number
  /** Swaps with no value in at least one denomination (an ERROR row, or no row). */
  notValued: number
  /** Valued swaps per denomination and method. */
  methods: { denomination: string; method: string; swaps: number }[]
  /** Valuation rows without a value, per denomination, error code and reason, most first. */
  errors: { denomination: string; errorCode: string | null; reason: string | null; swaps: number }[]
  /** Swaps with no valuation row at all. */
  withoutValuation: number
  /** The valued swaps' value per pool (lowercase address) and denomination. */
  poolValues: { pool: string; denomination: string; value: string }[]
  /** The valued swaps' value per denomination. */
  totals: { avax: string; usd: string }
}

/** What the swaps of `range` were valued at, by what method, and which could not be valued and why. */
export async function readSwapValuationSummary(db: Db, range: BlockRange): Promise<SwapValuationSummary> {
  const args = bounds(range)
  const [perSwap] = await db.query<{ valued: number; not_valued: number }>(
    `select count(*) filter (where v.good = 2)::int as valued, count(*) filter (where v.good < 2)::int as not_valued
       from pool_swap s
       cross join lateral (
         select count(*) filter (where method::text <> 'ERROR' and value is not null)::int as good
           from swap_valuation v
          where v.block_number = s.block_number and v.log_index = s.log_index) v
      where s.block_number between $1 and $2`,
    args,
  )
  const methods = await db.query<{ denomination: string; method: string; swaps: number }>(
    `select denomination::text as denomination, method::text as method, count(*)::int as swaps
       from swap_valuation where block_number between $1 and $2 and method::text <> 'ERROR'
      group by 1, 2 order by 1, 2`,
    args,
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
    args,
  )
  const [unpriced] = await db.query<{ swaps: number }>(
    `select count(*)::int as swaps from pool_swap s
      where s.block_number between $1 and $2
        and not exists (select 1 from swap_valuation v
          where v.block_number = s.block_number and v.log_index = s.log_index)`,
    args,
  )
  const poolValues = await db.query<{ pool: string; denomination: string; value: string | null }>(
    `select lower(s.pool) as pool, v.denomination::text as denomination, sum(v.value)::text as value
       from swap_valuation v join pool_swap s on s.block_number = v.block_number and s.log_index = v.log_index
      where v.block_number between $1 and $2 and v.method::text <> 'ERROR'
      group by 1, 2`,
    args,
  )
  const [totals] = await db.query<{ avax: string | null; usd: string | null }>(
    `select sum(value) filter (where denomination::text = 'AVAX')::text as avax,
            sum(value) filter (where denomination::text = 'USD')::text as usd
       from swap_valuation where block_number between $1 and $2 and method::text <> 'ERROR'`,
    args,
  )
  return {
    valued: perSwap?.valued ?? 0,
    notValued: perSwap?.not_valued ?? 0,
    methods,
    errors: errors.map((row) => ({
      denomination: row.denomination,
      errorCode: row.error_code,
      reason: row.reason,
      swaps: row.swaps,
    })),
    withoutValuation: unpriced?.swaps ?? 0,
    poolValues: poolValues.map((row) => ({
      pool: row.pool,
      denomination: row.denomination,
      value: trimDecimal(row.value) ?? '0',
    })),
    totals: { avax: trimDecimal(totals?.avax) ?? '0', usd: trimDecimal(totals?.usd) ?? '0' },
  }
}

/** How the trades of a range were valued: how many in both denominations, and their volume. */
export type TradeValuationSummary = {
  valued: number
  notValued: number
  volumeAvax: string
  volumeUsd: string
}

/** What the trades of `range` were valued at (the pricing tables must exist). */
export async function readTradeValuationSummary(db: Db, range: BlockRange): Promise<TradeValuationSummary> {
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
    bounds(range),
  )
  return {
    valued: trades?.valued ?? 0,
    notValued: trades?.not_valued ?? 0,
    volumeAvax: trimDecimal(trades?.avax) ?? '0',
    volumeUsd: trimDecimal(trades?.usd) ?? '0',
  }
}

/** A canonical price of one period, as an ISO time (`2025-01-01T00:00:00Z`) and decimal strings. */
export type CanonicalPricePoint = { periodStart: string; usd: string | null; avax: string | null }

/** A token's canonical prices of one period length: how many, the first and last priced, the extremes. */
export type CanonicalPriceSummary = {
  /** Periods with a row, and of those: priced (in USD), carried forward from an earlier period. */
  periods: number
  priced: number
  carriedForward: number
  first: CanonicalPricePoint | null
  last: CanonicalPricePoint | null
  min: { usd: string | null; avax: string | null }
  max: { usd: string | null; avax: string | null }
}

/** The canonical prices of `token` per `periodSeconds` periods, summed up. */
export async function readCanonicalPriceSummary(
  db: Db,
  parameters: { token: string; periodSeconds: number },
): Promise<CanonicalPriceSummary> {
  const args = [parameters.token.toLowerCase(), parameters.periodSeconds]
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
  const edge = async (order: 'asc' | 'desc'): Promise<CanonicalPricePoint | null> => {
    const [row] = await db.query<{ period_start: string; usd: string | null; avax: string | null }>(
      `select to_char(period_start, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as period_start,
              price_usd::text as usd, price_avax::text as avax
         from canonical_price
        where lower(token) = $1 and period_seconds = $2 and (price_usd is not null or price_avax is not null)
        order by canonical_price.period_start ${order === 'asc' ? 'asc' : 'desc'} limit 1`,
      args,
    )
    return row === undefined
      ? null
      : { periodStart: row.period_start, usd: trimDecimal(row.usd), avax: trimDecimal(row.avax) }
  }
  return {
    periods: stats?.periods ?? 0,
    priced: stats?.priced ?? 0,
    carriedForward: stats?.carried ?? 0,
    first: await edge('asc'),
    last: await edge('desc'),
    min: { usd: trimDecimal(stats?.min_usd), avax: trimDecimal(stats?.min_avax) },
    max: { usd: trimDecimal(stats?.max_usd), avax: trimDecimal(stats?.max_avax) },
  }
}

/** Every processed block's number and hash (done or failed), lowest first. */
export async function listProcessedBlockHashes(db: Db): Promise<{ number: bigint; hash: string }[]> {
  const rows = await db.query<{ number: string; hash: string }>(
    'select number::text, hash from processed_block order by processed_block.number',
  )
  return rows.map((row) => ({ number: BigInt(row.number), hash: row.hash }))
}

/**
 * How many pool swaps have no valuation row at all (indexed before the
 * database could value them); `undefined` when it has no `swap_valuation` table.
 */
export async function countSwapsWithoutValuation(db: Db): Promise<number | undefined> {
  if ((await listMissingTables(db, ['swap_valuation'])).length > 0) return undefined
  const [row] = await db.query<{ swaps: number }>(
    `select count(*)::int as swaps from pool_swap s
      where not exists (select 1 from swap_valuation v
        where v.block_number = s.block_number and v.log_index = s.log_index)`,
  )
  return row?.swaps ?? 0
}
