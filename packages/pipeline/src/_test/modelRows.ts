// Test-only: the rows of a model database, read as text in a stable order,
// in the shape `readChainEvents` computes; and whole-table dumps.

import type { ModelDb } from '@idx/model-db'

type Db = Pick<ModelDb, 'query'>

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`
const EVENT = `id, block_number::text, to_char(block_time, ${ISO}) as block_time, transaction_hash, log_index`

const sortById = <T extends { id: unknown }>(rows: T[]) =>
  rows.sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0))

/** The stored events of the kinds `readChainEvents` derives, as text, sorted by id. */
export async function readModelRows(db: Db) {
  const q = async (sql: string) => sortById(await db.query<Record<string, unknown> & { id: string }>(sql))
  return {
    blocks: await db.query<Record<string, unknown>>(
      `select number::text, hash, parent_hash, status::text as status from processed_block order by processed_block.number`,
    ),
    /** The processed ranges (every block of each is done), in block order. */
    ranges: await db.query<{ from: string; to: string }>(
      'select from_block::text as from, to_block::text as to from processed_range order by from_block',
    ),
    transactions: (
      await db.query<Record<string, unknown> & { hash: string }>(
        `select hash, block_number::text, index, from_address, to_address, log_count from processed_transaction`,
      )
    ).sort((a, b) => (a.hash < b.hash ? -1 : 1)),
    transfers: await q(
      `select ${EVENT}, token, from_address, to_address, amount::text, cause::text as cause from transfer`,
    ),
    poolSwaps: await q(
      `select ${EVENT}, pool, taker, sender, recipient, direction::text as direction, base_token, quote_token,
              base_amount::text, quote_amount::text from pool_swap`,
    ),
    liquidity: await q(
      `select ${EVENT}, action::text as action, pool, provider, sender, recipient, base_token, quote_token,
              base_amount::text, quote_amount::text from liquidity_event`,
    ),
    positions: await q(
      `select ${EVENT}, pool, holder, amount::text, cause::text as cause, counterparty from position`,
    ),
    feedAnswers: await q(
      `select ${EVENT}, aggregator, answer::text, round_id::text, to_char(answered_at, ${ISO}) as answered_at from feed_answer`,
    ),
  }
}

/** Tables holding what was indexed, and the columns that legitimately differ between two runs. */
const TABLES: Record<string, string[]> = {
  processed_block: ['processed_at', 'attempts'],
  // The hash at a range's end is kept where the path knew it (a follower knows every header, a
  // backfill only those of blocks with logs): metadata, like processed_at.
  processed_range: ['processed_at', 'to_hash'],
  processed_transaction: [],
  transfer: [],
  pool_swap: [],
  trade: [],
  liquidity_event: [],
  position: [],
  feed_answer: [],
  fee_collection: [],
  cl_position_event: [],
  undecodable_log: [],
  swap_valuation: [],
  trade_valuation: [],
  canonical_price: ['updated_at'],
  token_period_stat: [],
  pool_period_stat: [],
  router_period_stat: [],
}

/**
 * Every row of every table the pipeline writes, as JSON text, in primary-key
 * order. `volatile: false` leaves out `processed_block.processed_at` and
 * `attempts` (which a re-run changes by design) and `processed_range.to_hash`; jobs are never included;
 * `except` leaves out whole tables.
 */
export async function dumpModelDb(
  db: Db,
  options: { volatile?: boolean; except?: readonly string[] } = {},
): Promise<string> {
  const out: Record<string, unknown[]> = {}
  for (const [table, volatile] of Object.entries(TABLES)) {
    if (options.except?.includes(table)) continue
    const [key] = await db.query<{ columns: string }>(
      `select string_agg(quote_ident(a.attname), ', ' order by k.n) as columns
         from pg_index i cross join lateral unnest(i.indkey) with ordinality k(attnum, n)
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = $1::regclass and i.indisprimary`,
      [table],
    )
    if (key?.columns == null) throw new Error(`Table "${table}" has no primary key to order its dump by.`)
    const rows = await db.query<Record<string, unknown>>(`select * from "${table}" order by ${key.columns}`)
    out[table] = rows.map((row) => {
      if (options.volatile) return row
      const copy = { ...row }
      for (const column of volatile) delete copy[column]
      return copy
    })
  }
  return JSON.stringify(
    out,
    (_key, value) =>
      typeof value === 'bigint' ? `${value}n` : value instanceof Date ? value.toISOString() : value,
    1,
  )
}

/** How many rows each table holds. */
export async function countModelRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of Object.keys(TABLES)) {
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from "${table}"`)
    out[table] = row?.n ?? 0
  }
  return out
}

