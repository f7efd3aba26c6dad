import type { CopyFn, QueryFn } from '@idx/database'
import { HEADER, type HeaderRow, toHeader } from './blocks'
import type { ModelDb } from './client'
import { DONE_IN_RANGE_SQL } from './ranges'
import { blockSpan, refreshPeriodStatsIn } from './stats/refreshPeriodStats'
import { PRICING_WRITE_LOCK } from './writeLock'
import { COPY_NULL, copyBool, copyRows, copyText, copyTimestamp, copyValue } from './writers/copyRows'
import { type Column, insertRows, TIMESTAMP } from './writers/insertRows'
import type { BlockHeader, PoolSwapRow, TradeRow } from './writers/types'

/**
 * One pool swap's value in one denomination (a `swap_valuation` row). The
 * swap is the `pool_swap` row of the same block number and log index (its id,
 * pool, base token and time are there).
 */
export type SwapValuationRow = {
  denomination: 'USD' | 'AVAX'
  blockNumber: bigint
  /** The swap's log index (with `blockNumber`, the row's key). */
  logIndex: number
  method: 'DIRECT_AVAX' | 'DIRECT_USD' | 'GLOBAL' | 'ERROR'
  /** Decimal strings; null for ERROR. */
  value: string | null
  price: string | null
  tier: 'model_config' | 'contract_default' | 'global'
  configId: number | null
  contractId: number | null
  /** The AVAX/USD price used (decimal string) and the block it is as of. */
  avaxUsd: string | null
  avaxUsdBlock: bigint | null
  stale: boolean | null
  /** GLOBAL: the canonical price's period (Unix seconds). */
  canonicalPeriodStart: number | null
  errorCode: string | null
  reason: string | null
}

/** One trade's value in one denomination (a `trade_valuation` row); the trade is the `trade` row of the same block number and log index. */
export type TradeValuationRow = {
  denomination: 'USD' | 'AVAX'
  blockNumber: bigint
  /** The trade's log index (with `blockNumber`, the row's key). */
  logIndex: number
  method: 'DIRECT' | 'GLOBAL' | 'ERROR'
  value: string | null
  stale: boolean | null
  errorCode: string | null
  reason: string | null
}

/** A token's canonical price for one period (a `canonical_price` row); times in Unix seconds. */
export type CanonicalPriceRow = {
  token: string
  periodSeconds: number
  periodStart: number
  priceUsd: string | null
  priceAvax: string | null
  carriedForward: boolean
  pricedPeriodStart: number | null
  deviatingSince: number | null
  reason: string | null
  volumeUsd: string
  volumeAvax: string
  baseVolume: bigint
  swapCount: number
  windowSwapCount: number
  keptSwapCount: number
  keptVolumeUsd: string
  referencePriceUsd: string | null
}

/**
 * The periods whose canonical prices were computed whole: those starting
 * `from` through `through` (Unix seconds). Every stored row starting in their
 * time is replaced by the record's rows — a period whose window is empty now
 * loses its row.
 */
export type CanonicalPeriods = { periodSeconds: number; from: number; through: number }

/** What pricing writes for some blocks: every valuation of their swaps and trades, and the canonical prices touched. */
export type PricingRecord = {
  /** The blocks priced: their previous valuations are replaced. */
  blocks: readonly bigint[]
  swapValuations: readonly SwapValuationRow[]
  tradeValuations: readonly TradeValuationRow[]
  canonicalPrices: readonly CanonicalPriceRow[]
  /** The periods `canonicalPrices` cover whole; absent: the rows are upserted and no other row is removed. */
  canonicalPeriods?: CanonicalPeriods | undefined
}

const nullableTime = (seconds: number | null) => (seconds === null ? null : String(seconds))

/** Period starts as COPY text, per second (a chunk's rows share few). */
const times = new Map<bigint, string>()
function periodStartText(seconds: bigint | number | null): string {
  if (seconds === null) return COPY_NULL
  const key = BigInt(seconds)
  let time = times.get(key)
  if (time === undefined) {
    if (times.size > 10_000) times.clear()
    time = copyTimestamp(key)
    times.set(key, time)
  }
  return time
}

