import { BaseError } from '@idx/config'
import type { ModelDb } from '../client'
import { trimDecimal } from '../pricing'
import { STAT_PERIODS, type StatPeriod } from './refreshPeriodStats'

/** A span of time in Unix seconds: `from` inclusive, `to` exclusive (periods starting in it). */
export type TimeRange = { from: number; to: number }

/** One priced token's period (a `token_period_stat` row): a candle and its volume. Decimals as strings, times in Unix seconds. */
export type TokenPeriodStat = {
  token: string
  periodSeconds: number
  periodStart: number
  /** USD per whole token; null when the period has no canonical price. */
  openUsd: string | null
  highUsd: string | null
  lowUsd: string | null
  closeUsd: string | null
  openAvax: string | null
  highAvax: string | null
  lowAvax: string | null
  closeAvax: string | null
  /** Base units bought and sold. */
  baseVolume: bigint
  volumeUsd: string
  volumeAvax: string
  buyBaseVolume: bigint
  buyVolumeUsd: string
  buyVolumeAvax: string
  sellBaseVolume: bigint
  sellVolumeUsd: string
  sellVolumeAvax: string
  tradeCount: number
  buyCount: number
  sellCount: number
  /** Trades without a USD value. */
  unvaluedCount: number
  /** Distinct takers (transaction senders). */
  takerCount: number
}

/** One pool's period (a `pool_period_stat` row). */
export type PoolPeriodStat = {
  pool: string
  periodSeconds: number
  periodStart: number
  baseToken: string
  quoteToken: string
  baseVolume: bigint
  quoteVolume: bigint
  volumeUsd: string
  volumeAvax: string
  buyCount: number
  sellCount: number
  swapCount: number
  unvaluedCount: number
}

/** Thrown for a period length idx does not aggregate. */
export class StatPeriodError extends BaseError {
  override name = 'StatPeriodError'
}

/** `periodSeconds` checked against {@link STAT_PERIODS}. */
export function assertStatPeriod(periodSeconds: number): StatPeriod {
  if (!(STAT_PERIODS as readonly number[]).includes(periodSeconds))
    throw new StatPeriodError(
      `Periods of ${periodSeconds} seconds are not aggregated: use one of ${STAT_PERIODS.join(', ')} seconds.`,
    )
  return periodSeconds as StatPeriod
}

const TIME = (column: string) => `extract(epoch from ${column})::bigint::text`
const RANGE = `period_start >= (to_timestamp($2::double precision) at time zone 'UTC')
  and period_start < (to_timestamp($3::double precision) at time zone 'UTC')`

type TokenSqlRow = Record<string, string | number | null>

function toTokenStat(r: TokenSqlRow): TokenPeriodStat {
  const text = (name: string) => trimDecimal(r[name] as string)
  const nullable = (name: string) => trimDecimal(r[name] as string | null)
  return {
    token: r.token as string,
    periodSeconds: r.period_seconds as number,
    periodStart: Number(r.period_start),
    openUsd: nullable('open_usd'),
    highUsd: nullable('high_usd'),
    lowUsd: nullable('low_usd'),
    closeUsd: nullable('close_usd'),
    openAvax: nullable('open_avax'),
    highAvax: nullable('high_avax'),
    lowAvax: nullable('low_avax'),
    closeAvax: nullable('close_avax'),
    baseVolume: BigInt(r.base_volume as string),
    volumeUsd: text('volume_usd'),
    volumeAvax: text('volume_avax'),
    buyBaseVolume: BigInt(r.buy_base_volume as string),
    buyVolumeUsd: text('buy_volume_usd'),
    buyVolumeAvax: text('buy_volume_avax'),
    sellBaseVolume: BigInt(r.sell_base_volume as string),
    sellVolumeUsd: text('sell_volume_usd'),
    sellVolumeAvax: text('sell_volume_avax'),
    tradeCount: r.trade_count as number,
    buyCount: r.buy_count as number,
    sellCount: r.sell_count as number,
    unvaluedCount: r.unvalued_count as number,
    takerCount: r.taker_count as number,
  }
}

/**
 * A token's candles and volume, one row per period of `periodSeconds` that
 * starts in `range` and has a canonical price or a trade, in time order: the
 * series `idx stats` prints and `idx report` draws.
 *
 * @example
 * ```ts
 * const candles = await readTokenPeriodStats(db, { token: BLUB, periodSeconds: 3_600, from: 1_735_689_600, to: 1_735_776_000 })
 * ```
 */
