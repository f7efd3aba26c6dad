import type { ModelDb } from '../client'
import { trimDecimal } from '../pricing'
import type { TimeRange } from './readPeriodStats'

// The range as block bounds (block times never decrease), so that the block_number indexes bound
// the scans: $1 from, $2 to (Unix seconds, `to` exclusive).
const BLOCKS = `blocks as (
    select (select number from processed_block where timestamp >= (to_timestamp($1::double precision) at time zone 'UTC')
              order by timestamp, number limit 1) as first,
           (select number from processed_block where timestamp < (to_timestamp($2::double precision) at time zone 'UTC')
              order by timestamp desc, number desc limit 1) as last)`

const rangeParams = (range: TimeRange) => [String(range.from), String(range.to)]

/** One wallet's trades of a token over a range. */
export type TopTrader = {
  wallet: string
  tradeCount: number
  buyCount: number
  sellCount: number
  /** Base units bought and sold. */
  buyBaseVolume: bigint
  sellBaseVolume: bigint
  /** The trades' USD value (unvalued trades add nothing). */
  volumeUsd: string
}

/**
 * The wallets that traded `token` the most over `range` (by USD volume, then
 * trade count), at most `limit` (default 20). A trade's wallet is its owner:
 * the transaction's sender, or the wallet an aggregator's order names.
 */
export async function readTopTraders(
  db: Pick<ModelDb, 'query'>,
  parameters: { token: string; limit?: number | undefined } & TimeRange,
): Promise<TopTrader[]> {
  const rows = await db.query<Record<string, string | number>>(
    `with ${BLOCKS}
     select t.wallet, count(*)::int as trade_count, (count(*) filter (where t.direction = 'buy'))::int as buy_count,
       (count(*) filter (where t.direction = 'sell'))::int as sell_count,
       coalesce(sum(t.base_amount) filter (where t.direction = 'buy'), 0)::text as buy_base_volume,
       coalesce(sum(t.base_amount) filter (where t.direction = 'sell'), 0)::text as sell_base_volume,
       coalesce(sum(u.value), 0)::text as volume_usd
     from blocks b join trade t on t.block_number between b.first and b.last
     left join trade_valuation u on u.block_number = t.block_number and u.log_index = t.log_index and u.denomination = 'USD'
     where t.base_token = $3 and t.direction is not null
       and t.block_time >= (to_timestamp($1::double precision) at time zone 'UTC')
       and t.block_time < (to_timestamp($2::double precision) at time zone 'UTC')
     group by t.wallet order by coalesce(sum(u.value), 0) desc, count(*) desc, t.wallet limit $4`,
    [...rangeParams(parameters), parameters.token.toLowerCase(), parameters.limit ?? 20],
  )
  return rows.map((r) => ({
    wallet: r.wallet as string,
    tradeCount: r.trade_count as number,
    buyCount: r.buy_count as number,
    sellCount: r.sell_count as number,
    buyBaseVolume: BigInt(r.buy_base_volume as string),
    sellBaseVolume: BigInt(r.sell_base_volume as string),
    volumeUsd: trimDecimal(r.volume_usd as string),
  }))
}

/** Trades through one router (or none: sent to a pool or an unlabelled contract) of one type. */
export type RouterVolume = {
  /** The labelled router or aggregator the transactions were sent to; null for none. */
  router: string | null
  routerLabel: string | null
  tradeType: 'trade' | 'arbitrage'
  tradeCount: number
  volumeUsd: string
  volumeAvax: string
}

// A range of period starts over the one-minute aggregates: $1 from, $2 to (Unix seconds, `to` exclusive).
const MINUTES = `period_seconds = 60 and period_start >= (to_timestamp($1::double precision) at time zone 'UTC')
  and period_start < (to_timestamp($2::double precision) at time zone 'UTC')`

/**
 * The trades over `range` grouped by router and trade type, largest USD
 * volume first (summed from the one-minute aggregates, so any minute-aligned
 * range is exact).
 */