// Ids, addresses, enum labels and decimals never hold a tab, newline or
// backslash: only error codes and reasons (free text) are escaped.
const SWAP_VALUATION_COLUMNS = [
  'denomination',
  'block_number',
  'log_index',
  'method',
  'value',
  'price',
  'tier',
  'config_id',
  'contract_id',
  'avax_usd',
  'avax_usd_block',
  'stale',
  'canonical_period_start',
  'error_code',
  'reason',
]
const swapValuationFields = (r: SwapValuationRow) => [
  r.denomination,
  copyValue(r.blockNumber),
  copyValue(r.logIndex),
  r.method,
  copyValue(r.value),
  copyValue(r.price),
  r.tier,
  copyValue(r.configId),
  copyValue(r.contractId),
  copyValue(r.avaxUsd),
  copyValue(r.avaxUsdBlock),
  copyBool(r.stale),
  periodStartText(r.canonicalPeriodStart),
  copyText(r.errorCode),
  copyText(r.reason),
]

const TRADE_VALUATION_COLUMNS = [
  'denomination',
  'block_number',
  'log_index',
  'method',
  'value',
  'stale',
  'error_code',
  'reason',
]
const tradeValuationFields = (r: TradeValuationRow) => [
  r.denomination,
  copyValue(r.blockNumber),
  copyValue(r.logIndex),
  r.method,
  copyValue(r.value),
  copyBool(r.stale),
  copyText(r.errorCode),
  copyText(r.reason),
]

const canonicalPriceColumns: Column<CanonicalPriceRow>[] = [
  { name: 'token', type: 'text', value: (r) => r.token },
  { name: 'period_seconds', type: 'int', value: (r) => r.periodSeconds },
  { name: 'period_start', type: 'bigint', value: (r) => String(r.periodStart), cast: TIMESTAMP },
  { name: 'price_usd', type: 'numeric', value: (r) => r.priceUsd },
  { name: 'price_avax', type: 'numeric', value: (r) => r.priceAvax },
  { name: 'carried_forward', type: 'bool', value: (r) => r.carriedForward },
  {
    name: 'priced_period_start',
    type: 'bigint',
    value: (r) => nullableTime(r.pricedPeriodStart),
    cast: TIMESTAMP,
  },
  { name: 'deviating_since', type: 'bigint', value: (r) => nullableTime(r.deviatingSince), cast: TIMESTAMP },
  { name: 'reason', type: 'text', value: (r) => r.reason },
  { name: 'volume_usd', type: 'numeric', value: (r) => r.volumeUsd },
  { name: 'volume_avax', type: 'numeric', value: (r) => r.volumeAvax },
  { name: 'base_volume', type: 'numeric', value: (r) => r.baseVolume.toString() },
  { name: 'swap_count', type: 'int', value: (r) => r.swapCount },
  { name: 'window_swap_count', type: 'int', value: (r) => r.windowSwapCount },
  { name: 'kept_swap_count', type: 'int', value: (r) => r.keptSwapCount },
  { name: 'kept_volume_usd', type: 'numeric', value: (r) => r.keptVolumeUsd },
  { name: 'reference_price_usd', type: 'numeric', value: (r) => r.referencePriceUsd },
]

/** What {@link writePricingIn} replaced. */
export type WritePricingResult = {
  /** The blocks' swap valuation rows that were ERROR before (what `idx pricing update` reports as fixed when fewer are now). */
  replacedErrors: number
}

/**
 * Writes what pricing computed for some blocks, inside a transaction the
 * caller holds (the one that writes the blocks): the blocks' previous swap and
 * trade valuations are replaced (bulk-loaded with COPY); the canonical prices
 * of the periods computed whole (`canonicalPeriods`) are replaced, others upserted; and
 * the period aggregates of the time those blocks and prices cover are recomputed.
 * Pricing writes of one model database take turns (a transaction-level lock).
 */
