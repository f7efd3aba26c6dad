import {
  type DirectlyValuedSwap,
  type ModelDb,
  readCanonicalPriceBefore,
  readDirectlyValuedSwaps,
} from '@idx/model-db'
import {
  type CanonicalPrice,
  canonicalPriceAt,
  isPricingPoolAt,
  type ModelPricingSetup,
  periodOf,
  poolsOf,
  windowOpens,
} from '@idx/pricing'
import { asPreviousCanonicalPrice } from './valuationRows'

export type CanonicalPriceAtBlockReturnType = {
  /** The price as of the block (what a GLOBAL swap in it is valued at); undefined when the window is empty. */
  price: CanonicalPrice | undefined
  /** The directly valued swaps of the token's pricing pools in the trailing window, up to the block. */
  window: DirectlyValuedSwap[]
}

/**
 * A token's canonical price as of a block, read back from the model database
 * the way `priceBlocks` computes it for a GLOBAL swap: the trailing window's
 * directly valued pricing-pool swaps up to and including the block,
 * continuing the last stored price before the block's period.
 */
export async function canonicalPriceAtBlock(parameters: {
  setup: ModelPricingSetup
  db: Pick<ModelDb, 'query'>
  token: string
  block: bigint
  /** The block's time (Unix seconds). */
  time: bigint
}): Promise<CanonicalPriceAtBlockReturnType> {
  const { setup, db, token, block, time } = parameters
  const window = (
    await readDirectlyValuedSwaps(db, {
      token,
      pools: poolsOf(setup, token),
      fromTime: BigInt(windowOpens(setup, time)),
      throughBlock: block,
    })
  ).filter((swap) => isPricingPoolAt(setup, swap.pool, swap.blockNumber))
  const { periodSeconds } = setup.canonical
  const previous = await readCanonicalPriceBefore(db, {
    token,
    periodSeconds,
    before: periodOf(time, periodSeconds),
  })
  const decimals = setup.tokens.get(token)?.decimals ?? 18
  const price = canonicalPriceAt({
    setup,
    token,
    window: window.map((swap) => ({ ...swap, token, baseDecimals: decimals })),
    previous: previous && asPreviousCanonicalPrice(previous),
    time,
  })
  return { price, window }
}
