import type { ModelDb } from './client'

type Db = Pick<ModelDb, 'query'>

export type ListClPositionsParameters = {
  /** Only this owner's positions (any case). */
  owner?: string | undefined
  /** Only positions in this pool (any case). */
  pool?: string | undefined
  /** The positions as of the end of this block (default: every stored block). */
  asOfBlock?: bigint | undefined
}

/** A concentrated-liquidity position, derived from its stored events. */
export type ClPosition = {
  /** The position manager (the NFT contract). */
  manager: string
  tokenId: bigint
  /** The NFT's holder: the `to` of its last transfer. */
  owner: string
  pool: string
  tickLower: number
  tickUpper: number
  /** The sum of its liquidity increases and decreases (zero once emptied, until its NFT is burned). */
  liquidity: bigint
}
export type ListClPositionsReturnType = ClPosition[]

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/**
 * The concentrated-liquidity positions of tracked position managers, from
 * `cl_position_event`: each position's pool and tick range from its first
 * `increase`, its liquidity the sum of its increases and decreases, its owner
 * the receiver of its NFT's last transfer. Positions whose NFT was burned
 * (last transferred to the zero address) are gone; positions of untracked
 * pools (no increase stored) are not listed. Ordered by pool, then token id.
 *
 * @example
 * ```ts
 * const positions = await listClPositions(db, { owner: '0xa11ce…', asOfBlock: 62288120n })
 * // [{ manager: '0x…', tokenId: 7n, owner: '0xa11ce…', pool: '0x3fc4…', tickLower: -600, tickUpper: 600, liquidity: 10n ** 18n }]
 * ```
 */
export async function listClPositions(
  db: Db,
  { owner, pool, asOfBlock }: ListClPositionsParameters = {},
): Promise<ListClPositionsReturnType> {
  const rows = await db.query<{
    manager: string
    token_id: string
    owner: string
    pool: string
    tick_lower: number
    tick_upper: number
    liquidity: string
  }>(
    `with events as (
       select * from cl_position_event where $1::bigint is null or block_number <= $1::bigint
     ), opened as (
       select distinct on (manager, token_id) manager, token_id, pool, tick_lower, tick_upper
         from events where action = 'increase'
        order by manager, token_id, block_number, log_index
     ), owners as (
       select distinct on (manager, token_id) manager, token_id, to_address as owner
         from events where action = 'transfer'
        order by manager, token_id, block_number desc, log_index desc
     ), liquidity as (
       select manager, token_id, sum(liquidity_delta) as liquidity
         from events where action in ('increase', 'decrease') group by manager, token_id
     )
     select o.manager, o.token_id::text as token_id, w.owner, o.pool, o.tick_lower, o.tick_upper,
            coalesce(l.liquidity, 0)::text as liquidity
       from opened o
       join owners w on w.manager = o.manager and w.token_id = o.token_id
       left join liquidity l on l.manager = o.manager and l.token_id = o.token_id
      where w.owner <> $2 and ($3::text is null or w.owner = $3::text) and ($4::text is null or o.pool = $4::text)
      order by o.pool, o.token_id, o.manager`,
    [asOfBlock?.toString() ?? null, ZERO_ADDRESS, owner?.toLowerCase() ?? null, pool?.toLowerCase() ?? null],
  )
  return rows.map((row) => ({
    manager: row.manager,
    tokenId: BigInt(row.token_id),
    owner: row.owner,
    pool: row.pool,
    tickLower: Number(row.tick_lower),
    tickUpper: Number(row.tick_upper),
    liquidity: BigInt(row.liquidity),
  }))
}
