import type { QueryFn } from '@idx/database'
import type { ModelDb } from '../client'
import { PRICING_WRITE_LOCK } from '../writeLock'

/** The periods idx aggregates, in seconds: 1 minute, 5 minutes, 1 hour, 4 hours, 1 day (UTC, from the Unix epoch). */
export const STAT_PERIODS = [60, 300, 3_600, 14_400, 86_400] as const

/** A period length idx aggregates (see {@link STAT_PERIODS}). */
export type StatPeriod = (typeof STAT_PERIODS)[number]

/** A span of time (Unix seconds, both inclusive) whose periods are recomputed. */
export type StatSpan = { from: bigint; to: bigint }

// Every period (of every length) that holds a moment of the span: `lo` its first start, `hi` the
// end of its last. Parameters: $1 from, $2 to (Unix seconds), $3 the period lengths.
const RANGES = `span as (
    select to_timestamp($1::double precision) at time zone 'UTC' as t0,
           to_timestamp($2::double precision) at time zone 'UTC' as t1),
  ranges as (
    select s, date_bin(make_interval(secs => s), t0, timestamp 'epoch') as lo,
           date_bin(make_interval(secs => s), t1, timestamp 'epoch') + make_interval(secs => s) as hi
      from span cross join unnest($3::int[]) s),
  bounds as (select min(lo) as lo, max(hi) as hi from ranges),
  -- The ranges as block bounds (block times never decrease), so that the block_number indexes
  -- bound the scans.
  blocks as (
    select (select number from processed_block p where p.timestamp >= b.lo order by p.timestamp, p.number limit 1) as first,
           (select number from processed_block p where p.timestamp < b.hi order by p.timestamp desc, p.number desc limit 1) as last
      from bounds b)`

const DELETE = (table: string) => `with ${RANGES}
  delete from ${table} t using ranges r where t.period_seconds = r.s and t.period_start >= r.lo and t.period_start < r.hi`

const bucket = (time: string) => `date_bin(make_interval(secs => r.s), ${time}, timestamp 'epoch')`

// Volume from trades that bought or sold a token (arbitrages, without a direction, are left
// out), their values from trade_valuation; candles from the canonical prices of periods no
// longer than the aggregate's.
const INSERT_TOKEN_STATS = `with ${RANGES},
  trades as (
    select t.base_token as token, t.block_time, t.taker, t.direction, t.base_amount, u.value as usd, a.value as avax
      from blocks b join trade t on t.block_number between b.first and b.last
      left join trade_valuation u on u.block_number = t.block_number and u.log_index = t.log_index and u.denomination = 'USD'
      left join trade_valuation a on a.block_number = t.block_number and a.log_index = t.log_index and a.denomination = 'AVAX'
     where t.direction is not null),
  volume as (
    select t.token, r.s, ${bucket('t.block_time')} as start,
      sum(t.base_amount) as base_volume, coalesce(sum(t.usd), 0) as volume_usd, coalesce(sum(t.avax), 0) as volume_avax,
      coalesce(sum(t.base_amount) filter (where t.direction = 'buy'), 0) as buy_base_volume,
      coalesce(sum(t.usd) filter (where t.direction = 'buy'), 0) as buy_volume_usd,
      coalesce(sum(t.avax) filter (where t.direction = 'buy'), 0) as buy_volume_avax,
      coalesce(sum(t.base_amount) filter (where t.direction = 'sell'), 0) as sell_base_volume,
      coalesce(sum(t.usd) filter (where t.direction = 'sell'), 0) as sell_volume_usd,
      coalesce(sum(t.avax) filter (where t.direction = 'sell'), 0) as sell_volume_avax,
      count(*)::int as trade_count, (count(*) filter (where t.direction = 'buy'))::int as buy_count,
      (count(*) filter (where t.direction = 'sell'))::int as sell_count,
      (count(*) filter (where t.usd is null))::int as unvalued_count, count(distinct t.taker)::int as taker_count
      from trades t join ranges r on t.block_time >= r.lo and t.block_time < r.hi
     group by 1, 2, 3),
  prices as (
    select c.token, r.s, ${bucket('c.period_start')} as start,
      (array_agg(c.price_usd order by c.period_start) filter (where c.price_usd is not null))[1] as open_usd,
      max(c.price_usd) as high_usd, min(c.price_usd) as low_usd,
      (array_agg(c.price_usd order by c.period_start desc) filter (where c.price_usd is not null))[1] as close_usd,
      (array_agg(c.price_avax order by c.period_start) filter (where c.price_avax is not null))[1] as open_avax,
      max(c.price_avax) as high_avax, min(c.price_avax) as low_avax,
      (array_agg(c.price_avax order by c.period_start desc) filter (where c.price_avax is not null))[1] as close_avax
      from canonical_price c join ranges r
        on c.period_seconds <= r.s and c.period_start >= r.lo and c.period_start < r.hi
     group by 1, 2, 3
    having count(c.price_usd) > 0 or count(c.price_avax) > 0)
  insert into token_period_stat (token, period_seconds, period_start, open_usd, high_usd, low_usd, close_usd,
    open_avax, high_avax, low_avax, close_avax, base_volume, volume_usd, volume_avax, buy_base_volume, buy_volume_usd,
    buy_volume_avax, sell_base_volume, sell_volume_usd, sell_volume_avax, trade_count, buy_count, sell_count,
    unvalued_count, taker_count)
  select coalesce(v.token, p.token), coalesce(v.s, p.s), coalesce(v.start, p.start), p.open_usd, p.high_usd,
    p.low_usd, p.close_usd, p.open_avax, p.high_avax, p.low_avax, p.close_avax, coalesce(v.base_volume, 0),
    coalesce(v.volume_usd, 0), coalesce(v.volume_avax, 0), coalesce(v.buy_base_volume, 0),
    coalesce(v.buy_volume_usd, 0), coalesce(v.buy_volume_avax, 0), coalesce(v.sell_base_volume, 0),
    coalesce(v.sell_volume_usd, 0), coalesce(v.sell_volume_avax, 0), coalesce(v.trade_count, 0),
    coalesce(v.buy_count, 0), coalesce(v.sell_count, 0), coalesce(v.unvalued_count, 0), coalesce(v.taker_count, 0)
    from volume v full join prices p on p.token = v.token and p.s = v.s and p.start = v.start`