export async function writePricingIn(
  query: QueryFn,
  copy: CopyFn,
  record: PricingRecord,
): Promise<WritePricingResult> {
  await query(PRICING_WRITE_LOCK)
  let replacedErrors = 0
  if (record.blocks.length > 0) {
    const numbers = record.blocks.map(String)
    const [deleted] = await query<{ errors: number }>(
      `with deleted as (delete from swap_valuation where block_number = any($1::bigint[]) returning method)
       select (count(*) filter (where method = 'ERROR'))::int as errors from deleted`,
      [numbers],
    )
    replacedErrors = deleted?.errors ?? 0
    await query('delete from trade_valuation where block_number = any($1::bigint[])', [numbers])
  }
  await copyRows(copy, 'swap_valuation', SWAP_VALUATION_COLUMNS, record.swapValuations, swapValuationFields)
  await copyRows(
    copy,
    'trade_valuation',
    TRADE_VALUATION_COLUMNS,
    record.tradeValuations,
    tradeValuationFields,
  )
  const periods = record.canonicalPeriods
  if (periods !== undefined)
    await query(
      `delete from canonical_price where period_seconds = $1
         and period_start >= (to_timestamp($2::double precision) at time zone 'UTC')
         and period_start < (to_timestamp($3::double precision) at time zone 'UTC')`,
      [periods.periodSeconds, String(periods.from), String(periods.through + periods.periodSeconds)],
    )
  const updates = canonicalPriceColumns
    .slice(3)
    .map((column) => `"${column.name}" = excluded."${column.name}"`)
    .join(', ')
  await insertRows(
    query,
    'canonical_price',
    canonicalPriceColumns,
    record.canonicalPrices,
    `on conflict (token, period_seconds, period_start) do update set ${updates}, updated_at = now()`,
  )
  const span = await blockSpan(query, record.blocks, canonicalSpan(record))
  if (span !== undefined) await refreshPeriodStatsIn(query, span)
  return { replacedErrors }
}

/** The time (Unix seconds) of the canonical prices a record writes or replaces, if any. */
function canonicalSpan(record: PricingRecord): { from: number; to: number } | undefined {
  let from = Number.POSITIVE_INFINITY
  let to = Number.NEGATIVE_INFINITY
  for (const row of record.canonicalPrices) {
    if (row.periodStart < from) from = row.periodStart
    if (row.periodStart > to) to = row.periodStart
  }
  const periods = record.canonicalPeriods
  if (periods !== undefined) {
    from = Math.min(from, periods.from)
    to = Math.max(to, periods.through)
  }
  return from <= to ? { from, to } : undefined
}

/** {@link writePricingIn} in its own transaction. */
export function writePricing(
  db: Pick<ModelDb, 'transaction'>,
  record: PricingRecord,
): Promise<WritePricingResult> {
  return db.transaction((query, copy) => writePricingIn(query, copy, record))
}

/** A directly valued swap of a pool, as canonical prices read it (values are decimal strings). */
export type DirectlyValuedSwap = {
  id: string
  blockNumber: bigint
  blockTimestamp: bigint
  pool: string
  baseToken: string
  baseAmount: bigint
  valueUsd: string
  valueAvax: string
}

/**
 * The stored swaps of `pools` valued directly (DIRECT_AVAX or DIRECT_USD, in
 * both denominations) with a block time in `[fromTime, beforeTime)`: the
 * swaps of canonical prices' trailing windows. `throughBlock` keeps blocks up
 * to it; `exceptBlocks` leaves out blocks being priced again (their swaps come
 * from the caller).
 */