export async function readTradesByRouter(
  db: Pick<ModelDb, 'query'>,
  range: TimeRange,
): Promise<RouterVolume[]> {
  const rows = await db.query<Record<string, string | number | null>>(
    `select nullif(router, '') as router, min(router_label) as router_label, trade_type::text as trade_type,
       sum(trade_count)::int as trade_count, sum(volume_usd)::text as volume_usd, sum(volume_avax)::text as volume_avax
     from router_period_stat where ${MINUTES}
     group by router, trade_type order by sum(volume_usd) desc, sum(trade_count) desc, router = '', router, trade_type`,
    rangeParams(range),
  )
  return rows.map((r) => ({
    router: r.router as string | null,
    routerLabel: r.router_label as string | null,
    tradeType: r.trade_type as 'trade' | 'arbitrage',
    tradeCount: r.trade_count as number,
    volumeUsd: trimDecimal(r.volume_usd as string),
    volumeAvax: trimDecimal(r.volume_avax as string),
  }))
}

/** How many swaps one pricing method valued (their USD rows). */
export type PricingMethodCount = {
  method: 'DIRECT_AVAX' | 'DIRECT_USD' | 'GLOBAL' | 'ERROR'
  swapCount: number
  volumeUsd: string
}

/**
 * The swaps over `range` by the method that valued them in USD (the pricing
 * method mix), from the pools' one-minute aggregates; methods without a swap
 * are left out. ERROR counts every swap without a USD value.
 */
export async function readPricingMethodMix(
  db: Pick<ModelDb, 'query'>,
  range: TimeRange,
): Promise<PricingMethodCount[]> {
  const [row] = await db.query<Record<string, string | number | null>>(
    `select coalesce(sum(direct_avax_count), 0)::int as direct_avax, coalesce(sum(direct_avax_volume_usd), 0)::text as direct_avax_usd,
       coalesce(sum(direct_usd_count), 0)::int as direct_usd, coalesce(sum(direct_usd_volume_usd), 0)::text as direct_usd_usd,
       coalesce(sum(global_count), 0)::int as global, coalesce(sum(global_volume_usd), 0)::text as global_usd,
       coalesce(sum(unvalued_count), 0)::int as error
     from pool_period_stat where ${MINUTES}`,
    rangeParams(range),
  )
  const mix: PricingMethodCount[] = [
    {
      method: 'DIRECT_AVAX',
      swapCount: Number(row?.direct_avax ?? 0),
      volumeUsd: trimDecimal(String(row?.direct_avax_usd ?? '0')),
    },
    {
      method: 'DIRECT_USD',
      swapCount: Number(row?.direct_usd ?? 0),
      volumeUsd: trimDecimal(String(row?.direct_usd_usd ?? '0')),
    },
    {
      method: 'GLOBAL',
      swapCount: Number(row?.global ?? 0),
      volumeUsd: trimDecimal(String(row?.global_usd ?? '0')),
    },
    { method: 'ERROR', swapCount: Number(row?.error ?? 0), volumeUsd: '0' },
  ]
  return mix.filter((entry) => entry.swapCount > 0)
}

/** Swaps that could not be valued in USD for one reason. */
export type UnvaluedSwaps = {
  errorCode: string | null
  reason: string | null
  swapCount: number
  /** The first and last such swap's block. */
  firstBlock: bigint
  lastBlock: bigint
  /** One such swap's id (to look at with `idx pricing explain`). */
  exampleSwap: string
}

/** The swaps over `range` that could not be valued (USD row ERROR), grouped by their reason, most first. */
export async function readUnvaluedSwaps(
  db: Pick<ModelDb, 'query'>,
  range: TimeRange,
): Promise<UnvaluedSwaps[]> {
  const rows = await db.query<Record<string, string | number | null>>(
    `with ${BLOCKS}
     select u.error_code, u.reason, count(*)::int as swap_count, min(s.block_number)::text as first_block,
       max(s.block_number)::text as last_block, min(s.id) as example_swap
     from blocks b join swap_valuation u on u.block_number between b.first and b.last
       and u.denomination = 'USD' and u.method = 'ERROR'
     join pool_swap s on s.block_number = u.block_number and s.log_index = u.log_index
     where s.block_time >= (to_timestamp($1::double precision) at time zone 'UTC')
       and s.block_time < (to_timestamp($2::double precision) at time zone 'UTC')
     group by 1, 2 order by 3 desc, 1, 2`,
    rangeParams(range),
  )
  return rows.map((r) => ({
    errorCode: r.error_code as string | null,
    reason: r.reason as string | null,
    swapCount: r.swap_count as number,
    firstBlock: BigInt(r.first_block as string),
    lastBlock: BigInt(r.last_block as string),
    exampleSwap: r.example_swap as string,
  }))
}