export async function readTokenPeriodStats(
  db: Pick<ModelDb, 'query'>,
  parameters: { token: string; periodSeconds: number } & TimeRange,
): Promise<TokenPeriodStat[]> {
  const periodSeconds = assertStatPeriod(parameters.periodSeconds)
  const rows = await db.query<TokenSqlRow>(
    `select token, period_seconds, ${TIME('period_start')} as period_start, open_usd::text, high_usd::text,
       low_usd::text, close_usd::text, open_avax::text, high_avax::text, low_avax::text, close_avax::text,
       base_volume::text, volume_usd::text, volume_avax::text, buy_base_volume::text, buy_volume_usd::text,
       buy_volume_avax::text, sell_base_volume::text, sell_volume_usd::text, sell_volume_avax::text, trade_count,
       buy_count, sell_count, unvalued_count, taker_count
     from token_period_stat where token = $1 and ${RANGE} and period_seconds = $4 order by period_start`,
    [parameters.token.toLowerCase(), String(parameters.from), String(parameters.to), periodSeconds],
  )
  return rows.map(toTokenStat)
}

/**
 * The pools' swaps per period of `periodSeconds` starting in `range` (every
 * pool, or `pool`), in time then pool order.
 */
export async function readPoolPeriodStats(
  db: Pick<ModelDb, 'query'>,
  parameters: { periodSeconds: number; pool?: string | undefined } & TimeRange,
): Promise<PoolPeriodStat[]> {
  const periodSeconds = assertStatPeriod(parameters.periodSeconds)
  const rows = await db.query<Record<string, string | number>>(
    `select pool, period_seconds, ${TIME('period_start')} as period_start, base_token, quote_token,
       base_volume::text, quote_volume::text, volume_usd::text, volume_avax::text, buy_count, sell_count,
       swap_count, unvalued_count
     from pool_period_stat where ($1::text is null or pool = $1) and ${RANGE} and period_seconds = $4
     order by period_start, pool`,
    [parameters.pool?.toLowerCase() ?? null, String(parameters.from), String(parameters.to), periodSeconds],
  )
  return rows.map((r) => ({
    pool: r.pool as string,
    periodSeconds: r.period_seconds as number,
    periodStart: Number(r.period_start),
    baseToken: r.base_token as string,
    quoteToken: r.quote_token as string,
    baseVolume: BigInt(r.base_volume as string),
    quoteVolume: BigInt(r.quote_volume as string),
    volumeUsd: trimDecimal(r.volume_usd as string),
    volumeAvax: trimDecimal(r.volume_avax as string),
    buyCount: r.buy_count as number,
    sellCount: r.sell_count as number,
    swapCount: r.swap_count as number,
    unvaluedCount: r.unvalued_count as number,
  }))
}

/** One pool's totals over a range (see {@link readPoolVolumes}). */
export type PoolVolume = Omit<PoolPeriodStat, 'periodSeconds' | 'periodStart'>

/**
 * Each pool's volume and swaps over `range` (summed from its one-minute
 * periods, so any minute-aligned range is exact), largest USD volume first.
 */
export async function readPoolVolumes(db: Pick<ModelDb, 'query'>, range: TimeRange): Promise<PoolVolume[]> {
  const rows = await db.query<Record<string, string | number>>(
    `select pool, min(base_token) as base_token, min(quote_token) as quote_token, sum(base_volume)::text as base_volume,
       sum(quote_volume)::text as quote_volume, sum(volume_usd)::text as volume_usd, sum(volume_avax)::text as volume_avax,
       sum(buy_count)::int as buy_count, sum(sell_count)::int as sell_count, sum(swap_count)::int as swap_count,
       sum(unvalued_count)::int as unvalued_count
     from pool_period_stat where period_seconds = $1 and ${RANGE}
     group by pool order by sum(volume_usd) desc, pool`,
    [60, String(range.from), String(range.to)],
  )
  return rows.map((r) => ({
    pool: r.pool as string,
    baseToken: r.base_token as string,
    quoteToken: r.quote_token as string,
    baseVolume: BigInt(r.base_volume as string),
    quoteVolume: BigInt(r.quote_volume as string),
    volumeUsd: trimDecimal(r.volume_usd as string),
    volumeAvax: trimDecimal(r.volume_avax as string),
    buyCount: r.buy_count as number,
    sellCount: r.sell_count as number,
    swapCount: r.swap_count as number,
    unvaluedCount: r.unvalued_count as number,
  }))
}

/** The first and last period start (Unix seconds) of the model's aggregates, if any: a report's default range. */
export async function periodStatsExtent(
  db: Pick<ModelDb, 'query'>,
): Promise<{ from: number; to: number } | undefined> {
  const [row] = await db.query<{ from: string | null; to: string | null }>(
    `select ${TIME('min(period_start)')} as from, ${TIME('max(period_start)')} as to
       from token_period_stat where period_seconds = 60`,
  )
  if (row?.from == null || row.to == null) return undefined
  return { from: Number(row.from), to: Number(row.to) }
}