export async function readDirectlyValuedSwaps(
  db: Pick<ModelDb, 'query'>,
  parameters: {
    /** The token they price (their base token) and its pools. */
    token: string
    pools: readonly string[]
    fromTime: bigint
    beforeTime?: bigint | undefined
    throughBlock?: bigint | undefined
    exceptBlocks?: { from: bigint; to: bigint } | undefined
  },
): Promise<DirectlyValuedSwap[]> {
  if (parameters.pools.length === 0) return []
  const rows = await db.query<{
    id: string
    block_number: string
    block_time: string
    pool: string
    base_token: string
    base_amount: string
    usd: string
    avax: string
  }>(
    // The time range as block bounds (the first processed block at or after each time), so
    // that pool_swap's (pool, block_number) index bounds the scan: block times never decrease.
    `select s.id, s.block_number::text, extract(epoch from s.block_time)::bigint::text as block_time, s.pool,
       s.base_token, s.base_amount::text, u.value::text as usd, a.value::text as avax
     from pool_swap s
     join swap_valuation u on u.block_number = s.block_number and u.log_index = s.log_index
       and u.denomination = 'USD'
     join swap_valuation a on a.block_number = s.block_number and a.log_index = s.log_index
       and a.denomination = 'AVAX'
     where s.pool = any($1::text[]) and s.base_token = $7
       and s.block_number >= (select number from processed_block
         where timestamp >= (to_timestamp($2::double precision) at time zone 'UTC') order by timestamp, number limit 1)
       and ($3::double precision is null or s.block_number < coalesce((select number from processed_block
         where timestamp >= (to_timestamp($3::double precision) at time zone 'UTC') order by timestamp, number limit 1),
         9223372036854775807))
       and s.block_time >= (to_timestamp($2::double precision) at time zone 'UTC')
       and ($3::double precision is null or s.block_time < (to_timestamp($3::double precision) at time zone 'UTC'))
       and ($4::bigint is null or s.block_number <= $4)
       and ($5::bigint is null or s.block_number not between $5 and $6)
       and u.method in ('DIRECT_AVAX', 'DIRECT_USD') and a.method in ('DIRECT_AVAX', 'DIRECT_USD')
     order by s.block_number, s.log_index`,
    [
      parameters.pools,
      parameters.fromTime.toString(),
      parameters.beforeTime?.toString() ?? null,
      parameters.throughBlock?.toString() ?? null,
      parameters.exceptBlocks?.from.toString() ?? null,
      parameters.exceptBlocks?.to.toString() ?? null,
      parameters.token,
    ],
  )
  return rows.map((row) => ({
    id: row.id,
    blockNumber: BigInt(row.block_number),
    blockTimestamp: BigInt(row.block_time),
    pool: row.pool,
    baseToken: row.base_token,
    baseAmount: BigInt(row.base_amount),
    valueUsd: row.usd,
    valueAvax: row.avax,
  }))
}

type CanonicalSqlRow = {
  token: string
  period_seconds: number
  period_start: string
  price_usd: string | null
  price_avax: string | null
  carried_forward: boolean
  priced_period_start: string | null
  deviating_since: string | null
  reason: string | null
  volume_usd: string
  volume_avax: string
  base_volume: string
  swap_count: number
  window_swap_count: number
  kept_swap_count: number
  kept_volume_usd: string
  reference_price_usd: string | null
}

const CANONICAL_SELECT = `select token, period_seconds, extract(epoch from period_start)::bigint::text as period_start,
  price_usd::text, price_avax::text, carried_forward,
  extract(epoch from priced_period_start)::bigint::text as priced_period_start,
  extract(epoch from deviating_since)::bigint::text as deviating_since, reason, volume_usd::text,
  volume_avax::text, base_volume::text, swap_count, window_swap_count, kept_swap_count, kept_volume_usd::text,
  reference_price_usd::text from canonical_price`

/** Trailing zeros of NUMERIC(…, 30) text dropped (`'1.500…0'` → `'1.5'`); null (or a missing value) stays null. */
export function trimDecimal(text: string): string
export function trimDecimal(text: string | null | undefined): string | null
export function trimDecimal(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null
  if (!text.includes('.')) return text
  return text.replace(/0+$/, '').replace(/\.$/, '')
}

