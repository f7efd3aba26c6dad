import type { ModelDb } from '../client'

type Db = Pick<ModelDb, 'query'>

/** The configuration generation block `number` was processed with (`undefined`: not processed, or before generations). */
export async function readBlockGeneration(db: Db, number: bigint): Promise<number | undefined> {
  const [row] = await db.query<{ generation: number | null }>(
    'select generation from processed_block where number = $1',
    [number.toString()],
  )
  return row?.generation ?? undefined
}

/** One stored valuation of a swap, as `idx pricing explain` lists it. */
export type SwapValuationAt = {
  id: string
  denomination: string
  method: string
  value: string | null
  price: string | null
  reason: string | null
  tier: string | null
  configId: number | null
}

/** The valuations of `pool`'s swaps in block `block`, by log index then denomination. */
export async function listSwapValuationsAt(
  db: Db,
  parameters: { pool: string; block: bigint },
): Promise<SwapValuationAt[]> {
  return db.query<SwapValuationAt>(
    `select s.id, v.denomination::text, v.method::text, v.value::text, v.price::text, v.reason,
            v.tier::text as tier, v.config_id as "configId"
       from pool_swap s join swap_valuation v on v.block_number = s.block_number and v.log_index = s.log_index
      where s.pool = $1 and s.block_number = $2 order by s.log_index, v.denomination`,
    [parameters.pool, parameters.block.toString()],
  )
}