const INSERT_POOL_STATS = `with ${RANGES},
  swaps as (
    select s.pool, s.base_token, s.quote_token, s.block_time, s.direction, s.base_amount, s.quote_amount,
      u.value as usd, a.value as avax, u.method
      from blocks b join pool_swap s on s.block_number between b.first and b.last
      left join swap_valuation u on u.block_number = s.block_number and u.log_index = s.log_index and u.denomination = 'USD'
      left join swap_valuation a on a.block_number = s.block_number and a.log_index = s.log_index and a.denomination = 'AVAX')
  insert into pool_period_stat (pool, period_seconds, period_start, base_token, quote_token, base_volume, quote_volume,
    volume_usd, volume_avax, buy_count, sell_count, swap_count, unvalued_count, direct_avax_count,
    direct_avax_volume_usd, direct_usd_count, direct_usd_volume_usd, global_count, global_volume_usd)
  select s.pool, r.s, ${bucket('s.block_time')}, min(s.base_token), min(s.quote_token), sum(s.base_amount),
    sum(s.quote_amount), coalesce(sum(s.usd), 0), coalesce(sum(s.avax), 0),
    (count(*) filter (where s.direction = 'buy'))::int, (count(*) filter (where s.direction = 'sell'))::int,
    count(*)::int, (count(*) filter (where s.usd is null))::int,
    (count(*) filter (where s.method = 'DIRECT_AVAX'))::int, coalesce(sum(s.usd) filter (where s.method = 'DIRECT_AVAX'), 0),
    (count(*) filter (where s.method = 'DIRECT_USD'))::int, coalesce(sum(s.usd) filter (where s.method = 'DIRECT_USD'), 0),
    (count(*) filter (where s.method = 'GLOBAL'))::int, coalesce(sum(s.usd) filter (where s.method = 'GLOBAL'), 0)
    from swaps s join ranges r on s.block_time >= r.lo and s.block_time < r.hi
   group by 1, 2, 3`