function toCanonicalRow(row: CanonicalSqlRow): CanonicalPriceRow {
  const time = (text: string | null) => (text === null ? null : Number(text))
  return {
    token: row.token,
    periodSeconds: row.period_seconds,
    periodStart: Number(row.period_start),
    priceUsd: trimDecimal(row.price_usd),
    priceAvax: trimDecimal(row.price_avax),
    carriedForward: row.carried_forward,
    pricedPeriodStart: time(row.priced_period_start),
    deviatingSince: time(row.deviating_since),
    reason: row.reason,
    volumeUsd: trimDecimal(row.volume_usd),
    volumeAvax: trimDecimal(row.volume_avax),
    baseVolume: BigInt(row.base_volume),
    swapCount: row.swap_count,
    windowSwapCount: row.window_swap_count,
    keptSwapCount: row.kept_swap_count,
    keptVolumeUsd: trimDecimal(row.kept_volume_usd),
    referencePriceUsd: trimDecimal(row.reference_price_usd),
  }
}

/** The latest canonical price row of `token` whose period starts before `before` (Unix seconds), if any. */
export async function readCanonicalPriceBefore(
  db: Pick<ModelDb, 'query'>,
  { token, periodSeconds, before }: { token: string; periodSeconds: number; before: number },
): Promise<CanonicalPriceRow | undefined> {
  const [row] = await db.query<CanonicalSqlRow>(
    `${CANONICAL_SELECT} where token = $1 and period_seconds = $2
       and period_start < to_timestamp($3::double precision) at time zone 'UTC'
     order by period_start desc limit 1`,
    [token, periodSeconds, String(before)],
  )
  return row === undefined ? undefined : toCanonicalRow(row)
}

/** `token`'s canonical prices with periods starting in `[from, to]` (Unix seconds), in time order. */
export async function listCanonicalPrices(
  db: Pick<ModelDb, 'query'>,
  { token, periodSeconds, from, to }: { token: string; periodSeconds: number; from: number; to: number },
): Promise<CanonicalPriceRow[]> {
  const rows = await db.query<CanonicalSqlRow>(
    `${CANONICAL_SELECT} where token = $1 and period_seconds = $2
       and period_start >= (to_timestamp($3::double precision) at time zone 'UTC')
       and period_start <= (to_timestamp($4::double precision) at time zone 'UTC')
     order by period_start`,
    [token, periodSeconds, String(from), String(to)],
  )
  return rows.map(toCanonicalRow)
}

/** A stored pool swap with the fields pricing reads. */
export type PricingSwapRow = Pick<
  PoolSwapRow,
  | 'id'
  | 'blockNumber'
  | 'blockTimestamp'
  | 'logIndex'
  | 'pool'
  | 'baseToken'
  | 'quoteToken'
  | 'baseAmount'
  | 'quoteAmount'
>

/** A stored trade with the fields pricing reads (its value sums its asset legs). */
export type PricingTradeRow = Pick<TradeRow, 'id' | 'blockNumber' | 'logIndex' | 'route' | 'assetLegs'>

/** Stored blocks with the swaps and trades pricing reads (to price them again). */
export type StoredPricingBlock = {
  header: BlockHeader
  poolSwaps: PricingSwapRow[]
  trades: PricingTradeRow[]
}

/**
 * The done blocks `from`..`to` that have pool swaps, with their swaps and
 * trades (in log order, only the fields pricing reads) — and the first and
 * last done block of the range even without swaps, so that the result spans
 * the range (canonical prices are computed through its last block): what
 * `idx pricing update` prices again. In block order.
 */