/**
 * Every valuation and canonical price, as text rows in key order (without
 * `canonical_price.updated_at`, the one column a recomputation changes by
 * design): what every path of processing and pricing must leave the same.
 */
export async function readPricingRows(db: Db) {
  const rows = (sql: string) => db.query<Record<string, unknown>>(sql)
  return {
    swapValuations: await rows(
      `select block_number::text, log_index, denomination::text as denomination, method::text as method,
              value::text, price::text, tier::text as tier, config_id, contract_id, avax_usd::text,
              avax_usd_block::text, stale, extract(epoch from canonical_period_start)::bigint::text as canonical_period_start,
              error_code, reason
         from swap_valuation v order by v.block_number, v.log_index, v.denomination`,
    ),
    tradeValuations: await rows(
      `select block_number::text, log_index, denomination::text as denomination, method::text as method,
              value::text, stale, error_code, reason
         from trade_valuation v order by v.block_number, v.log_index, v.denomination`,
    ),
    canonicalPrices: await rows(
      `select token, period_seconds, extract(epoch from period_start)::bigint::text as period_start, price_usd::text,
              price_avax::text, carried_forward, extract(epoch from priced_period_start)::bigint::text as priced_period_start,
              extract(epoch from deviating_since)::bigint::text as deviating_since, reason, volume_usd::text,
              volume_avax::text, base_volume::text, swap_count, window_swap_count, kept_swap_count,
              kept_volume_usd::text, reference_price_usd::text
         from canonical_price c order by c.token, c.period_seconds, c.period_start`,
    ),
    ...(await readPeriodStatRows(db)),
  }
}

/** Empties a model database of everything processing and pricing wrote (blocks, rows, valuations, canonical prices, jobs). */
export async function emptyModelDb(db: Db): Promise<void> {
  await db.query(
    'truncate processed_block, processed_range, block_job, swap_valuation, trade_valuation, canonical_price, token_period_stat, pool_period_stat, router_period_stat cascade',
  )
}

/** Every period aggregate, as text rows in key order. */
export async function readPeriodStatRows(db: Db) {
  const rows = (sql: string) => db.query<Record<string, unknown>>(sql)
  return {
    tokenPeriodStats: await rows(
      `select token, period_seconds, extract(epoch from period_start)::bigint::text as period_start, open_usd::text,
              high_usd::text, low_usd::text, close_usd::text, open_avax::text, high_avax::text, low_avax::text,
              close_avax::text, base_volume::text, volume_usd::text, volume_avax::text, buy_base_volume::text,
              buy_volume_usd::text, buy_volume_avax::text, sell_base_volume::text, sell_volume_usd::text,
              sell_volume_avax::text, trade_count, buy_count, sell_count, unvalued_count, taker_count
         from token_period_stat s order by s.token, s.period_seconds, s.period_start`,
    ),
    poolPeriodStats: await rows(
      `select pool, period_seconds, extract(epoch from period_start)::bigint::text as period_start, base_token,
              quote_token, base_volume::text, quote_volume::text, volume_usd::text, volume_avax::text, buy_count,
              sell_count, swap_count, unvalued_count, direct_avax_count, direct_avax_volume_usd::text,
              direct_usd_count, direct_usd_volume_usd::text, global_count, global_volume_usd::text
         from pool_period_stat s order by s.pool, s.period_seconds, s.period_start`,
    ),
    routerPeriodStats: await rows(
      `select router, trade_type::text as trade_type, period_seconds,
              extract(epoch from period_start)::bigint::text as period_start, router_label, trade_count,
              volume_usd::text, volume_avax::text
         from router_period_stat s order by s.router, s.trade_type, s.period_seconds, s.period_start`,
    ),
  }
}
