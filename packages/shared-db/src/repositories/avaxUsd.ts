import { BaseError } from '@idx/config'
import type { SharedDb, SharedDbClient } from '../client'

/**
 * The AVAX/USD feed's answer as of one block, as the shared database stores
 * it. A row exists only for an answer that was actually read (never a
 * placeholder for a failed read).
 */
export type AvaxUsdPriceRow = {
  chainId: number
  blockNumber: bigint
  /** The aggregator's raw answer. */
  answer: bigint
  /** The feed's decimals (`price = answer / 10^decimals`). */
  decimals: number
  roundId: bigint
  /** When the feed last updated the answer (Unix seconds). */
  answeredAt: bigint
  /** The block's time (Unix seconds). */
  blockTime: bigint
  /** True when the answer was older than the feed's heartbeat at this block. */
  stale: boolean
}

/** A stored row read back: `price` is the exact decimal `answer / 10^decimals`, as a string. */
export type StoredAvaxUsdPrice = Omit<AvaxUsdPriceRow, 'decimals'> & { price: string }

type Row = {
  block_number: string
  answer: string
  price: string
  round_id: string
  answered_at: string
  block_time: string
  stale: boolean
}

const SELECT = `select block_number::text, answer::text, price::text, round_id::text,
  extract(epoch from answered_at)::bigint::text as answered_at,
  extract(epoch from block_time)::bigint::text as block_time, stale
  from avax_usd_price`

function toStored(chainId: number, row: Row): StoredAvaxUsdPrice {
  return {
    chainId,
    blockNumber: BigInt(row.block_number),
    answer: BigInt(row.answer),
    price: row.price.includes('.') ? row.price.replace(/\.?0+$/, '') : row.price,
    roundId: BigInt(row.round_id),
    answeredAt: BigInt(row.answered_at),
    blockTime: BigInt(row.block_time),
    stale: row.stale,
  }
}

/**
 * The stored AVAX/USD prices of some blocks, by block number (blocks with no
 * stored price are absent).
 */
export async function findAvaxUsdPrices(
  db: Pick<SharedDb, 'query'>,
  { chainId, blocks }: { chainId: number; blocks: readonly bigint[] },
): Promise<Map<bigint, StoredAvaxUsdPrice>> {
  const found = new Map<bigint, StoredAvaxUsdPrice>()
  if (blocks.length === 0) return found
  const rows = await db.query<Row>(`${SELECT} where chain_id = $1 and block_number = any($2::bigint[])`, [
    chainId,
    blocks.map(String),
  ])
  for (const row of rows) {
    const stored = toStored(chainId, row)
    found.set(stored.blockNumber, stored)
  }
  return found
}

/** The stored AVAX/USD prices of blocks `from`..`to`, in block order. */
export async function listAvaxUsdPrices(
  db: Pick<SharedDb, 'query'>,
  { chainId, from, to }: { chainId: number; from: bigint; to: bigint },
): Promise<StoredAvaxUsdPrice[]> {
  const rows = await db.query<Row>(
    `${SELECT} where chain_id = $1 and block_number between $2 and $3 order by avax_usd_price.block_number`,
    [chainId, from.toString(), to.toString()],
  )
  return rows.map((row) => toStored(chainId, row))
}

/**
 * Stores AVAX/USD prices (one statement; a block stored again takes the new
 * read). `price` is computed by the database from the answer and the
 * decimals, exactly.
 */
export async function storeAvaxUsdPrices(
  db: Pick<SharedDb, 'query'>,
  rows: readonly AvaxUsdPriceRow[],
): Promise<void> {
  if (rows.length === 0) return
  const column = <T>(pick: (row: AvaxUsdPriceRow) => T) => rows.map(pick)
  await db.query(
    `insert into avax_usd_price (chain_id, block_number, answer, price, round_id, answered_at, block_time, stale)
     select c, b, a, a / power(10::numeric, d), r,
       to_timestamp(t::double precision) at time zone 'UTC', to_timestamp(bt::double precision) at time zone 'UTC', s
     from unnest($1::int[], $2::bigint[], $3::numeric[], $4::int[], $5::numeric[], $6::bigint[], $7::bigint[], $8::bool[])
       as u(c, b, a, d, r, t, bt, s)
     on conflict (chain_id, block_number) do update set answer = excluded.answer, price = excluded.price,
       round_id = excluded.round_id, answered_at = excluded.answered_at, block_time = excluded.block_time,
       stale = excluded.stale`,
    [
      column((r) => r.chainId),
      column((r) => r.blockNumber.toString()),
      column((r) => r.answer.toString()),
      column((r) => r.decimals),
      column((r) => r.roundId.toString()),
      column((r) => r.answeredAt.toString()),
      column((r) => r.blockTime.toString()),
      column((r) => r.stale),
    ],
  )
}

/**
 * Removes the stored AVAX/USD prices of blocks `from` on: a reorg orphaned
 * those blocks, and the new blocks of the same numbers may have another
 * answer. Returns how many rows.
 */
export async function deleteAvaxUsdPricesFrom(
  db: Pick<SharedDb, 'query'>,
  { chainId, from }: { chainId: number; from: bigint },
): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `with gone as (delete from avax_usd_price where chain_id = $1 and block_number >= $2 returning 1)
     select count(*)::int as n from gone`,
    [chainId, from.toString()],
  )
  return rows[0]?.n ?? 0
}

/** The chain and its AVAX/USD feed (`price_feeds.avax_usd` of the shared file). */
export type AvaxUsdFeed = {
  chainId: number
  feed: { address: string; decimals: number; heartbeatSeconds: number } | undefined
}

/** The shared database's chain and AVAX/USD feed (`feed` undefined when the shared file names none). */
export async function findAvaxUsdFeed(client: SharedDbClient): Promise<AvaxUsdFeed> {
  const chain = await client.chain.findFirst({ select: { id: true } })
  if (chain === null)
    throw new BaseError('The shared database holds no chain yet.', {
      details: ['Import the shared file first: idx config import-shared FILE.'],
    })
  const feed = await client.priceFeed.findUnique({ where: { name: 'avax_usd' } })
  return {
    chainId: chain.id,
    feed:
      feed === null
        ? undefined
        : {
            address: feed.address.toLowerCase(),
            decimals: feed.decimals,
            heartbeatSeconds: feed.heartbeatSeconds,
          },
  }
}