export async function readBlocksForPricing(
  db: Pick<ModelDb, 'query'>,
  { from, to }: { from: bigint; to: bigint },
): Promise<StoredPricingBlock[]> {
  const range = [from.toString(), to.toString()]
  // Ordered by the column, not by the text it is selected as: `order by number` would sort
  // "10" before "9".
  const headers = await db.query<HeaderRow>(
    `select ${HEADER} from processed_block p
     where p.number between $1 and $2 and p.status = 'done'
       and (p.swap_count > 0
         or p.number = (select min(number) from processed_block where number between $1 and $2 and status = 'done')
         or p.number = (select max(number) from processed_block where number between $1 and $2 and status = 'done'))
     order by p.number`,
    range,
  )
  const swaps = await db.query<{
    id: string
    block_number: string
    log_index: number
    pool: string
    base_token: string
    quote_token: string
    base_amount: string
    quote_amount: string
  }>(
    `select s.id, s.block_number::text, s.log_index, s.pool, s.base_token, s.quote_token, s.base_amount::text,
       s.quote_amount::text
     from pool_swap s where s.block_number between $1 and $2 order by s.block_number, s.log_index`,
    range,
  )
  const trades = await db.query<{
    id: string
    block_number: string
    log_index: number
    route: string
    asset_legs: string
  }>(
    `select t.id, t.block_number::text, t.log_index, array_to_string(t.route, ',') as route,
       array_to_string(t.asset_legs, ',') as asset_legs
     from trade t where t.block_number between $1 and $2 order by t.block_number, t.log_index`,
    range,
  )
  const blocks = new Map<string, StoredPricingBlock>()
  for (const row of headers) {
    const { status: _, ...header } = toHeader(row)
    blocks.set(row.number, { header, poolSwaps: [], trades: [] })
  }
  // Rows spelled out field by field (an object spread per row is many times slower in V8).
  for (const r of swaps) {
    const block = blocks.get(r.block_number)
    if (block === undefined) continue
    block.poolSwaps.push({
      id: r.id,
      blockNumber: block.header.number,
      blockTimestamp: block.header.timestamp,
      logIndex: r.log_index,
      pool: r.pool,
      baseToken: r.base_token,
      quoteToken: r.quote_token,
      baseAmount: BigInt(r.base_amount),
      quoteAmount: BigInt(r.quote_amount),
    })
  }
  for (const r of trades) {
    const block = blocks.get(r.block_number)
    if (block === undefined) continue
    block.trades.push({
      id: r.id,
      blockNumber: block.header.number,
      logIndex: r.log_index,
      route: r.route === '' ? [] : r.route.split(','),
      assetLegs: r.asset_legs === '' ? [] : r.asset_legs.split(','),
    })
  }
  return [...blocks.values()]
}

/** A feed's answer as the model database recorded it (an `AnswerUpdated` event). */
export type StoredFeedAnswer = { blockNumber: bigint; answer: bigint; roundId: bigint; updatedAt: bigint }

/**
 * The feed's last recorded answer before block `before` — but only when every
 * block from that answer's block to `before - 1` is processed (done), so that
 * no later answer can be missing: then it is the feed's answer as of
 * `before - 1`. `undefined` otherwise.
 */
export async function latestFeedAnswerBefore(
  db: Pick<ModelDb, 'query'>,
  { aggregator, before }: { aggregator: string; before: bigint },
): Promise<StoredFeedAnswer | undefined> {
  const [row] = await db.query<{
    block_number: string
    answer: string
    round_id: string
    answered_at: string
    done: string
  }>(
    `with answer as (
       select block_number, answer, round_id, answered_at from feed_answer
        where aggregator = $1 and block_number < $2 order by block_number desc, log_index desc limit 1)
     select a.block_number::text, a.answer::text, a.round_id::text,
       extract(epoch from a.answered_at)::bigint::text as answered_at,
       ${DONE_IN_RANGE_SQL.replaceAll('$1', 'a.block_number').replaceAll('$2', '($2::bigint - 1)')}::text as done
     from answer a`,
    [aggregator, before.toString()],
  )
  if (row === undefined) return undefined
  const from = BigInt(row.block_number)
  if (BigInt(row.done) !== before - from) return undefined
  return {
    blockNumber: from,
    answer: BigInt(row.answer),
    roundId: BigInt(row.round_id),
    updatedAt: BigInt(row.answered_at),
  }
}
