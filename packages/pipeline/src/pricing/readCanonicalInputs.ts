import {
  type CanonicalPeriods,
  type CanonicalPriceRow,
  type DirectlyValuedSwap,
  type ModelDb,
  previousDoneHeader,
  readCanonicalPriceBefore,
  readDirectlyValuedSwaps,
} from '@idx/model-db'
import { type ModelPricingSetup, periodOf, poolsOf, windowOpens } from '@idx/pricing'
import type { PendingPricing } from './pendingPricing'

type Header = { number: bigint; timestamp: bigint }

/**
 * The periods whose canonical prices pricing the blocks `first`..`last`
 * computes whole, for every token: those after the last done block before
 * `first` (its period and earlier ones are its own) — from the first block's
 * period when they share it — through the last block's. Periods between the
 * two blocks hold no block: their rows (trailing windows of earlier swaps) are
 * written with these blocks. So the stored rows are the same whatever the
 * batches, and a row left by an earlier computation is replaced.
 */
export async function readCanonicalPeriods(
  db: Pick<ModelDb, 'query'>,
  periodSeconds: number,
  first: Header,
  last: Header,
): Promise<CanonicalPeriods> {
  const before = await previousDoneHeader(db, first.number)
  const firstPeriod = periodOf(first.timestamp, periodSeconds)
  const from =
    before === undefined
      ? firstPeriod
      : Math.min(firstPeriod, periodOf(before.timestamp, periodSeconds) + periodSeconds)
  return { periodSeconds, from, through: periodOf(last.timestamp, periodSeconds) }
}

export type ReadCanonicalInputsParameters = {
  db: Pick<ModelDb, 'query'>
  setup: ModelPricingSetup
  token: string
  /** The periods being computed (`readCanonicalPeriods`). */
  periods: CanonicalPeriods
  /** The first and last of the blocks being priced. */
  first: Header
  last: Header
  /** The pricing of the blocks just before, being written (read as if it had been). */
  pending: PendingPricing | undefined
}

export type ReadCanonicalInputsReturnType = {
  /** The token's last canonical price before `periods.from`. */
  previous: CanonicalPriceRow | undefined
  /** The token's directly valued swaps outside the blocks being priced, in the windows they touch, in block order. */
  earlier: DirectlyValuedSwap[]
}

/**
 * What a token's canonical prices for the blocks being priced continue from:
 * its last price before their periods and the earlier swaps of their trailing
 * windows — from the model database, or from the pending write of the blocks
 * just before (which replaces the stored rows of its range and periods).
 */
export async function readCanonicalInputs({
  db,
  setup,
  token,
  periods,
  first,
  last,
  pending,
}: ReadCanonicalInputsParameters): Promise<ReadCanonicalInputsReturnType> {
  const { periodSeconds, from } = periods
  const pendingPeriods =
    pending?.canonicalPeriods?.periodSeconds === periodSeconds && pending.canonicalPeriods.from <= from
      ? pending.canonicalPeriods
      : undefined
  const pools = poolsOf(setup, token)
  // The last price before `from`. A pending write replaces the stored rows of its periods:
  // its own rows count, and stored ones only before its periods.
  let previous: CanonicalPriceRow | undefined
  if (pendingPeriods !== undefined)
    for (const row of pending!.canonicalPrices)
      if (
        row.token === token &&
        row.periodSeconds === periodSeconds &&
        row.periodStart < from &&
        (previous === undefined || row.periodStart > previous.periodStart)
      )
        previous = row
  previous ??= await readCanonicalPriceBefore(db, {
    token,
    periodSeconds,
    before: pendingPeriods?.from ?? from,
  })
  const windowStart = BigInt(windowOpens(setup, BigInt(from)))
  // Every stored swap of the windows and periods these blocks touch, except these blocks' own
  // (being priced now): re-pricing a block in the middle keeps its period's later swaps.
  // A pending write's blocks are read from it, not from the database.
  const beforeTime = BigInt(periodOf(last.timestamp, periodSeconds) + periodSeconds)
  const earlier = await readDirectlyValuedSwaps(db, {
    token,
    pools,
    fromTime: windowStart,
    beforeTime,
    exceptBlocks: { from: pending?.from ?? first.number, to: last.number },
  })
  const later = earlier.findIndex((swap) => swap.blockNumber > last.number)
  if (pending !== undefined)
    earlier.splice(
      later < 0 ? earlier.length : later,
      0,
      ...pending.swaps.filter(
        (swap) =>
          swap.baseToken === token &&
          pools.includes(swap.pool) &&
          swap.blockTimestamp >= windowStart &&
          swap.blockTimestamp < beforeTime,
      ),
    )
  return { previous, earlier }
}
