import type { ModelDb } from '../client'

// What `idx db inspect` shows of a model database's blocks, swaps and trades.
// Read through any query function, so that a database of an older idx (a
// migration behind) can be inspected too: the caller says which tables it has.

type Db = Pick<ModelDb, 'query'>

/** A swap's valuation in one denomination, as `idx db inspect` shows it. */
export type InspectedValuation = { method: string; value: string | null; reason: string | null }

/** The processed blocks of a model database and what they hold, at a glance. */
export type BlocksInspection = {
  first: string | null
  last: string | null
  done: number
  failed: number
  /** The first ten failed blocks. */
  failedBlocks: { number: string; error: string | null }[]
  latestSwap: {
    id: string
    blockNumber: string
    pool: string
    direction: string
    baseAmount: string
    quoteAmount: string
    /** Its valuation in each denomination (null when it has none: processed before pricing existed). */
    usd: InspectedValuation | null
    avax: InspectedValuation | null
  } | null
  /** The trades by type and router; `null` while the database lacks the migration that types them. */
  trades: TradesInspection | null
}

/** The trades: how many of each type and direction, and through which router (`null`: none labelled). */
export type TradesInspection = {
  byType: { type: string; direction: string | null; trades: number }[]
  byRouter: { router: string | null; label: string | null; trades: number; wallets: number }[]
  /** Trades of a wallet other than the transaction's sender (an aggregator's orders for several wallets). */
  forOtherWallets: number
}

/**
 * The processed block range and counts, the first failed blocks, the latest
 * swap with its valuations (when the database has `swap_valuation`), and the
 * trades by type and router (when `trade` has its `trade_type` column).
 */
export async function inspectBlocks(db: Db, tables: { priced: boolean }): Promise<BlocksInspection> {
  const [range] = await db.query<{ first: string | null; last: string | null; done: number; failed: number }>(
    `select min(number)::text as first, max(number)::text as last,
            count(*) filter (where status = 'done')::int as done,
            count(*) filter (where status = 'failed')::int as failed
       from processed_block`,
  )
  const failedBlocks = await db.query<{ number: string; error: string | null }>(
    `select number::text as number, error from processed_block where status = 'failed' order by processed_block.number limit 10`,
  )
  const valuation = (denomination: 'USD' | 'AVAX') =>
    tables.priced
      ? `(select json_build_object('method', v.method::text, 'value', v.value::text, 'reason', v.reason)
            from swap_valuation v
           where v.block_number = s.block_number and v.log_index = s.log_index and v.denomination = '${denomination}')`
      : 'null::json'
  const [latestSwap] = await db.query<NonNullable<BlocksInspection['latestSwap']>>(
    `select id, block_number::text as "blockNumber", pool, direction::text as direction,
            base_amount::text as "baseAmount", quote_amount::text as "quoteAmount",
            ${valuation('USD')} as usd, ${valuation('AVAX')} as avax
       from pool_swap s order by s.block_number desc, s.log_index desc limit 1`,
  )
  const typed = await db.query(
    `select 1 from information_schema.columns where table_name = 'trade' and column_name = 'trade_type'`,
  )
  return {
    first: range?.first ?? null,
    last: range?.last ?? null,
    done: range?.done ?? 0,
    failed: range?.failed ?? 0,
    failedBlocks,
    latestSwap: latestSwap ?? null,
    trades: typed.length > 0 ? await inspectTrades(db) : null,
  }
}

/** Trades by type and direction, and by router (columns of the trade_net_flows migration). */
async function inspectTrades(db: Db): Promise<TradesInspection> {
  const byType = await db.query<{ type: string; direction: string | null; trades: number }>(
    `select trade_type::text as type, direction::text as direction, count(*)::int as trades
       from trade group by 1, 2 order by 1 desc, 2`,
  )
  const byRouter = await db.query<{
    router: string | null
    label: string | null
    trades: number
    wallets: number
  }>(
    `select router, router_label as label, count(*)::int as trades, count(distinct wallet)::int as wallets
       from trade group by 1, 2 order by 3 desc, 1 nulls last`,
  )
  const [others] = await db.query<{ n: number }>('select count(*)::int as n from trade where wallet <> taker')
  return { byType, byRouter, forOtherWallets: others?.n ?? 0 }
}