const INSERT_ROUTER_STATS = `with ${RANGES}
  insert into router_period_stat (router, trade_type, period_seconds, period_start, router_label, trade_count,
    volume_usd, volume_avax)
  select coalesce(t.router, ''), t.trade_type, r.s, ${bucket('t.block_time')}, min(t.router_label), count(*)::int,
    coalesce(sum(u.value), 0), coalesce(sum(a.value), 0)
    from blocks b join trade t on t.block_number between b.first and b.last
    join ranges r on t.block_time >= r.lo and t.block_time < r.hi
    left join trade_valuation u on u.block_number = t.block_number and u.log_index = t.log_index and u.denomination = 'USD'
    left join trade_valuation a on a.block_number = t.block_number and a.log_index = t.log_index and a.denomination = 'AVAX'
   group by 1, 2, 3, 4`

/**
 * Recomputes, inside a transaction the caller holds, every period aggregate
 * (`token_period_stat`, `pool_period_stat`, `router_period_stat`) of every period length whose
 * period holds a moment of `span`: its rows are deleted and computed again
 * from the stored trades, swaps, valuations and canonical prices — never
 * incremented, so that writing a block twice, in another order or after a
 * reorg leaves the same rows. Takes the pricing write lock first (writers of
 * one model database take turns; each then sees what the others committed).
 */
export async function refreshPeriodStatsIn(query: QueryFn, span: StatSpan): Promise<void> {
  await query(PRICING_WRITE_LOCK)
  const params = [span.from.toString(), span.to.toString(), [...STAT_PERIODS]]
  await query(DELETE('token_period_stat'), params)
  await query(INSERT_TOKEN_STATS, params)
  await query(DELETE('pool_period_stat'), params)
  await query(INSERT_POOL_STATS, params)
  await query(DELETE('router_period_stat'), params)
  await query(INSERT_ROUTER_STATS, params)
}

/**
 * The span of time (Unix seconds) of the processed blocks `blocks` widened to
 * hold `alsoFrom`..`alsoTo` (either may be absent); `undefined` when there is
 * none.
 */
export async function blockSpan(
  query: QueryFn,
  blocks: readonly bigint[],
  also?: { from: number; to: number } | undefined,
): Promise<StatSpan | undefined> {
  const [row] = await query<{ from: string | null; to: string | null }>(
    `select extract(epoch from min(timestamp))::bigint::text as from, extract(epoch from max(timestamp))::bigint::text as to
       from processed_block where number = any($1::bigint[])`,
    [blocks.map(String)],
  )
  const from = [row?.from, also?.from].filter((t) => t != null).map((t) => BigInt(t as string | number))
  const to = [row?.to, also?.to].filter((t) => t != null).map((t) => BigInt(t as string | number))
  if (from.length === 0 || to.length === 0) return undefined
  const order = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)
  return { from: from.sort(order)[0]!, to: to.sort(order).at(-1)! }
}

/** What {@link rebuildPeriodStats} wrote. */
export type RebuildPeriodStatsResult = { tokenRows: number; poolRows: number }

/**
 * Recomputes every period aggregate of the model database from its stored
 * rows, in one transaction (`idx stats rebuild`): for a database processed
 * before aggregates existed, or to check that the maintained ones are what the
 * rows give.
 */
export function rebuildPeriodStats(db: Pick<ModelDb, 'transaction'>): Promise<RebuildPeriodStatsResult> {
  return db.transaction(async (query) => {
    await query(PRICING_WRITE_LOCK)
    await query('truncate token_period_stat, pool_period_stat, router_period_stat')
    const [row] = await query<{ from: string | null; to: string | null }>(
      `select extract(epoch from least(min(p.timestamp), (select min(period_start) from canonical_price)))::bigint::text as from,
              extract(epoch from greatest(max(p.timestamp), (select max(period_start) from canonical_price)))::bigint::text as to
         from processed_block p`,
    )
    if (row?.from != null && row.to != null)
      await refreshPeriodStatsIn(query, { from: BigInt(row.from), to: BigInt(row.to) })
    const [counts] = await query<RebuildPeriodStatsResult>(
      `select (select count(*) from token_period_stat)::int as "tokenRows",
              (select count(*) from pool_period_stat)::int as "poolRows"`,
    )
    return counts ?? { tokenRows: 0, poolRows: 0 }
  })
}
