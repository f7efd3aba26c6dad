import type { ModelDb } from '@idx/model-db'
import type { IndexerModel } from './loadIndexerModel'
import { type UpdatePricingProgress, updatePricing } from './updatePricing'

export type RepriceAfterRangeParameters = {
  model: Pick<IndexerModel, 'pricing' | 'trackedContracts'>
  db: Pick<ModelDb, 'query' | 'transaction'>
  /** The range the run processed. */
  from: bigint
  to: bigint
  /** Claim loops the run had in this process. */
  workers: number
  /** What the run's workers are called (`<host>:<pid>:`): jobs of other workers start otherwise. */
  workerPrefix: string
  /** The database's clock (`localtimestamp`) when the run started, as text. */
  startedAt: string
}

/**
 * Prices a processed range again, in block order, when its blocks were not
 * committed in block order — so that its valuations and canonical prices are
 * the ones processing it block by block gives. A batch is priced from the
 * blocks committed before it, so a batch committed before an earlier block
 * (of another worker, another process, or a range processed later) was
 * priced without that block's swaps, and so was everything after it.
 *
 * Nothing is done while another worker still holds or waits on a job of the
 * range (the last one to finish does it). Otherwise the range is priced
 * again from `from` through the last done block of the model when this run
 * had several workers, when other processes finished jobs of the range while
 * it ran, or when blocks done before it started lie after one it wrote (done,
 * or failed: a block that failed now took its swaps away from them).
 *
 * @returns what `updatePricing` did, or `undefined` when the blocks were in order.
 */
export async function repriceAfterRange(
  parameters: RepriceAfterRangeParameters,
): Promise<UpdatePricingProgress | undefined> {
  const { db, from, to, workerPrefix, startedAt } = parameters
  const [state] = await db.query<{
    busy: boolean
    shared: boolean
    unordered: boolean
    last: string | null
  }>(
    `select
       exists(select 1 from block_job where from_block <= $2 and to_block >= $1
         and status in ('pending', 'running') and not starts_with(coalesce(worker, ''), $3)) as busy,
       exists(select 1 from block_job where from_block <= $2 and to_block >= $1
         and status = 'done' and finished_at >= $4::timestamp and not starts_with(worker, $3)) as shared,
       exists(select 1 from processed_block where status = 'done' and processed_at < $4::timestamp
         and number > (select min(number) from processed_block where processed_at >= $4::timestamp)) as unordered,
       (select max(number) from processed_block where status = 'done')::text as last`,
    [from.toString(), to.toString(), workerPrefix, startedAt],
  )
  if (state === undefined || state.busy || state.last === null) return undefined
  if (parameters.workers <= 1 && !state.shared && !state.unordered) return undefined
  return updatePricing({ model: parameters.model, db, from, to: BigInt(state.last) })
}
